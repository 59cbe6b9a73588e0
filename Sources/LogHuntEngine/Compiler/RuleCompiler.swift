import LogHuntCore
import LogHuntNormalize
import LogHuntRegex
import LogHuntRules

/// Compiles loaded rule documents into a `Program`: field references resolved once, values
/// turned into matchers (modifiers applied left to right), meta-filters AND-ed onto the rules
/// they name, and the optimiser run unless switched off.
///
/// Problems become diagnostics with the rule's FILE:LINE:COLUMN; a rule with an error (or an
/// unresolved placeholder) is left out, every other rule still compiles.
package struct RuleCompiler {
    /// The options.
    package var options: CompileOptions

    /// Creates a compiler.
    /// - Parameter options: optimiser switch, regex JIT, placeholder values.
    package init(options: CompileOptions = CompileOptions()) {
        self.options = options
    }

    /// A problem found while compiling one item, with where it is.
    private struct Problem: Error {
        var error: EngineError
        var mark: RuleMark
    }

    /// Compiles every detection rule of `documents`; filters and correlations are applied
    /// (filters AND-ed on, `generate: false` correlations silence their base rules).
    /// - Parameters:
    ///   - documents: loaded documents (from any number of files).
    ///   - sink: receives `.ruleError` and `.unresolvedPlaceholder` diagnostics.
    /// - Returns: the program.
    package func compile(_ documents: [RuleDocument], sink: any DiagnosticSink) -> Program {
        let filters = documents.compactMap { doc -> FilterRule? in
            if case .filter(let f) = doc { return f }
            return nil
        }
        // A base rule reports its own findings unless only `generate: false` correlations use it.
        var silenced: Set<String> = []
        var generated: Set<String> = []
        for case .correlation(let c) in documents {
            for r in c.rules {
                if c.generate { generated.insert(r.target) } else { silenced.insert(r.target) }
            }
        }
        silenced.subtract(generated)
        for f in filters {
            if !Self.conditionHasNot(f.detection.condition) {
                sink.emit(Self.diagnostic(.warning, .ruleError, EngineError.filterWithoutNot(f.title), f.mark))
            }
        }
        var rules: [CompiledRule] = []
        for case .detection(let rule) in documents {
            let applicable = filters.filter { Self.filter($0, appliesTo: rule) }
            do {
                var compiled = try compileRule(rule, filters: applicable)
                let names = [rule.id, rule.name].compactMap { $0 }
                compiled.emitsFindings = !names.contains { silenced.contains($0) }
                rules.append(compiled)
            } catch let problem as Problem {
                let code: Diagnostic.Code
                let severity: Diagnostic.Severity
                if case .unresolvedPlaceholder = problem.error {
                    code = .unresolvedPlaceholder
                    severity = .warning
                } else {
                    code = .ruleError
                    severity = .error
                }
                sink.emit(Self.diagnostic(severity, code, problem.error, problem.mark))
            } catch {
                sink.emit(
                    Diagnostic(.error, .ruleError, file: rule.mark.file, line: rule.mark.line, message: "\(error)"))
            }
        }
        return Program(rules: rules, options: options)
    }

    private static func diagnostic(
        _ severity: Diagnostic.Severity, _ code: Diagnostic.Code, _ error: EngineError, _ mark: RuleMark
    ) -> Diagnostic {
        Diagnostic(severity, code, file: mark.file, line: mark.line, column: mark.column, message: error.description)
    }

    // MARK: Rules

    private func compileRule(_ rule: SigmaRule, filters: [FilterRule]) throws -> CompiledRule {
        let product = rule.logsource.product
        var definitions: [Expr] = []
        var names: [String] = []
        var indexByName: [String: Int] = [:]
        for identifier in rule.detection.identifiers {
            indexByName[identifier.name] = definitions.count
            names.append(identifier.name)
            definitions.append(try compileIdentifier(identifier, product: product))
        }
        var root = condition(rule.detection.condition, indexByName, prefix: "")
        if !filters.isEmpty {
            var parts = [root]
            for f in filters {
                var local: [String: Int] = [:]
                for identifier in f.detection.identifiers {
                    local[identifier.name] = definitions.count
                    names.append("\(f.id ?? f.title)/\(identifier.name)")
                    definitions.append(try compileIdentifier(identifier, product: product))
                }
                parts.append(condition(f.detection.condition, local, prefix: ""))
            }
            root = .and(parts)
        }
        var expression = RuleExpression(definitions: definitions, names: names, root: root)
        if options.optimise { Optimiser.run(&expression) }
        let identity = rule.id ?? rule.name ?? rule.title
        let info = RuleInfo(
            id: identity, title: rule.title, level: rule.level ?? .medium, tags: rule.tags,
            description: rule.description ?? "", references: rule.references, falsePositives: rule.falsePositives,
            status: rule.status, author: rule.author, file: rule.mark.file, kind: .detection)
        return CompiledRule(
            info: info, identity: identity, id: rule.id, name: rule.name, product: product,
            service: rule.logsource.service, providers: CompiledRule.providers(for: product), expression: expression,
            tests: rule.tests)
    }

    private func condition(_ c: Condition, _ index: [String: Int], prefix: String) -> Expr {
        switch c {
        case .identifier(let name, _):
            return index[name].map(Expr.reference) ?? .constant(false)
        case .not(let inner, _): return .not(condition(inner, index, prefix: prefix))
        case .and(let xs): return .and(xs.map { condition($0, index, prefix: prefix) })
        case .or(let xs): return .or(xs.map { condition($0, index, prefix: prefix) })
        case .oneOf(let sel): return .or(sel.identifiers.compactMap { index[$0].map(Expr.reference) })
        case .allOf(let sel): return .and(sel.identifiers.compactMap { index[$0].map(Expr.reference) })
        }
    }

    /// True when the filter names the rule (or names no rule) and its logsource matches the
    /// rule's: every key the filter gives must equal the rule's (ignoring case).
    private static func filter(_ f: FilterRule, appliesTo rule: SigmaRule) -> Bool {
        let names = [rule.id, rule.name].compactMap { $0 }
        guard f.rules.isEmpty || f.rules.contains(where: { names.contains($0.target) }) else { return false }
        func same(_ a: String?, _ b: String?) -> Bool {
            guard let a else { return true }
            return a.lowercased() == b?.lowercased()
        }
        return same(f.logsource.product, rule.logsource.product) && same(f.logsource.service, rule.logsource.service)
            && same(f.logsource.category, rule.logsource.category)
    }

    private static func conditionHasNot(_ c: Condition) -> Bool {
        switch c {
        case .not: return true
        case .and(let xs), .or(let xs): return xs.contains(where: conditionHasNot)
        case .identifier, .oneOf, .allOf: return false
        }
    }

    // MARK: Search identifiers and items

    private func compileIdentifier(_ identifier: SearchIdentifier, product: String?) throws -> Expr {
        switch identifier.body {
        case .maps(let maps):
            let alternatives = try maps.map { map in
                Expr.and(try map.items.map { try compileItem($0, product: product) })
            }
            return alternatives.count == 1 ? alternatives[0] : .or(alternatives)
        case .keywords(let item):
            return try compileItem(item, product: product)
        }
    }

    /// One `field|modifiers: values` item.
    private func compileItem(_ item: DetectionItem, product: String?) throws -> Expr {
        let mods = item.modifiers
        guard let fieldName = item.field else { return try compileKeywords(item) }
        let field = FieldRef(resolving: fieldName, product: product, mapping: options.fieldMapping)

        if mods.contains(.exists) {
            let want = item.values.first?.boolValue ?? true
            return .predicate(Predicate(field: field, test: .exists(want)))
        }
        if item.values.count == 1, item.values[0].isNull {
            let e = Expr.predicate(Predicate(field: field, test: .null))
            return mods.contains(.neq) ? .not(e) : e
        }
        var perValue: [Expr] = []
        for value in item.values {
            let tests = try compileValue(value, modifiers: mods, product: product)
            let alternatives = tests.map { Expr.predicate(Predicate(field: field, test: $0)) }
            perValue.append(alternatives.count == 1 ? alternatives[0] : .or(alternatives))
        }
        let combined: Expr = perValue.count == 1 ? perValue[0] : (item.isAll ? .and(perValue) : .or(perValue))
        // pySigma: `neq` negates the whole item, so `neq: [a, b]` is "neither a nor b".
        return mods.contains(.neq) ? .not(combined) : combined
    }

    /// A keyword list: each value must occur in some string leaf of the record (substring,
    /// case-insensitive, wildcards honoured); OR-ed, or AND-ed with `|all`.
    private func compileKeywords(_ item: DetectionItem) throws -> Expr {
        if let bad = item.modifiers.first(where: {
            [.re, .cidr, .exists, .fieldref, .gt, .gte, .lt, .lte].contains($0) || $0.isTimePart
        }) {
            throw Problem(error: .unsupportedModifier(bad.name, reason: "cannot be used on keywords"), mark: item.mark)
        }
        var perValue: [Expr] = []
        for value in item.values where !value.isNull {
            var variants = try stringVariants(value, modifiers: item.modifiers)
            variants = variants.map { v in
                var parts = v
                if parts.first != .anyRun { parts.insert(.anyRun, at: 0) }
                if parts.last != .anyRun { parts.append(.anyRun) }
                return parts
            }
            let cased = item.modifiers.contains(.cased)
            let alternatives = variants.map { Expr.keyword(WildcardPattern($0, caseSensitive: cased)) }
            perValue.append(alternatives.count == 1 ? alternatives[0] : .or(alternatives))
        }
        if perValue.isEmpty { return .constant(false) }
        let combined: Expr = perValue.count == 1 ? perValue[0] : (item.isAll ? .and(perValue) : .or(perValue))
        return item.modifiers.contains(.neq) ? .not(combined) : combined
    }

    // MARK: Values

    /// One value with placeholders replaced: its text and its wildcard parts.
    private struct Expanded {
        var text: String
        var parts: [SigmaStringPart]
    }

    /// Replaces `%name%` placeholders (under `|expand`) by every combination of their values.
    private func expand(_ value: SigmaValue, modifiers: [Modifier]) throws -> [Expanded] {
        if modifiers.contains(.expand), modifiers.contains(.re) {
            return try Self.regexPlaceholders(value.text).map { pieces in
                var out = [""]
                for piece in pieces {
                    switch piece {
                    case .text(let t): out = out.map { $0 + t }
                    case .placeholder(let name):
                        guard let values = options.placeholders[name], !values.isEmpty else {
                            throw Problem(error: .unresolvedPlaceholder(name), mark: value.mark)
                        }
                        out = out.flatMap { prefix in values.map { prefix + $0 } }
                    }
                }
                return out.map { Expanded(text: $0, parts: [.literal($0)]) }
            }.flatMap { $0 }
        }
        guard modifiers.contains(.expand), value.hasPlaceholders else {
            return [Expanded(text: value.text, parts: value.parts)]
        }
        var out: [Expanded] = [Expanded(text: "", parts: [])]
        for part in value.parts {
            switch part {
            case .placeholder(let name):
                guard let values = options.placeholders[name], !values.isEmpty else {
                    throw Problem(error: .unresolvedPlaceholder(name), mark: value.mark)
                }
                out = out.flatMap { e in
                    values.map { v in
                        Expanded(text: e.text + v, parts: e.parts + SigmaStringPart.parse(v, placeholders: false))
                    }
                }
            case .literal(let s):
                out = out.map { Expanded(text: $0.text + s, parts: $0.parts + [part]) }
            case .anyRun:
                out = out.map { Expanded(text: $0.text + "*", parts: $0.parts + [part]) }
            case .anyChar:
                out = out.map { Expanded(text: $0.text + "?", parts: $0.parts + [part]) }
            }
        }
        return out
    }

    private enum RegexPiece {
        /// Regex text, kept as written.
        case text(String)
        /// `%name%`.
        case placeholder(String)
    }

    /// Splits a regex value at `%name%` placeholders (`\%` is a literal percent sign); every
    /// other character, backslashes included, is the regex's own.
    private static func regexPlaceholders(_ text: String) -> [[RegexPiece]] {
        var pieces: [RegexPiece] = []
        var current = ""
        let chars = Array(text)
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c == "\\", i + 1 < chars.count, chars[i + 1] == "%" {
                current.append("%")
                i += 2
                continue
            }
            if c == "%", let close = chars[(i + 1)...].firstIndex(of: "%"), close > i + 1 {
                if !current.isEmpty { pieces.append(.text(current)) }
                current = ""
                pieces.append(.placeholder(String(chars[(i + 1)..<close])))
                i = close + 1
                continue
            }
            current.append(c)
            i += 1
        }
        if !current.isEmpty { pieces.append(.text(current)) }
        return [pieces]
    }

    /// The tests one value stands for (OR-ed: placeholders, `base64offset` and `windash` give several).
    private func compileValue(_ value: SigmaValue, modifiers mods: [Modifier], product: String?) throws -> [ValueTest] {
        let expanded = try expand(value, modifiers: mods)
        var tests: [ValueTest] = []
        for e in expanded {
            tests += try compileExpanded(e, value: value, modifiers: mods, product: product)
        }
        return tests
    }

    private func compileExpanded(_ e: Expanded, value: SigmaValue, modifiers mods: [Modifier], product: String?)
        throws -> [ValueTest]
    {
        let has = Set(mods)
        if has.contains(.fieldref) {
            let mode: FieldRefMode =
                has.contains(.contains)
                ? .contains
                : has.contains(.startswith) ? .startsWith : has.contains(.endswith) ? .endsWith : .equals
            return [
                .fieldRef(
                    FieldRef(resolving: e.text, product: product, mapping: options.fieldMapping), mode,
                    caseSensitive: has.contains(.cased))
            ]
        }
        if has.contains(.re) {
            var pattern = e.text
            if has.contains(.startswith) { pattern = "^(?:" + pattern + ")" }
            if has.contains(.endswith) { pattern = "(?:" + pattern + ")$" }
            let opts = RegexOptions(
                caseless: has.contains(.reIgnoreCase), multiline: has.contains(.reMultiline),
                dotAll: has.contains(.reDotAll), jit: options.regexJIT)
            do {
                return [.regex(try PCRE2Pattern(pattern, options: opts))]
            } catch {
                switch error {
                case .invalidPattern(let message, let offset):
                    throw Problem(
                        error: .invalidRegex(e.text, offset: offset, message: message),
                        mark: value.mark.advanced(byColumns: value.quoted ? offset + 1 : offset))
                case .outOfMemory:
                    throw Problem(error: .invalidRegex(e.text, offset: 0, message: "out of memory"), mark: value.mark)
                }
            }
        }
        if has.contains(.cidr) {
            guard let net = IPNetwork(e.text) else { throw Problem(error: .invalidNetwork(e.text), mark: value.mark) }
            return [.cidr(net)]
        }
        let comparison = mods.first(where: \.isComparison).flatMap { ComparisonOperator(rawValue: $0.rawValue) }
        if let partModifier = mods.first(where: \.isTimePart), let part = TimePart(rawValue: partModifier.rawValue) {
            guard let n = Int(e.text.trimmingCharacters(in: " ")) else {
                throw Problem(error: .invalidTimePart(e.text), mark: value.mark)
            }
            return [.timePart(part, comparison, n)]
        }
        if let op = comparison {
            let text = e.text.trimmingCharacters(in: " ")
            if value.kind == .int || value.kind == .float || Double(text) != nil,
                let n = Double(text) ?? value.numberValue
            {
                return [.compare(op, n)]
            }
            if let t = Timestamp(parsing: text) { return [.compareTime(op, t)] }
            throw Problem(error: .invalidComparison(e.text), mark: value.mark)
        }
        let stringModifiers: Set<Modifier> = [
            .contains, .startswith, .endswith, .base64, .base64offset, .utf16le, .utf16be, .utf16, .windash, .cased,
        ]
        if has.isDisjoint(with: stringModifiers) {
            if value.kind == .int || value.kind == .float, let n = value.numberValue {
                return [.number(n, text: value.text)]
            }
            if value.kind == .bool, let b = value.boolValue {
                return [.bool(b)]
            }
        }
        let cased = has.contains(.cased)
        return try stringVariants(value, parts: e.parts, modifiers: mods).map {
            .string(WildcardPattern($0, caseSensitive: cased))
        }
    }

    private func stringVariants(_ value: SigmaValue, modifiers mods: [Modifier]) throws -> [[ValuePart]] {
        var out: [[ValuePart]] = []
        for e in try expand(value, modifiers: mods) {
            out += try stringVariants(value, parts: e.parts, modifiers: mods)
        }
        return out
    }

    /// Applies the string modifiers left to right to every variant of the value.
    private func stringVariants(_ value: SigmaValue, parts: [SigmaStringPart], modifiers mods: [Modifier]) throws
        -> [[ValuePart]]
    {
        var variants: [[ValuePart]] = [
            parts.compactMap { p -> ValuePart? in
                switch p {
                case .literal(let s): .literal(Array(s.utf8))
                case .anyRun: .anyRun
                case .anyChar: .anyChar
                case .placeholder(let name): .literal(Array("%\(name)%".utf8))
                }
            }.normalised
        ]
        for m in mods {
            switch m {
            case .contains:
                variants = variants.map { v in
                    var v = v
                    if v.first != .anyRun { v.insert(.anyRun, at: 0) }
                    if v.last != .anyRun { v.append(.anyRun) }
                    return v
                }
            case .startswith:
                variants = variants.map { $0.last == .anyRun ? $0 : $0 + [.anyRun] }
            case .endswith:
                variants = variants.map { $0.first == .anyRun ? $0 : [.anyRun] + $0 }
            case .base64, .base64offset:
                variants = try variants.flatMap { v -> [[ValuePart]] in
                    guard let bytes = v.plainBytes ?? (v.isEmpty ? [] : nil) else {
                        throw Problem(error: .encodingWithWildcards(value.text), mark: value.mark)
                    }
                    if m == .base64 { return [[.literal(ValueEncoding.base64(bytes))]] }
                    return ValueEncoding.base64Offsets(bytes).map { [.literal($0)] }
                }
            case .utf16le, .utf16be, .utf16:
                variants = variants.map { v in
                    var first = true
                    return v.map { part in
                        guard case .literal(let b) = part else { return part }
                        defer { first = false }
                        switch m {
                        case .utf16le: return .literal(ValueEncoding.utf16LE(b))
                        case .utf16be: return .literal(ValueEncoding.utf16BE(b))
                        default: return .literal(first ? ValueEncoding.utf16(b) : ValueEncoding.utf16LE(b))
                        }
                    }
                }
            case .windash:
                variants = try variants.flatMap { v -> [[ValuePart]] in
                    guard let expanded = ValueEncoding.windash(v) else {
                        throw Problem(
                            error: .windashTooManyVariants(value.text, limit: ValueEncoding.maxWindashVariants),
                            mark: value.mark)
                    }
                    return expanded
                }
            default:
                break
            }
        }
        return variants.map(\.normalised)
    }
}
