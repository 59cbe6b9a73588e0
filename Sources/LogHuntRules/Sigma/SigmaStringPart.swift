/// One piece of a Sigma string value after wildcard and escape processing.
package enum SigmaStringPart: Sendable, Hashable {
    /// Text matched literally (case-insensitively unless `|cased`).
    case literal(String)
    /// `*`: any run of characters, including none.
    case anyRun
    /// `?`: exactly one character.
    case anyChar
    /// `%name%` under `|expand`: replaced by the placeholder's values.
    case placeholder(String)

    /// Reads a Sigma string value (SIGMA.md §1.6).
    ///
    /// A backslash escapes only `*`, `?` and `\` (and `%` when `placeholders` is true);
    /// before any other character, and at the end, it is a literal backslash. `\\*` is a
    /// literal backslash followed by a wildcard. Adjacent literals are merged.
    /// - Parameters:
    ///   - text: the value's text.
    ///   - placeholders: whether `%name%` is a placeholder (`|expand`).
    /// - Returns: the parts, in order.
    package static func parse(_ text: String, placeholders: Bool) -> [SigmaStringPart] {
        var parts: [SigmaStringPart] = []
        var literal = ""
        func flush() {
            if !literal.isEmpty {
                parts.append(.literal(literal))
                literal = ""
            }
        }
        let chars = Array(text.unicodeScalars)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\\":
                if i + 1 < chars.count {
                    let next = chars[i + 1]
                    if next == "*" || next == "?" || next == "\\" || (placeholders && next == "%") {
                        literal.unicodeScalars.append(next)
                        i += 2
                        continue
                    }
                }
                literal.unicodeScalars.append(c)
                i += 1
            case "*":
                flush()
                if parts.last != .anyRun { parts.append(.anyRun) }
                i += 1
            case "?":
                flush()
                parts.append(.anyChar)
                i += 1
            case "%" where placeholders:
                var j = i + 1
                while j < chars.count, chars[j] != "%" { j += 1 }
                if j < chars.count, j > i + 1 {
                    flush()
                    var name = ""
                    name.unicodeScalars.append(contentsOf: chars[(i + 1)..<j])
                    parts.append(.placeholder(name))
                    i = j + 1
                } else {
                    literal.unicodeScalars.append(c)
                    i += 1
                }
            default:
                literal.unicodeScalars.append(c)
                i += 1
            }
        }
        flush()
        return parts
    }
}
