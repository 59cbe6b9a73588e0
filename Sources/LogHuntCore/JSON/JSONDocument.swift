/// The kind of a JSON node on a tape.
package enum JSONKind: UInt8, Sendable, Hashable {
    case null
    case `false`
    case `true`
    case number
    case string
    case array
    case object

    /// Equality of the raw bytes. Without it `==` resolves to the standard library's generic
    /// `RawRepresentable` operator, which other modules called unspecialised (a protocol
    /// witness call per comparison, ten per record in the mappings alone).
    @inlinable
    package static func == (a: JSONKind, b: JSONKind) -> Bool { a.rawValue == b.rawValue }

    /// Inequality of the raw bytes (the generic `RawRepresentable` `!=` otherwise).
    @inlinable
    package static func != (a: JSONKind, b: JSONKind) -> Bool { a.rawValue != b.rawValue }

    /// Whether the cases are numbered 0 (null) to 6 (object) in this order, as the C parser
    /// writes them.
    package static let allKindsInOrder: Bool = {
        let kinds: [JSONKind] = [.null, .false, .true, .number, .string, .array, .object]
        return kinds.enumerated().allSatisfy { i, kind in
            withUnsafeBytes(of: kind) { $0.count == 1 && $0[0] == UInt8(i) } && kind.rawValue == UInt8(i)
        }
    }()
}

/// One node of a parsed JSON document, in pre-order. Containers know where their subtree ends,
/// so lookups skip whole subtrees without looking inside them.
package struct JSONNode: Sendable, Hashable {
    /// What the node is.
    package var kind: JSONKind
    /// For strings: the text contains backslash escapes and must be decoded before use.
    package var escaped: Bool
    /// Strings: first byte after the opening quote. Other kinds: first byte of the value.
    package var start: UInt32
    /// Strings: index of the closing quote. Other kinds: one past the last byte.
    package var end: UInt32
    /// Index of the first node after this node's subtree.
    package var next: UInt32
    /// Containers: number of elements (arrays) or members (objects). Scalars: 0.
    package var count: UInt32

    /// Creates a node.
    @inlinable package init(
        kind: JSONKind, escaped: Bool = false, start: UInt32, end: UInt32, next: UInt32, count: UInt32 = 0
    ) {
        self.kind = kind
        self.escaped = escaped
        self.start = start
        self.end = end
        self.next = next
        self.count = count
    }
}

