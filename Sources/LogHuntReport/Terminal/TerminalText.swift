/// Makes log-borne text safe for a terminal, and measures it.
///
/// Logs are attacker-controlled: a user agent or repository name can carry an ANSI sequence
/// that recolours, hides or rewrites what an analyst sees, or a bidi override that reorders
/// it. `escape(_:)` turns every such character into a visible escape, so what reaches the
/// terminal is plain printable text.
package enum TerminalText {
    /// `text` with every control or invisible character replaced by a visible escape:
    /// C0 controls and DEL as `\n`, `\r`, `\t` or `\x1b`; C1 controls (including the 8-bit CSI
    /// U+009B and OSC U+009D) and bidi, zero-width, separator and tag characters as `\u{202e}`.
    /// Since ESC itself is escaped, no CSI or OSC sequence survives.
    /// - Parameter text: the text to show.
    /// - Returns: printable text.
    package static func escape(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: needsEscape) else { return text }
        var out = ""
        out.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar) else {
                out.unicodeScalars.append(scalar)
                continue
            }
            switch scalar.value {
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            case 0x09: out += "\\t"
            case 0x00..<0x20, 0x7F: out += "\\x" + hex(scalar.value, width: 2)
            default: out += "\\u{" + String(scalar.value, radix: 16) + "}"
            }
        }
        return out
    }

    /// True for the scalars `escape(_:)` rewrites.
    /// - Parameter scalar: a Unicode scalar.
    /// - Returns: whether it is a control, format or invisible character.
    package static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        let v = scalar.value
        switch v {
        case 0x00..<0x20, 0x7F, 0x80..<0xA0: return true  // C0, DEL, C1
        case 0x00AD, 0x061C, 0x180E: return true  // soft hyphen, Arabic letter mark, Mongolian vowel separator
        case 0x200B...0x200F: return true  // zero-width space/joiners, LRM, RLM
        case 0x2028...0x202E: return true  // line/paragraph separators, bidi embeddings and overrides
        case 0x2060...0x206F: return true  // word joiner, invisible operators, bidi isolates U+2066–U+2069
        case 0xFEFF: return true  // zero-width no-break space (BOM)
        case 0xFFF9...0xFFFB: return true  // interlinear annotation
        case 0xE0000...0xE007F: return true  // tag characters
        default: return false
        }
    }

    /// The number of terminal columns `text` takes (wide East Asian characters and most emoji
    /// count 2, combining marks 0). Meant for escaped text.
    /// - Parameter text: the text.
    /// - Returns: columns.
    package static func width(_ text: String) -> Int {
        var w = 0
        for c in text { w += width(c) }
        return w
    }

    /// Columns of one character (grapheme cluster): its widest scalar.
    package static func width(_ c: Character) -> Int {
        if c.isASCII { return 1 }
        var w = 0
        for s in c.unicodeScalars { w = max(w, scalarWidth(s)) }
        return w
    }

    /// `text` cut to at most `columns` columns, ending in `…` when something was cut.
    /// - Parameters:
    ///   - text: the text (already escaped).
    ///   - columns: the most columns it may take.
    /// - Returns: the text, cut if needed.
    package static func truncate(_ text: String, to columns: Int) -> String {
        guard columns > 0 else { return "" }
        if width(text) <= columns { return text }
        var out = ""
        var used = 0
        for c in text {
            let w = width(c)
            if used + w > columns - 1 { break }
            out.append(c)
            used += w
        }
        return out + "…"
    }

    /// `text` padded with spaces to `columns` columns.
    package static func pad(_ text: String, to columns: Int) -> String {
        let w = width(text)
        return w >= columns ? text : text + String(repeating: " ", count: columns - w)
    }

    private static func scalarWidth(_ s: Unicode.Scalar) -> Int {
        switch s.properties.generalCategory {
        case .nonspacingMark, .enclosingMark, .format: return 0
        default: break
        }
        let v = s.value
        switch v {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
            0xFFE0...0xFFE6, 0x1F300...0x1F64F, 0x1F900...0x1F9FF, 0x20000...0x2FFFD, 0x30000...0x3FFFD:
            return 2
        default: return 1
        }
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let s = String(v, radix: 16)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
