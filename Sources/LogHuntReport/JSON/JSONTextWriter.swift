import LogHuntCore

/// Writes JSON text incrementally, compact or indented, and can splice in JSON that is already
/// serialised (a raw record's own bytes) without decoding it. Strings are quoted by
/// `appendQuoted(_:to:)`: besides what JSON requires, every C1 control and every character
/// `TerminalText` treats as dangerous (bidi overrides, zero-width characters) is written as a
/// `\u` escape, so `cat`-ing the output to a terminal is as safe as the table.
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
        Self.appendQuoted(key, to: &bytes)
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
        case .string(let text):
            prepareValue()
            Self.appendQuoted(text, to: &bytes)
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
        defer {
            bytes = []
            open = []
            afterKey = false
        }
        return bytes
    }

    /// Appends `s` as a JSON string literal with every control, bidi and invisible character
    /// (`TerminalText.needsEscape`) written as `\uXXXX` (surrogate pairs above U+FFFF).
    package static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case let v where TerminalText.needsEscape(scalar):
                if v > 0xFFFF {
                    let u = v - 0x10000
                    appendEscape(0xD800 + (u >> 10), to: &out)
                    appendEscape(0xDC00 + (u & 0x3FF), to: &out)
                } else {
                    appendEscape(v, to: &out)
                }
            case let v: appendUTF8(v, to: &out)
            }
        }
        out.append(0x22)
    }

    private static func appendEscape(_ v: UInt32, to out: inout [UInt8]) {
        let digits = Array("0123456789abcdef".utf8)
        out.append(contentsOf: [0x5C, 0x75])
        for shift in stride(from: 12, through: 0, by: -4) { out.append(digits[Int((v >> UInt32(shift)) & 0xF)]) }
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