/// A parsed JSON record: its UTF-8 bytes plus a tape of nodes pointing into them.
///
/// Nothing is decoded until asked for: a string is turned into a `String` only when a rule
/// or the normaliser reads it, and unescaped strings are compared in place. Node 0 is the root.
/// Objects store their members as alternating key (a string node) and value nodes.
package struct JSONDocument: Sendable {
    /// The record's text (valid UTF-8).
    package let bytes: [UInt8]
    /// The nodes, in pre-order.
    package let nodes: [JSONNode]
    /// True when some string held raw control characters; serialise through `JSONValue` then.
    package let needsReencoding: Bool

    /// Creates a document from bytes and an already-built tape (the parser does this).
    package init(bytes: [UInt8], nodes: [JSONNode], needsReencoding: Bool = false) {
        self.bytes = bytes
        self.nodes = nodes
        self.needsReencoding = needsReencoding
    }

    /// The root node's index.
    package var root: Int { 0 }

    /// The kind of node `i`.
    @inline(__always) package func kind(_ i: Int) -> JSONKind { nodes[i].kind }

    /// True when node `i` is an object.
    @inline(__always) package func isObject(_ i: Int) -> Bool { nodes[i].kind == .object }

    // MARK: Traversal

    /// The value indices of an array's elements (empty for other kinds).
    package func elements(_ i: Int) -> [Int] {
        let node = nodes[i]
        guard node.kind == .array else { return [] }
        var out: [Int] = []
        out.reserveCapacity(Int(node.count))
        var j = i + 1
        for _ in 0..<node.count {
            out.append(j)
            j = Int(nodes[j].next)
        }
        return out
    }

    /// Calls `body` with (key node, value node) for each member of an object, in order;
    /// stops early when `body` returns false.
    @inline(__always)
    package func forEachMember(_ i: Int, _ body: (_ key: Int, _ value: Int) -> Bool) {
        let node = nodes[i]
        guard node.kind == .object else { return }
        var j = i + 1
        for _ in 0..<node.count {
            let value = j + 1
            if !body(j, value) { return }
            j = Int(nodes[value].next)
        }
    }

    /// The (key, value) node pairs of an object.
    package func members(_ i: Int) -> [(key: Int, value: Int)] {
        var out: [(key: Int, value: Int)] = []
        forEachMember(i) { k, v in
            out.append((k, v))
            return true
        }
        return out
    }

    /// The value of member `key` of object `i` (exact, case-sensitive key), or nil.
    package func member(_ i: Int, _ key: String) -> Int? {
        var key = key
        return key.withUTF8 { member(i, utf8Key: UnsafeRawBufferPointer($0)) }
    }

    /// The value of the member whose key equals `utf8Key` byte for byte, or nil (also when
    /// `i` is not an object). Keys are compared in place; only keys with escapes are decoded.
    package func member(_ i: Int, utf8Key: UnsafeRawBufferPointer) -> Int? {
        nodes.withUnsafeBufferPointer { nodes -> Int? in
            bytes.withUnsafeBufferPointer { buf -> Int? in
                let object = nodes[i]
                guard object.kind == .object else { return nil }
                let n = utf8Key.count
                var j = i + 1
                for _ in 0..<object.count {
                    let kn = nodes[j]
                    if kn.escaped {
                        if decodeString(j).utf8.elementsEqual(utf8Key) { return j + 1 }
                    } else if Int(kn.end &- kn.start) == n,
                        n == 0 || memcmpEqual(buf.baseAddress! + Int(kn.start), utf8Key.baseAddress!, n)
                    {
                        return j + 1
                    }
                    j = Int(nodes[j + 1].next)
                }
                return nil
            }
        }
    }

    /// The value of member `key` of object `i`, comparing keys ASCII-case-insensitively
    /// (exact match preferred). Azure's key casing is not stable.
    package func memberCaseInsensitive(_ i: Int, _ key: String) -> Int? {
        var key = key
        return key.withUTF8 { memberCaseInsensitive(i, utf8Key: UnsafeRawBufferPointer($0)) }
    }

    /// `memberCaseInsensitive(_:_:)` for a key given as UTF-8.
    package func memberCaseInsensitive(_ i: Int, utf8Key: UnsafeRawBufferPointer) -> Int? {
        if let exact = member(i, utf8Key: utf8Key) { return exact }
        let n = utf8Key.count
        var found: Int?
        forEachMember(i) { k, v in
            let kn = nodes[k]
            if kn.escaped {
                let decoded = decodeString(k).utf8
                if decoded.count == n, zip(decoded, utf8Key).allSatisfy({ asciiLower($0) == asciiLower($1) }) {
                    found = v
                    return false
                }
                return true
            }
            guard Int(kn.end - kn.start) == n else { return true }
            var same = true
            var p = Int(kn.start)
            for w in utf8Key {
                if asciiLower(bytes[p]) != asciiLower(w) {
                    same = false
                    break
                }
                p += 1
            }
            if same {
                found = v
                return false
            }
            return true
        }
        return found
    }

    // MARK: Scalars

    /// The decoded text of a string node (nil for other kinds).
    package func string(_ i: Int) -> String? {
        guard nodes[i].kind == .string else { return nil }
        return decodeString(i)
    }

    /// The text of a scalar the way Sigma compares it: strings decoded, numbers as written,
    /// booleans as `true`/`false`. Nil for null, arrays and objects.
    package func scalarText(_ i: Int) -> String? {
        let node = nodes[i]
        switch node.kind {
        case .string: return decodeString(i)
        case .number: return String(decoding: bytes[Int(node.start)..<Int(node.end)], as: UTF8.self)
        case .true: return "true"
        case .false: return "false"
        case .null, .array, .object: return nil
        }
    }

    /// The numeric value of a number node, or of a string holding a number.
    package func number(_ i: Int) -> Double? {
        let node = nodes[i]
        switch node.kind {
        case .number:
            return Double(String(decoding: bytes[Int(node.start)..<Int(node.end)], as: UTF8.self))
        case .string:
            let text = decodeString(i).trimmingCharacters(in: " ")
            guard !text.isEmpty else { return nil }
            return Double(text)
        default:
            return nil
        }
    }

    /// The boolean value of a node (`true`/`false`, or the strings `"true"`/`"false"`).
    package func bool(_ i: Int) -> Bool? {
        switch nodes[i].kind {
        case .true: return true
        case .false: return false
        case .string:
            switch decodeString(i).lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        default: return nil
        }
    }

    /// Calls `body` with the unescaped UTF-8 bytes of string node `i` (in place when the
    /// string has no escapes; decoded into a temporary otherwise).
    @inlinable
    package func withStringBytes<R>(_ i: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        // Not `rethrows`: a throwing closure through `Array.withUnsafeBytes` calls the standard
        // library's unspecialised entry point (~400 instructions a call on this hot path).
        let node = nodes[i]
        if !node.escaped {
            return bytes.withUnsafeBytes { raw in
                body(UnsafeRawBufferPointer(rebasing: raw[Int(node.start)..<Int(node.end)]))
            }
        }
        var decoded = decodeString(i)
        return decoded.withUTF8 { body(UnsafeRawBufferPointer($0)) }
    }

    /// The raw JSON text of node `i` (with quotes for strings), as bytes of the record.
    package func rawBytes(_ i: Int) -> ArraySlice<UInt8> {
        let node = nodes[i]
        if node.kind == .string { return bytes[Int(node.start - 1)...Int(node.end)] }
        return bytes[Int(node.start)..<Int(node.end)]
    }

    /// Decodes the escapes of string node `i`.
    package func decodeString(_ i: Int) -> String {
        let node = nodes[i]
        let start = Int(node.start)
        let end = Int(node.end)
        if !node.escaped { return String(decoding: bytes[start..<end], as: UTF8.self) }
        var out: [UInt8] = []
        out.reserveCapacity(end - start)
        var p = start
        while p < end {
            let c = bytes[p]
            if c != 0x5C {
                out.append(c)
                p += 1
                continue
            }
            p += 1
            guard p < end else { break }
            let e = bytes[p]
            p += 1
            switch e {
            case 0x22: out.append(0x22)
            case 0x5C: out.append(0x5C)
            case 0x2F: out.append(0x2F)
            case 0x62: out.append(0x08)
            case 0x66: out.append(0x0C)
            case 0x6E: out.append(0x0A)
            case 0x72: out.append(0x0D)
            case 0x74: out.append(0x09)
            case 0x75:
                guard let high = hex4(p, end) else {
                    out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                    continue
                }
                p += 4
                var scalar = high
                if (0xD800...0xDBFF).contains(high) {
                    if p + 6 <= end, bytes[p] == 0x5C, bytes[p + 1] == 0x75, let low = hex4(p + 2, end),
                        (0xDC00...0xDFFF).contains(low)
                    {
                        scalar = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
                        p += 6
                    } else {
                        scalar = 0xFFFD
                    }
                } else if (0xDC00...0xDFFF).contains(high) {
                    scalar = 0xFFFD
                }
                appendUTF8(UInt32(scalar), to: &out)
            default:
                out.append(0x5C)
                out.append(e)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func hex4(_ p: Int, _ end: Int) -> Int? {
        guard p + 4 <= end else { return nil }
        var v = 0
        for k in p..<(p + 4) {
            let c = bytes[k]
            let d: Int
            switch c {
            case 0x30...0x39: d = Int(c - 0x30)
            case 0x41...0x46: d = Int(c - 0x41 + 10)
            case 0x61...0x66: d = Int(c - 0x61 + 10)
            default: return nil
            }
            v = v * 16 + d
        }
        return v
    }

    // MARK: Materialising

    /// Node `i` as a `JSONValue` tree (for small uses: output, tests, state).
    package func value(_ i: Int = 0) -> JSONValue {
        let node = nodes[i]
        switch node.kind {
        case .null: return .null
        case .true: return .bool(true)
        case .false: return .bool(false)
        case .number: return .number(String(decoding: bytes[Int(node.start)..<Int(node.end)], as: UTF8.self))
        case .string: return .string(decodeString(i))
        case .array: return .array(elements(i).map { value($0) })
        case .object: return .object(members(i).map { JSONMember(key: decodeString($0.key), value: value($0.value)) })
        }
    }
}

@inline(__always) private func asciiLower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }

@inline(__always)
private func memcmpEqual(_ a: UnsafePointer<UInt8>, _ b: UnsafeRawPointer, _ n: Int) -> Bool {
    let bp = b.assumingMemoryBound(to: UInt8.self)
    for k in 0..<n where a[k] != bp[k] { return false }
    return true
}

/// Appends the UTF-8 encoding of a scalar value (U+FFFD for invalid ones).
package func appendUTF8(_ scalar: UInt32, to out: inout [UInt8]) {
    let s = Unicode.Scalar(scalar) ?? "\u{FFFD}"
    let v = s.value
    switch v {
    case 0..<0x80: out.append(UInt8(v))
    case 0x80..<0x800:
        out.append(UInt8(0xC0 | (v >> 6)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    case 0x800..<0x10000:
        out.append(UInt8(0xE0 | (v >> 12)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    default:
        out.append(UInt8(0xF0 | (v >> 18)))
        out.append(UInt8(0x80 | ((v >> 12) & 0x3F)))
        out.append(UInt8(0x80 | ((v >> 6) & 0x3F)))
        out.append(UInt8(0x80 | (v & 0x3F)))
    }
}
