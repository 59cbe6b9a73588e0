import LogHuntCore

/// Writes JSON text incrementally, compact or indented, and can splice in JSON that is already
/// serialised (a raw record's own bytes) without decoding it. Every string goes through
/// `JSONEncoding.appendQuoted`, so no control character reaches the output unescaped.
package struct JSONTextWriter: Sendable {
    /// The text written so far.
    package private(set) var bytes: [UInt8] = []
    private let indent: Int?
    /// One entry per open container: true while it has no element yet.
    private var open: [Bool] = []
    private var afterKey = false

    /// Creates a writer.
    /// - Parameter indent: spaces per level for pretty output; nil for compact output on one line.
    package init(indent: Int? = nil) { self.indent = indent }

    /// Opens an object (as a value: after a key, in an array, or at the top).
    package mutating func beginObject() {
        prepareValue()
        bytes.append(0x7B)
        open.append(true)
    }

    /// Closes the innermost object.
    package mutating func endObject() { close(0x7D) }

    /// Opens an array.
    package mutating func beginArray() {
        prepareValue()
        bytes.append(0x5B)
        open.append(true)
    }

    /// Closes the innermost array.
    package mutating func endArray() { close(0x5D) }

    /// Writes an object key; the next call writes its value.
    /// - Parameter key: the key.
    package mutating func key(_ key: String) {
        separate()
        JSONEncoding.appendQuoted(key, to: &bytes)
        bytes.append(0x3A)
        if indent != nil { bytes.append(0x20) }
        afterKey = true
    }

    /// Writes a value (recursively, honouring the indentation).
    /// - Parameter value: the value.
    package mutating func value(_ value: JSONValue) {
        switch value {
        case .array(let items):
            beginArray()
            for item in items { self.value(item) }
            endArray()
        case .object(let members):
            beginObject()
            for m in members { member(m.key, m.value) }
            endObject()
        default:
            prepareValue()
            value.write(into: &bytes)
        }
    }

    /// Writes `key` and `value`.
    package mutating func member(_ key: String, _ value: JSONValue) {
        self.key(key)
        self.value(value)
    }

    /// Writes `key` and a string value.
    package mutating func member(_ key: String, _ value: String) { member(key, .string(value)) }

    /// Writes `key` and an integer value.
    package mutating func member(_ key: String, _ value: Int) { member(key, .int(value)) }

    /// Splices in a value that is already valid, compact JSON text (on one line).
    /// - Parameter json: the serialised value; the caller guarantees it is valid JSON without
    ///   raw control characters.
    package mutating func verbatim(_ json: some Collection<UInt8>) {
        prepareValue()
        bytes.append(contentsOf: json)
    }

    /// Appends a raw byte outside of any JSON structure (a newline between JSON Lines records).
    package mutating func appendRaw(_ byte: UInt8) { bytes.append(byte) }

    /// Takes the bytes written so far and starts over.
    package mutating func take() -> [UInt8] {
        defer { bytes = []; open = []; afterKey = false }
        return bytes
    }

    private mutating func prepareValue() {
        if afterKey {
            afterKey = false
            return
        }
        separate()
    }

    private mutating func separate() {
        guard let last = open.indices.last else { return }
        if open[last] {
            open[last] = false
        } else {
            bytes.append(0x2C)
        }
        newline(depth: open.count)
    }

    private mutating func close(_ byte: UInt8) {
        guard let wasEmpty = open.popLast() else { return }
        if !wasEmpty { newline(depth: open.count) }
        bytes.append(byte)
    }

    private mutating func newline(depth: Int) {
        guard let indent else { return }
        bytes.append(0x0A)
        bytes.append(contentsOf: repeatElement(0x20, count: indent * depth))
    }
}
