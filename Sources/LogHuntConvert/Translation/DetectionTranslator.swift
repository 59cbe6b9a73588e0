import LogHuntCore
import LogHuntRules

/// Translates one rule's detection (search identifiers and condition) into a SQL boolean
/// expression over one row of the events table. Every predicate is two-valued: a missing
/// field makes it FALSE (never NULL), so `NOT` of it is TRUE, as in loghunt's evaluator.
struct DetectionTranslator: Sendable {
    let dialect: SQLDialect
    let access: FieldAccess
    let placeholders: [String: [String]]

    /// Creates a translator for a rule of `product`.
    init(
        dialect: SQLDialect, product: String?, placeholders: [String: [String]], mapping: FieldMapping = FieldMapping()
    ) {
        self.dialect = dialect
        self.access = FieldAccess(dialect: dialect, product: product, mapping: mapping)
        self.placeholders = placeholders
    }

    /// The condition of `detection` as SQL.
    func translate(_ detection: Detection) throws(ConvertError) -> String {
        var defs: [String: String] = [:]
        for identifier in detection.identifiers {
            defs[identifier.name] = try search(identifier)
        }
        return condition(detection.condition, defs)
    }

    private func condition(_ c: Condition, _ defs: [String: String]) -> String {
        switch c {
        case .identifier(let name, _): return defs[name] ?? "FALSE"
        case .not(let inner, _): return "(NOT \(condition(inner, defs)))"
        case .and(let xs): return "(" + xs.map { condition($0, defs) }.joined(separator: " AND ") + ")"
        case .or(let xs): return "(" + xs.map { condition($0, defs) }.joined(separator: " OR ") + ")"
        case .oneOf(let s): return "(" + s.identifiers.map { defs[$0] ?? "FALSE" }.joined(separator: " OR ") + ")"
        case .allOf(let s): return "(" + s.identifiers.map { defs[$0] ?? "FALSE" }.joined(separator: " AND ") + ")"
        }
    }

    private func search(_ identifier: SearchIdentifier) throws(ConvertError) -> String {
        switch identifier.body {
        case .keywords(let item):
            return try keywords(item)
        case .maps(let maps):
            var alternatives: [String] = []
            for map in maps {
                var items: [String] = []
                for item in map.items { items.append(try self.item(item)) }
                alternatives.append(items.isEmpty ? "TRUE" : "(" + items.joined(separator: " AND ") + ")")
            }
            if alternatives.isEmpty { return "FALSE" }
            return alternatives.count == 1 ? alternatives[0] : "(" + alternatives.joined(separator: " OR ") + ")"
        }
    }

    // MARK: Items

    private static let supported: Set<Modifier> = [
        .contains, .startswith, .endswith, .all, .re, .reIgnoreCase, .reMultiline, .reDotAll, .cidr, .exists,
        .fieldref, .gt, .gte, .lt, .lte, .neq, .expand, .cased,
    ]

    private func item(_ item: DetectionItem) throws(ConvertError) -> String {
        guard let field = item.field else { return try keywords(item) }
        for m in item.modifiers where !DetectionTranslator.supported.contains(m) {
            throw .unsupportedModifier(m.name, field: field)
        }
        let body = try positive(item, field)
        return item.has(.neq) ? "(NOT \(body))" : body
    }

    /// One value after `|expand`: its text (for networks, numbers, dates) and wildcard parts.
    private struct Value {
        var text: String
        var parts: [SigmaStringPart]
        var kind: SigmaValue.Kind
    }

    private func expand(_ values: [SigmaValue], _ item: DetectionItem, field: String) throws(ConvertError) -> [Value] {
        guard item.has(.expand) else {
            return values.map { Value(text: $0.text, parts: $0.parts, kind: $0.kind) }
        }
        var out: [Value] = []
        if item.has(.re) {
            for v in values {
                var texts = [""]
                var chars = Substring(v.text)
                while let c = chars.first {
                    if c == "\\", chars.dropFirst().first == "%" {
                        texts = texts.map { $0 + "%" }
                        chars = chars.dropFirst(2)
                    } else if c == "%", let close = chars.dropFirst().firstIndex(of: "%"),
                        close > chars.index(after: chars.startIndex)
                    {
                        let name = String(chars[chars.index(after: chars.startIndex)..<close])
                        guard let list = placeholders[name], !list.isEmpty else { throw .unresolvedPlaceholder(name) }
                        texts = texts.flatMap { t in list.map { t + $0 } }
                        chars = chars[chars.index(after: close)...]
                    } else {
                        texts = texts.map { $0 + String(c) }
                        chars = chars.dropFirst()
                    }
                }
                out += texts.map { Value(text: $0, parts: [.literal($0)], kind: .string) }
            }
            return out
        }
        for v in values {
            guard v.hasPlaceholders else {
                out.append(Value(text: v.text, parts: v.parts, kind: v.kind))
                continue
            }
            var combos: [(text: String, parts: [SigmaStringPart])] = [("", [])]
            for part in v.parts {
                switch part {
                case .placeholder(let name):
                    guard let list = placeholders[name], !list.isEmpty else { throw .unresolvedPlaceholder(name) }
                    var next: [(text: String, parts: [SigmaStringPart])] = []
                    for c in combos {
                        for value in list {
                            next.append((c.text + value, c.parts + SigmaStringPart.parse(value, placeholders: false)))
                        }
                    }
                    combos = next
                case .literal(let s): combos = combos.map { ($0.text + s, $0.parts + [part]) }
                case .anyRun: combos = combos.map { ($0.text + "*", $0.parts + [part]) }
                case .anyChar: combos = combos.map { ($0.text + "?", $0.parts + [part]) }
                }
            }
            for c in combos { out.append(Value(text: c.text, parts: c.parts, kind: .string)) }
        }
        return out
    }

