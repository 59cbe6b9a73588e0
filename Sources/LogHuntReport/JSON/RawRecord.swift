import LogHuntCore

/// Writes a raw record unchanged: its own bytes when they are already clean, compact JSON,
/// else re-encoded through `JSONValue` (raw control characters, pretty-printed exports).
package enum RawRecord {
    /// Writes the record at the writer's current position.
    /// - Parameters:
    ///   - document: the raw record.
    ///   - writer: where to write it.
    package static func write(_ document: JSONDocument, into writer: inout JSONTextWriter) {
        guard !document.nodes.isEmpty else {
            writer.value(.null)
            return
        }
        let bytes = document.rawBytes(document.root)
        if !document.needsReencoding, isSingleLine(bytes) {
            writer.verbatim(bytes)
        } else {
            writer.value(document.value(document.root))
        }
    }

    /// True when the text can be copied as is: no byte below 0x20 (so no newline, not even as
    /// whitespace between tokens), and none of the characters `JSONTextWriter` would escape
    /// (`TerminalText.needsEscape`: C1 controls, bidi and zero-width characters, U+2028/U+2029,
    /// tags), found by their UTF-8 bytes without decoding.
    package static func isSingleLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withContiguousStorageIfAvailable(isClean) ?? isClean(Array(bytes).withUnsafeBufferPointer { $0 })
    }

    private static func isClean(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        let n = p.count
        var i = 0
        while i < n {
            let b = p[i]
            if b < 0x80 {
                if b < 0x20 || b == 0x7F { return false }
                i += 1
                continue
            }
            let b1: UInt8 = i + 1 < n ? p[i + 1] : 0
            let b2: UInt8 = i + 2 < n ? p[i + 2] : 0
            switch b {
            case 0xC2 where b1 < 0xA0 || b1 == 0xAD: return false  // C1 controls, soft hyphen
            case 0xD8 where b1 == 0x9C: return false  // U+061C
            case 0xE1 where b1 == 0xA0 && b2 == 0x8E: return false  // U+180E
            case 0xE2 where b1 == 0x80 && ((0x8B...0x8F).contains(b2) || (0xA8...0xAE).contains(b2)): return false
            case 0xE2 where b1 == 0x81 && (0xA0...0xAF).contains(b2): return false  // U+2060–U+206F
            case 0xEF where b1 == 0xBB && b2 == 0xBF: return false  // U+FEFF
            case 0xEF where b1 == 0xBF && (0xB9...0xBB).contains(b2): return false  // U+FFF9–U+FFFB
            case 0xF3 where b1 == 0xA0 && (b2 == 0x80 || b2 == 0x81): return false  // tags U+E0000–U+E007F
            default: break
            }
            i += b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
        }
        return true
    }

    /// The record in canonical form: compact, object keys sorted (by UTF-8), for hashing.
    /// - Parameter document: the raw record.
    /// - Returns: the canonical text.
    package static func canonical(_ document: JSONDocument) -> [UInt8] {
        guard !document.nodes.isEmpty else { return Array("null".utf8) }
        var out: [UInt8] = []
        sorted(document.value(document.root)).write(into: &out)
        return out
    }

    private static func sorted(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let members):
            return .object(
                members.map { JSONMember(key: $0.key, value: sorted($0.value)) }
                    .sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) })
        case .array(let items): return .array(items.map(sorted))
        default: return v
        }
    }
}
