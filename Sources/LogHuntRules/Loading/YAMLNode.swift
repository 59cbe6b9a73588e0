import LogHuntCore

/// A YAML node after the bounded walk: aliases expanded (within the budget), every node
/// with its mark. The loader builds the AST from these, never from Yams values directly.
package indirect enum YAMLNode: Sendable, Hashable {
    /// A scalar.
    case scalar(YAMLScalar)
    /// A sequence and where it starts.
    case sequence([YAMLNode], RuleMark)
    /// A mapping (pairs in file order, duplicates already resolved) and where it starts.
    case mapping([YAMLPair], RuleMark)

    /// Where the node starts.
    package var mark: RuleMark {
        switch self {
        case .scalar(let s): s.mark
        case .sequence(_, let m), .mapping(_, let m): m
        }
    }

    /// The scalar, if this is one.
    package var scalar: YAMLScalar? {
        if case .scalar(let s) = self { return s }
        return nil
    }

    /// The value of the first pair whose key is the scalar `key`.
    package subscript(key: String) -> YAMLNode? {
        guard case .mapping(let pairs, _) = self else { return nil }
        return pairs.first { $0.key.scalar?.text == key }?.value
    }

    /// True for a null scalar.
    package var isNull: Bool { scalar?.kind == .null }

    /// A short name of the node's kind, for messages.
    package var kindName: String {
        switch self {
        case .scalar(let s): s.kind == .null ? "null" : "a scalar"
        case .sequence: "a list"
        case .mapping: "a mapping"
        }
    }

    /// The node as JSON: mappings become objects (keys as text), numbers keep their text.
    package var json: JSONValue {
        switch self {
        case .scalar(let s): s.json
        case .sequence(let items, _): .array(items.map(\.json))
        case .mapping(let pairs, _):
            .object(
                pairs.map { JSONMember(key: $0.key.scalar?.text ?? $0.key.json.serialized(), value: $0.value.json) })
        }
    }
}

/// One key/value pair of a mapping.
package struct YAMLPair: Sendable, Hashable {
    /// The key node.
    package var key: YAMLNode
    /// The value node.
    package var value: YAMLNode

    /// Creates a pair.
    package init(key: YAMLNode, value: YAMLNode) {
        self.key = key
        self.value = value
    }
}

