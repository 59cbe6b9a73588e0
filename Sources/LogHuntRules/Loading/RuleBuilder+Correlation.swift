import LogHuntCore

extension RuleBuilder {
    /// Top-level keys a correlation document defines (others are custom fields).
    static let correlationRuleKeys: Set<String> = [
        "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
        "date", "modified", "correlation", "fields", "falsepositives", "level", "tags", "scope", "tests", "generate",
    ]

    /// Keys allowed inside `correlation:` (others are errors).
    static let correlationKeys: Set<String> = [
        "type", "rules", "group-by", "timespan", "condition", "aliases", "generate", "field", "baseline-until",
        "baseline",
    ]

    /// Builds a correlation rule from its document.
    mutating func correlation(_ root: YAMLNode, pairs: [YAMLPair], mark: RuleMark) -> RuleDocument? {
        let meta = metadata(root, pairs: pairs, known: RuleBuilder.correlationRuleKeys, mark: mark)
        guard let node = root["correlation"], case .mapping(let keys, let cmark) = node else {
            error(.wrongType(key: "correlation", expected: "a mapping"), at: root["correlation"]?.mark ?? mark)
            return nil
        }
        let before = errors
        for pair in keys {
            let key = pair.key.scalar?.text ?? ""
            if !RuleBuilder.correlationKeys.contains(key) {
                error(.unknownKey(key, in: "correlation"), at: pair.key.mark)
            }
        }
        guard let typeNode = node["type"] else {
            error(.missingKey("type", in: "correlation"), at: cmark)
            return nil
        }
        guard let typeText = string(typeNode, key: "correlation.type") else { return nil }
        guard let type = CorrelationRule.Kind(rawValue: typeText) else {
            error(.unknownCorrelationType(typeText), at: typeNode.mark)
            return nil
        }
        var rules: [RuleReference] = []
        if let r = node["rules"] {
            rules = references(r, key: "correlation.rules")
            if rules.isEmpty, errors == before { error(.emptyValueList, at: r.mark) }
        } else {
            error(.missingKey("rules", in: "correlation"), at: cmark)
        }
        let groupBy = node["group-by"].map { stringList($0, key: "correlation.group-by") } ?? []
        var timespan: TimeSpan?
        if let t = node["timespan"], let text = string(t, key: "correlation.timespan") {
            if let span = TimeSpan(parsing: text) { timespan = span } else { error(.invalidTimespan(text), at: t.mark) }
        } else if type != .newValue {
            error(.missingKey("timespan", in: "a correlation of type \(type.rawValue)"), at: cmark)
        }
        var condition: CorrelationCondition?
        if let c = node["condition"] {
            condition = correlationCondition(c, type: type)
        } else if [.eventCount, .valueCount, .valueSum, .valueAvg, .valuePercentile].contains(type) {
            error(.missingKey("condition", in: "a correlation of type \(type.rawValue)"), at: cmark)
        }
        if [.valueCount, .valueSum, .valueAvg, .valuePercentile].contains(type), let condition, condition.fields.isEmpty
        {
            error(
                .missingKey("field", in: "the condition of a correlation of type \(type.rawValue)"), at: condition.mark)
        }
        if type == .valuePercentile, let condition, condition.percentile == nil {
            error(.missingKey("percentile", in: "the condition of a value_percentile correlation"), at: condition.mark)
        }
        let aliases = node["aliases"].map { correlationAliases($0) } ?? []
        var generate = false
        if let g = node["generate"] ?? root["generate"] {
            if let s = g.scalar, s.kind == .bool {
                generate = ["true", "yes", "on"].contains(s.text.lowercased())
            } else {
                error(.wrongType(key: "generate", expected: "true or false"), at: g.mark)
            }
        }
        var newValue: NewValueSettings?
        if type == .newValue {
            newValue = newValueSettings(node, mark: cmark)
        } else {
            for key in ["field", "baseline-until", "baseline"] {
                if let n = node[key] {
                    error(.invalidValue(key, reason: "only new_value correlations take '\(key)' here"), at: n.mark)
                }
            }
        }
        let tests = root["tests"].map { testCases($0) } ?? []
        guard errors == before else { return nil }
        return .correlation(
            CorrelationRule(
                metadata: meta, type: type, rules: rules, groupBy: groupBy, timespan: timespan, condition: condition,
                aliases: aliases, generate: generate, newValue: newValue, tests: tests, mark: cmark))
    }

    /// A list of rule names or ids (a single scalar is a list of one).
    mutating func references(_ node: YAMLNode, key: String) -> [RuleReference] {
        switch node {
        case .scalar(let s) where s.kind != .null:
            return [RuleReference(target: s.text, mark: s.mark)]
        case .sequence(let items, _):
            var out: [RuleReference] = []
            for item in items {
                if let s = item.scalar, s.kind != .null {
                    out.append(RuleReference(target: s.text, mark: s.mark))
                } else {
                    error(.wrongType(key: key, expected: "a list of rule names or ids"), at: item.mark)
                }
            }
            return out
        default:
            error(.wrongType(key: key, expected: "a list of rule names or ids"), at: node.mark)
            return []
        }
    }