    private func positive(_ item: DetectionItem, _ field: String) throws(ConvertError) -> String {
        let mods = item.modifiers
        if item.has(.exists) {
            guard let v = item.values.first, let want = v.boolValue ?? Bool(v.text.lowercased()) else {
                throw .invalidValue(item.values.first?.text ?? "", field: field)
            }
            let present = try access.present(field)
            return want ? present : "(NOT \(present))"
        }
        if item.values.count == 1, item.values[0].isNull {
            return try access.isNull(field)
        }
        if item.values.contains(where: \.isNull) { throw .invalidValue("null", field: field) }
        let values = try expand(item.values, item, field: field)
        if values.isEmpty { return item.isAll ? "TRUE" : "FALSE" }

        if item.has(.fieldref) { return try fieldRef(item, field, values) }
        if let op = mods.first(where: \.isComparison) { return try comparison(op, field, values, all: item.isAll) }

        let caseSensitive = item.has(.cased) || (item.has(.re) && !item.has(.reIgnoreCase))
        let leaves = try access.leaves(field, caseSensitive: caseSensitive)
        let x = "x"
        var tests: [String] = []
        if item.has(.cidr) {
            let nets = try values.map { v throws(ConvertError) in try IPv4Range(parsing: v.text) }
            let n = "n"
            let numbers = dialect.transform(leaves, x, IPv4Range.number(of: x, dialect: dialect))
            let test = { (ranges: [IPv4Range]) in
                self.dialect.exists(
                    numbers, n,
                    "(" + ranges.map { "\(n) BETWEEN \($0.low) AND \($0.high)" }.joined(separator: " OR ") + ")")
            }
            if item.isAll {
                return "(" + nets.map { "COALESCE(\(test([$0])), FALSE)" }.joined(separator: " AND ") + ")"
            }
            return "COALESCE(\(test(nets)), FALSE)"
        }
        if item.has(.re) {
            var flags = ""
            if item.has(.reIgnoreCase) { flags += "i" }
            if item.has(.reMultiline) { flags += "m" }
            if item.has(.reDotAll) { flags += "s" }
            tests = values.map { v in
                var pattern = v.text
                if item.has(.startswith) { pattern = "^(?:" + pattern + ")" }
                if item.has(.endswith) { pattern = "(?:" + pattern + ")$" }
                return dialect.regex(x, (flags.isEmpty ? "" : "(?\(flags))") + pattern)
            }
        } else {
            tests = try values.map { v throws(ConvertError) in try valueTest(v, item, x: x, field: field) }
        }
        if item.isAll {
            return "(" + tests.map { "COALESCE(\(dialect.exists(leaves, x, $0)), FALSE)" }.joined(separator: " AND ")
                + ")"
        }
        return
            "COALESCE(\(dialect.exists(leaves, x, tests.count == 1 ? tests[0] : "(" + tests.joined(separator: " OR ") + ")")), FALSE)"
    }

    /// The test of one plain, wildcard, number or boolean value on leaf `x`.
    private func valueTest(_ v: Value, _ item: DetectionItem, x: String, field: String) throws(ConvertError) -> String {
        let stringModifiers = item.has(.contains) || item.has(.startswith) || item.has(.endswith) || item.has(.cased)
        if !stringModifiers {
            switch v.kind {
            case .int, .float:
                let number = SigmaValue(text: v.text, kind: v.kind, mark: RuleMark(file: "", line: 0, column: 0))
                    .numberValue
                if let number { return "\(dialect.tryDouble(x)) = \(SQLNumber.text(number))" }
            case .bool:
                let b = SigmaValue(text: v.text, kind: .bool, mark: RuleMark(file: "", line: 0, column: 0)).boolValue
                if let b { return "\(dialect.lower(x)) = \(b ? "'true'" : "'false'")" }
            default: break
            }
        }
        var parts = v.parts
        if item.has(.contains) {
            if parts.first != .anyRun { parts.insert(.anyRun, at: 0) }
            if parts.last != .anyRun { parts.append(.anyRun) }
        } else if item.has(.startswith) {
            if parts.last != .anyRun { parts.append(.anyRun) }
        } else if item.has(.endswith) {
            if parts.first != .anyRun { parts.insert(.anyRun, at: 0) }
        }
        return stringTest(parts, x: x, caseSensitive: item.has(.cased))
    }

