import LogHuntCore
import LogHuntRules

extension CorrelationSpec {
    /// Builds the spec of a parsed correlation (or `new_value`) rule.
    ///
    /// Each entry of `rules:` that `baseRule` resolves becomes `.rule(index)`; any other entry
    /// is taken as another correlation's id or name (the `Correlator` resolves it among its
    /// specs and warns when nothing has it). Each source gets the `aliases` written for its
    /// name, or for another name or id of the same base rule.
    /// - Parameters:
    ///   - rule: the parsed rule.
    ///   - baseRule: the compiled index (`Match.rule`) of the detection rule with this id or
    ///     name, or nil (for example `Program.ruleIndex(named:)`).
    package init(_ rule: CorrelationRule, baseRule: (String) -> Int?) {
        let metadata = rule.metadata
        let info = RuleInfo(
            id: metadata.id ?? metadata.name ?? metadata.title, title: metadata.title, level: metadata.level ?? .medium,
            tags: metadata.tags, description: metadata.description ?? "", references: metadata.references,
            falsePositives: metadata.falsePositives, status: metadata.status, author: metadata.author,
            file: metadata.mark.file, kind: rule.type == .newValue ? .newValue : .correlation)
        let type: Kind
        switch rule.type {
        case .eventCount: type = .eventCount
        case .valueCount: type = .valueCount
        case .temporal: type = .temporal
        case .temporalOrdered: type = .temporalOrdered
        case .valueSum: type = .valueSum
        case .valueAvg: type = .valueAvg
        case .valuePercentile: type = .valuePercentile(rule.condition?.percentile)
        case .newValue: type = .newValue
        }
        let sources = rule.rules.map { reference -> Source in
            let index = baseRule(reference.target)
            var aliases: [String: String] = [:]
            for alias in rule.aliases {
                let field =
                    alias.field(for: reference.target)
                    ?? alias.fields.first { pair in index != nil && baseRule(pair.rule) == index }?.field
                if let field { aliases[alias.name] = field }
            }
            return Source(
                index.map { .rule($0) } ?? .correlation(reference.target), name: reference.target, aliases: aliases)
        }
        let threshold = rule.condition.map { condition in
            CorrelationThreshold(
                condition.bounds.map { CorrelationThreshold.Comparison(Self.operator($0.op), $0.value) })
        }
        var baseline: Baseline?
        if let until = rule.newValue?.baselineUntil {
            baseline = .until(until)
        } else if let period = rule.newValue?.baseline {
            baseline = .period(period)
        }
        self.init(
            rule: info, name: metadata.name, type: type, sources: sources, groupBy: rule.groupBy,
            timespan: rule.timespan,
            condition: threshold,
            valueFields: rule.type == .newValue ? (rule.newValue?.fields ?? []) : (rule.condition?.fields ?? []),
            baseline: baseline, generate: rule.generate)
    }

    private static func `operator`(_ op: CorrelationBound.Operator) -> CorrelationThreshold.Operator {
        switch op {
        case .gt: .gt
        case .gte: .gte
        case .lt: .lt
        case .lte: .lte
        case .eq: .eq
        case .neq: .neq
        }
    }
}
