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
    /// whitespace between tokens), and no character `JSONTextWriter` would escape (C1
    /// controls, bidi overrides, U+2028/U+2029 and the like). ASCII-only text is checked byte by byte.
    private static func isSingleLine(_ bytes: ArraySlice<UInt8>) -> Bool {
        var ascii = true
        for b in bytes {
            if b < 0x20 { return false }
            if b >= 0x80 { ascii = false }
        }
        if ascii { return true }
        return !String(decoding: bytes, as: UTF8.self).unicodeScalars.contains(where: TerminalText.needsEscape)
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