    /// Equality (no wildcards) or LIKE on `x`, folded unless `caseSensitive`.
    func stringTest(_ parts: [SigmaStringPart], x: String, caseSensitive: Bool) -> String {
        let subject = caseSensitive ? x : dialect.lower(x)
        let fold = { (s: String) in caseSensitive ? s : s.lowercased() }
        if parts.allSatisfy({ if case .literal = $0 { return true } else { return false } }) {
            let text = parts.map { if case .literal(let s) = $0 { return s } else { return "" } }.joined()
            return "\(subject) = \(dialect.string(fold(text)))"
        }
        var pattern = ""
        for part in parts {
            switch part {
            case .literal(let s): pattern += SQLNumber.escapeLike(fold(s))
            case .anyRun: pattern += "%"
            case .anyChar: pattern += "_"
            case .placeholder(let name): pattern += SQLNumber.escapeLike(fold("%" + name + "%"))
            }
        }
        if pattern == "%" { return "\(x) IS NOT NULL" }
        return dialect.like(subject, pattern)
    }

    private func comparison(_ op: Modifier, _ field: String, _ values: [Value], all: Bool) throws(ConvertError)
        -> String
    {
        let sqlOp: String
        switch op {
        case .gt: sqlOp = ">"
        case .gte: sqlOp = ">="
        case .lt: sqlOp = "<"
        default: sqlOp = "<="
        }
        var tests: [String] = []
        var numeric: [String] = []
        for v in values {
            let number = SigmaValue(text: v.text, kind: .string, mark: RuleMark(file: "", line: 0, column: 0))
                .numberValue
            if let number, number.isFinite {
                numeric.append("\(sqlOp) \(SQLNumber.text(number))")
            } else if let t = Timestamp(parsing: v.text) {
                guard field == "@timestamp" else { throw .timeOnRawField(field) }
                let col = dialect.timestamp(dialect.column("@timestamp"))
                tests.append("COALESCE(\(col) \(sqlOp) \(dialect.timestampLiteral(t)), FALSE)")
            } else {
                throw .invalidValue(v.text, field: field)
            }
        }
        if !numeric.isEmpty {
            if field == "@timestamp" { throw .timeOnRawField(field) }
            let leaves = try access.leaves(field, caseSensitive: false)
            let x = "x"
            if all {
                tests += numeric.map {
                    "COALESCE(\(dialect.exists(leaves, x, "\(dialect.tryDouble(x)) \($0)")), FALSE)"
                }
            } else {
                let body = numeric.map { "\(dialect.tryDouble(x)) \($0)" }.joined(separator: " OR ")
                tests.append("COALESCE(\(dialect.exists(leaves, x, "(" + body + ")")), FALSE)")
            }
        }
        return "(" + tests.joined(separator: all ? " AND " : " OR ") + ")"
    }

    private func fieldRef(_ item: DetectionItem, _ field: String, _ values: [Value]) throws(ConvertError) -> String {
        let cased = item.has(.cased)
        let leaves = try access.leaves(field, caseSensitive: cased)
        var tests: [String] = []
        for v in values {
            let other = try access.leaves(v.text, caseSensitive: cased)
            let a = cased ? "x" : dialect.lower("x")
            let b = cased ? "y" : dialect.lower("y")
            let compare: String
            if item.has(.contains) {
                compare = "instr(\(a), \(b)) > 0"
            } else if item.has(.startswith) {
                compare = "substr(\(a), 1, length(\(b))) = \(b)"
            } else if item.has(.endswith) {
                compare = "length(\(a)) >= length(\(b)) AND substr(\(a), length(\(a)) - length(\(b)) + 1) = \(b)"
            } else {
                compare = "\(a) = \(b)"
            }
            tests.append("COALESCE(\(dialect.exists(leaves, "x", dialect.exists(other, "y", compare))), FALSE)")
        }
        return "(" + tests.joined(separator: item.isAll ? " AND " : " OR ") + ")"
    }

    // MARK: Keywords

    /// A keyword list: each keyword a case-insensitive substring (wildcards active) of some
    /// string value of the raw record; OR-ed, or AND-ed with `|all`.
    private func keywords(_ item: DetectionItem) throws(ConvertError) -> String {
        for m in item.modifiers where ![.all, .contains, .startswith, .endswith, .cased, .expand].contains(m) {
            throw .unsupportedModifier(m.name, field: "keywords")
        }
        let values = try expand(item.values, item, field: "keywords")
        let cased = item.has(.cased)
        let leaves = access.stringLeaves(dialect.raw)
        let tests = values.map { v -> String in
            var parts = v.parts
            if parts.first != .anyRun { parts.insert(.anyRun, at: 0) }
            if parts.last != .anyRun { parts.append(.anyRun) }
            return stringTest(parts, x: "x", caseSensitive: cased)
        }
        if tests.isEmpty { return item.isAll ? "TRUE" : "FALSE" }
        if item.isAll {
            return "(" + tests.map { "COALESCE(\(dialect.exists(leaves, "x", $0)), FALSE)" }.joined(separator: " AND ")
                + ")"
        }
        return "COALESCE(\(dialect.exists(leaves, "x", "(" + tests.joined(separator: " OR ") + ")")), FALSE)"
    }
}
