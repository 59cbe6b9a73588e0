/// A small JSON tree, for values that are built rather than parsed from the hot path:
/// output, rule test events, state files. Numbers keep their original text.
package indirect enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array([JSONValue])
    case object([JSONMember])

    /// A number from an integer.
    package static func int(_ v: some BinaryInteger) -> JSONValue { .number(String(v)) }

    /// A number from a double (integral values print without a fraction).
    package static func double(_ v: Double) -> JSONValue {
        if v.isFinite, v == v.rounded(), abs(v) < 1e15 { return .number(String(Int64(v))) }
        return v.isFinite ? .number(String(v)) : .null
    }

    /// The member `key` of an object (first match), or nil.
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members.first { $0.key == key }?.value
    }

    /// The string payload, if this is a string.
    package var stringValue: String? {
        if case .string(let s) = self { return s }
        return nil
    }

    /// Serialises compactly, escaping every control character.
    package func serialized() -> String {
        var out: [UInt8] = []
        write(into: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the compact serialisation to `out`.
    package func write(into out: inout [UInt8]) {
        switch self {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.utf8)
        case .string(let s): JSONEncoding.appendQuoted(s, to: &out)
        case .array(let items):
            out.append(0x5B)
            for (k, item) in items.enumerated() {
                if k > 0 { out.append(0x2C) }
                item.write(into: &out)
            }
            out.append(0x5D)
        case .object(let members):
            out.append(0x7B)
            for (k, m) in members.enumerated() {
                if k > 0 { out.append(0x2C) }
                JSONEncoding.appendQuoted(m.key, to: &out)
                out.append(0x3A)
                m.value.write(into: &out)
            }
            out.append(0x7D)
        }
    }
}

/// One key/value pair of a JSON object (order is kept).
package struct JSONMember: Sendable, Hashable {
    package var key: String
    package var value: JSONValue

    /// Creates a member.
    package init(key: String, value: JSONValue) {
        self.key = key
        self.value = value
    }
}

/// JSON string escaping shared by every writer.
package enum JSONEncoding {
    /// Appends `s` as a JSON string literal. Every control character (U+0000–U+001F, U+007F)
    /// and the line/paragraph separators are escaped, so the output is safe to embed anywhere.
    package static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        for scalar in s.unicodeScalars {
            let v = scalar.value
            switch v {
            case 0x22: out.append(contentsOf: [0x5C, 0x22])
            case 0x5C: out.append(contentsOf: [0x5C, 0x5C])
            case 0x0A: out.append(contentsOf: [0x5C, 0x6E])
            case 0x0D: out.append(contentsOf: [0x5C, 0x72])
            case 0x09: out.append(contentsOf: [0x5C, 0x74])
            case 0x00..<0x20, 0x7F, 0x2028, 0x2029:
                out.append(contentsOf: "\\u".utf8)
                let hex = String(v, radix: 16)
                out.append(contentsOf: String(repeating: "0", count: 4 - hex.count).utf8)
                out.append(contentsOf: hex.utf8)
            default:
                appendUTF8(v, to: &out)
            }
        }
        out.append(0x22)
    }

    /// `s` as a JSON string literal.
    package static func quoted(_ s: String) -> String {
        var out: [UInt8] = []
        appendQuoted(s, to: &out)
        return String(decoding: out, as: UTF8.self)
    }
}
