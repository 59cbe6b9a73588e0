/// One value of a detection item, as written in the rule.
///
/// `text` is the YAML scalar's original text, so nothing is silently re-typed: `on` stays
/// `on` (kind `.bool`), `0123` stays `0123` (kind `.int`). `parts` is the Sigma wildcard
/// reading of that text (escapes honoured; placeholders only under `|expand`).
package struct SigmaValue: Sendable, Hashable {
    /// The YAML type the scalar resolves to (YAML 1.1, as PyYAML and pySigma read it).
    package enum Kind: String, Sendable, Hashable {
        case string
        case int
        case float
        case bool
        case null
    }

    /// The scalar's text, exactly as YAML gives it (after quoting is removed).
    package var text: String
    /// The scalar's type.
    package var kind: Kind
    /// Whether the scalar was quoted in the file (a quoted scalar is always a string).
    package var quoted: Bool
    /// The wildcard reading of `text`; empty for null. For `|re` values, one literal.
    package var parts: [SigmaStringPart]
    /// Where the scalar is.
    package var mark: RuleMark

    /// Creates a value; `parts` defaults to the plain wildcard reading of `text`.
    package init(
        text: String, kind: Kind, quoted: Bool = false, parts: [SigmaStringPart]? = nil, mark: RuleMark
    ) {
        self.text = text
        self.kind = kind
        self.quoted = quoted
        self.parts = parts ?? (kind == .null ? [] : SigmaStringPart.parse(text, placeholders: false))
        self.mark = mark
    }

    /// True for YAML null.
    package var isNull: Bool { kind == .null }

    /// The boolean, for kind `.bool` (`yes/on/true` → true, `no/off/false` → false).
    package var boolValue: Bool? {
        guard kind == .bool else { return nil }
        switch text.lowercased() {
        case "yes", "true", "on": return true
        case "no", "false", "off": return false
        default: return nil
        }
    }

    /// The number, for kinds `.int` and `.float` (and numeric-looking strings).
    package var numberValue: Double? {
        let cleaned = text.replacingUnderscores()
        if let i = Int64(cleaned) { return Double(i) }
        if cleaned.hasPrefix("0x") || cleaned.hasPrefix("0X"), let i = Int64(cleaned.dropFirst(2), radix: 16) {
            return Double(i)
        }
        guard let d = Double(cleaned), d.isFinite,
            cleaned.unicodeScalars.allSatisfy({ "0123456789+-.eE".unicodeScalars.contains($0) })
        else { return nil }
        return d
    }

    /// The integer, when the text is a decimal integer.
    package var intValue: Int64? { Int64(text.replacingUnderscores()) }

    /// True when `parts` holds an unescaped `*` or `?`.
    package var hasWildcards: Bool {
        parts.contains { $0 == .anyRun || $0 == .anyChar }
    }

    /// True when `parts` holds a placeholder.
    package var hasPlaceholders: Bool {
        parts.contains { if case .placeholder = $0 { return true } else { return false } }
    }

    /// The names of the placeholders in `parts`, in order.
    package var placeholderNames: [String] {
        parts.compactMap { if case .placeholder(let name) = $0 { return name } else { return nil } }
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        contains("_") ? String(filter { $0 != "_" }) : self
    }
}