    /// A correlation `condition`: one or two bounds, `field`, `percentile`.
    mutating func correlationCondition(_ node: YAMLNode, type: CorrelationRule.Kind) -> CorrelationCondition? {
        guard case .mapping(let pairs, let mark) = node else {
            error(.wrongType(key: "correlation.condition", expected: "a mapping such as {gte: 10}"), at: node.mark)
            return nil
        }
        var bounds: [CorrelationBound] = []
        var fields: [String] = []
        var percentile: Double?
        for pair in pairs {
            let key = pair.key.scalar?.text ?? ""
            if key == "field" {
                fields = stringList(pair.value, key: "correlation.condition.field")
                continue
            }
            if key == "percentile" {
                if let s = pair.value.scalar, let v = Double(s.text), v >= 0, v <= 100 {
                    percentile = v
                } else {
                    error(
                        .invalidValue(pair.value.scalar?.text ?? "", reason: "percentile is a number from 0 to 100"),
                        at: pair.value.mark)
                }
                continue
            }
            guard let op = CorrelationBound.Operator(rawValue: key) else {
                error(
                    .unknownKey(key, in: "correlation condition (gt, gte, lt, lte, eq, neq, field)"), at: pair.key.mark)
                continue
            }
            guard let s = pair.value.scalar, let value = Double(s.text.filter { $0 != "_" }),
                s.kind == .int || s.kind == .float
            else {
                error(
                    .invalidValue(pair.value.scalar?.text ?? "", reason: "'\(key)' takes a number"), at: pair.value.mark
                )
                continue
            }
            bounds.append(CorrelationBound(op: op, value: value, text: s.text))
        }
        if bounds.isEmpty {
            error(.missingKey("gt, gte, lt, lte, eq or neq", in: "correlation condition"), at: mark)
        } else if bounds.count > 2 {
            error(.invalidValue("condition", reason: "a range has at most two bounds"), at: mark)
        }
        return CorrelationCondition(bounds: bounds, fields: fields, percentile: percentile, mark: mark)
    }

    /// The `aliases:` mapping: alias → {rule: field}.
    mutating func correlationAliases(_ node: YAMLNode) -> [CorrelationAlias] {
        guard case .mapping(let pairs, _) = node else {
            error(.wrongType(key: "correlation.aliases", expected: "a mapping of alias → {rule: field}"), at: node.mark)
            return []
        }
        var out: [CorrelationAlias] = []
        for pair in pairs {
            guard let name = pair.key.scalar?.text, case .mapping(let fields, _) = pair.value else {
                error(
                    .wrongType(key: "correlation.aliases", expected: "a mapping of alias → {rule: field}"),
                    at: pair.value.mark)
                continue
            }
            var mapped: [AliasField] = []
            for f in fields {
                guard let rule = f.key.scalar?.text, let field = f.value.scalar, field.kind != .null else {
                    error(
                        .wrongType(key: "correlation.aliases.\(name)", expected: "a mapping of rule → field"),
                        at: f.value.mark)
                    continue
                }
                mapped.append(AliasField(rule: rule, field: field.text, mark: f.key.mark))
            }
            out.append(CorrelationAlias(name: name, fields: mapped, mark: pair.key.mark))
        }
        return out
    }

    /// A `new_value` correlation's `field`, `baseline-until` and `baseline`.
    mutating func newValueSettings(_ node: YAMLNode, mark: RuleMark) -> NewValueSettings? {
        guard let fieldNode = node["field"] else {
            error(.missingKey("field", in: "a new_value correlation"), at: mark)
            return nil
        }
        let fields = stringList(fieldNode, key: "correlation.field")
        if fields.isEmpty {
            error(.emptyValueList, at: fieldNode.mark)
        }
        var settings = NewValueSettings(fields: fields, mark: fieldNode.mark)
        if let until = node["baseline-until"], let text = string(until, key: "correlation.baseline-until") {
            if let t = Timestamp(parsing: text) {
                settings.baselineUntil = t
            } else {
                error(.invalidDate(text), at: until.mark)
            }
        }
        if let period = node["baseline"], let text = string(period, key: "correlation.baseline") {
            if let span = TimeSpan(parsing: text) {
                settings.baseline = span
            } else {
                error(.invalidTimespan(text), at: period.mark)
            }
        }
        if settings.baseline != nil, settings.baselineUntil != nil, let n = node["baseline"] {
            error(.invalidValue("baseline", reason: "give either 'baseline-until' or 'baseline', not both"), at: n.mark)
        }
        if settings.baseline == nil, settings.baselineUntil == nil {
            warning("new_value correlation without 'baseline-until' or 'baseline' learns only from --state", at: mark)
        }
        return settings
    }

    // MARK: Filters

    /// Top-level keys a filter document defines (others are custom fields).
    static let filterRuleKeys: Set<String> = [
        "title", "id", "name", "related", "taxonomy", "status", "description", "license", "author", "references",
        "date", "modified", "logsource", "filter", "tags", "scope",
    ]

    /// Builds a meta-filter from its document.
    mutating func filter(_ root: YAMLNode, pairs: [YAMLPair], mark: RuleMark) -> RuleDocument? {
        let meta = metadata(root, pairs: pairs, known: RuleBuilder.filterRuleKeys, mark: mark)
        let before = errors
        let source: LogSource
        if let node = root["logsource"] {
            source = logsource(node)
        } else {
            error(.missingKey("logsource", in: "a filter"), at: mark)
            source = LogSource(mark: mark)
        }
        guard let node = root["filter"], case .mapping(_, let fmark) = node else {
            error(
                .wrongType(key: "filter", expected: "a mapping with rules, selections and condition"),
                at: root["filter"]?.mark ?? mark)
            return nil
        }
        var rules: [RuleReference] = []
        if let r = node["rules"] {
            rules = references(r, key: "filter.rules")
        } else {
            error(.missingKey("rules", in: "filter"), at: fmark)
        }
        guard let detection = detection(node, place: "filter", reserved: ["condition", "rules"]) else { return nil }
        if !detection.conditionText.contains(where: { $0.contains("not") }) {
            warning(
                "filter condition has no 'not': a filter is applied as (rule) and (filter condition), so it keeps only events it selects",
                at: detection.mark)
        }
        guard errors == before else { return nil }
        return .filter(FilterRule(metadata: meta, logsource: source, rules: rules, detection: detection, mark: fmark))
    }
}