/// A YAML scalar: its text, whether it was quoted, and the type it resolves to.
package struct YAMLScalar: Sendable, Hashable {
    /// How the scalar was written.
    package enum Style: Sendable, Hashable {
        case plain
        case singleQuoted
        case doubleQuoted
        case block
    }

    /// The text (quotes and escapes removed).
    package var text: String
    /// How it was written.
    package var style: Style
    /// The resolved type (YAML 1.1 rules for plain scalars; explicit tags honoured).
    package var kind: SigmaValue.Kind
    /// Where the scalar starts (the opening quote for quoted scalars).
    package var mark: RuleMark

    /// Creates a scalar, resolving its kind unless `tag` says otherwise.
    package init(text: String, style: Style, tag: String?, mark: RuleMark) {
        self.text = text
        self.style = style
        self.mark = mark
        self.kind = YAMLScalar.resolve(text: text, style: style, tag: tag)
    }

    /// Creates a scalar of a known kind (`YAMLSnapshot`).
    init(text: String, style: Style, kind: SigmaValue.Kind, mark: RuleMark) {
        self.text = text
        self.style = style
        self.kind = kind
        self.mark = mark
    }

    /// True when the scalar was quoted.
    package var quoted: Bool { style == .singleQuoted || style == .doubleQuoted }

    /// The mark of the `offset`-th character of the text, when the scalar is on one line and
    /// written plain or quoted (otherwise the scalar's own mark).
    package func mark(atOffset offset: Int) -> RuleMark {
        switch style {
        case .plain where !text.contains("\n"): mark.advanced(byColumns: offset)
        case .singleQuoted where !text.contains("\n") && !text.contains("'"):
            mark.advanced(byColumns: offset + 1)
        case .doubleQuoted where !text.contains("\n") && !text.contains("\\") && !text.contains("\""):
            mark.advanced(byColumns: offset + 1)
        default: mark
        }
    }

    /// The scalar as JSON.
    package var json: JSONValue {
        switch kind {
        case .null: return .null
        case .bool: return .bool(["true", "yes", "on"].contains(text.lowercased()))
        case .int, .float:
            if YAMLScalar.isJSONNumber(text) { return .number(text) }
            if let i = Int64(text.filter { $0 != "_" }) { return .number(String(i)) }
            return .string(text)
        case .string: return .string(text)
        }
    }

    /// Resolves the YAML 1.1 type of a scalar the way PyYAML (and so pySigma) does.
    static func resolve(text: String, style: Style, tag: String?) -> SigmaValue.Kind {
        if let tag, !tag.isEmpty, tag != "!" {
            switch tag {
            case "tag:yaml.org,2002:null": return .null
            case "tag:yaml.org,2002:bool": return .bool
            case "tag:yaml.org,2002:int": return .int
            case "tag:yaml.org,2002:float": return .float
            default: return .string
            }
        }
        guard style == .plain else { return .string }
        switch text {
        case "", "~", "null", "Null", "NULL": return .null
        case "yes", "Yes", "YES", "no", "No", "NO", "true", "True", "TRUE", "false", "False", "FALSE",
            "on", "On", "ON", "off", "Off", "OFF":
            return .bool
        default: break
        }
        if isYAMLInt(text) { return .int }
        if isYAMLFloat(text) { return .float }
        return .string
    }

    private static func isYAMLInt(_ text: String) -> Bool {
        var s = Substring(text)
        if s.first == "-" || s.first == "+" { s = s.dropFirst() }
        guard let first = s.first else { return false }
        if s.hasPrefix("0b") { return s.count > 2 && s.dropFirst(2).allSatisfy { "01_".contains($0) } }
        if s.hasPrefix("0x") { return s.count > 2 && s.dropFirst(2).allSatisfy { $0.isHexDigit || $0 == "_" } }
        if s.hasPrefix("0o") { return s.count > 2 && s.dropFirst(2).allSatisfy { "01234567_".contains($0) } }
        if first == "0" { return s.allSatisfy { "01234567_".contains($0) } }
        return first.isASCII && first.isNumber && s.allSatisfy { ($0.isASCII && $0.isNumber) || $0 == "_" }
    }

    private static func isYAMLFloat(_ text: String) -> Bool {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN":
            return true
        default: break
        }
        let b = Array(text.utf8)
        var i = 0
        if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        var intDigits = 0
        if i < b.count, digit(b[i]) {
            while i < b.count, digit(b[i]) || b[i] == 0x5F {
                i += 1
                intDigits += 1
            }
        }
        var fracDigits = 0
        if i < b.count, b[i] == 0x2E {
            i += 1
            while i < b.count, digit(b[i]) || b[i] == 0x5F {
                i += 1
                fracDigits += 1
            }
        }
        guard intDigits > 0 || fracDigits > 0 else { return false }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            var expDigits = 0
            while i < b.count, digit(b[i]) {
                i += 1
                expDigits += 1
            }
            guard expDigits > 0 else { return false }
        }
        return i == b.count
    }

    /// True when `text` is a JSON number literal.
    static func isJSONNumber(_ text: String) -> Bool {
        let b = Array(text.utf8)
        var i = 0
        func digit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }
        if i < b.count, b[i] == 0x2D { i += 1 }
        guard i < b.count, digit(b[i]) else { return false }
        if b[i] == 0x30 { i += 1 } else { while i < b.count, digit(b[i]) { i += 1 } }
        if i < b.count, b[i] == 0x2E {
            i += 1
            guard i < b.count, digit(b[i]) else { return false }
            while i < b.count, digit(b[i]) { i += 1 }
        }
        if i < b.count, b[i] == 0x65 || b[i] == 0x45 {
            i += 1
            if i < b.count, b[i] == 0x2B || b[i] == 0x2D { i += 1 }
            guard i < b.count, digit(b[i]) else { return false }
            while i < b.count, digit(b[i]) { i += 1 }
        }
        return i == b.count
    }
}
