import LogHuntCore

/// A Sigma correlation rule (or loghunt's `new_value` first-seen rule).
package struct CorrelationRule: Sendable, Hashable {
    /// The correlation type.
    package enum Kind: String, Sendable, Hashable, CaseIterable {
        case eventCount = "event_count"
        case valueCount = "value_count"
        case temporal
        case temporalOrdered = "temporal_ordered"
        case valueSum = "value_sum"
        case valueAvg = "value_avg"
        case valuePercentile = "value_percentile"
        /// loghunt: fires on the first value of `field` not seen in the baseline.
        case newValue = "new_value"
    }

    /// Title, id, name, level and the other descriptive keys.
    package var metadata: RuleMetadata
    /// `type`.
    package var type: Kind
    /// `rules`: base rules (or correlations) by name or id, in order.
    package var rules: [RuleReference]
    /// `group-by` fields (AND).
    package var groupBy: [String]
    /// `timespan`; nil when not given (allowed for `new_value`).
    package var timespan: TimeSpan?
    /// `condition`; nil when not given (temporal types count the distinct rules).
    package var condition: CorrelationCondition?
    /// `aliases`: one virtual field name per alias, mapped per rule.
    package var aliases: [CorrelationAlias]
    /// `generate`: whether the base rules also report their own findings (default false).
    package var generate: Bool
    /// `new_value` settings (field, baseline).
    package var newValue: NewValueSettings?
    /// `tests:` cases.
    package var tests: [RuleTestCase]
    /// Where `correlation:` starts.
    package var mark: RuleMark

    /// Creates a correlation rule.
    package init(
        metadata: RuleMetadata, type: Kind, rules: [RuleReference], groupBy: [String] = [],
        timespan: TimeSpan? = nil, condition: CorrelationCondition? = nil, aliases: [CorrelationAlias] = [],
        generate: Bool = false, newValue: NewValueSettings? = nil, tests: [RuleTestCase] = [], mark: RuleMark
    ) {
        self.metadata = metadata
        self.type = type
        self.rules = rules
        self.groupBy = groupBy
        self.timespan = timespan
        self.condition = condition
        self.aliases = aliases
        self.generate = generate
        self.newValue = newValue
        self.tests = tests
        self.mark = mark
    }

    /// `title`.
    package var title: String { metadata.title }
    /// `id`.
    package var id: String? { metadata.id }
    /// `name`.
    package var name: String? { metadata.name }
    /// `level`.
    package var level: Level? { metadata.level }
    /// `tags`.
    package var tags: [String] { metadata.tags }
}

/// A reference from a correlation or filter to another rule, by `name` or `id`.
package struct RuleReference: Sendable, Hashable {
    /// The name or id as written.
    package var target: String
    /// Where the reference is.
    package var mark: RuleMark

    /// Creates a reference.
    package init(target: String, mark: RuleMark) {
        self.target = target
        self.mark = mark
    }
}

/// A correlation `condition`: one or two bounds, plus the field for value-based types.
package struct CorrelationCondition: Sendable, Hashable {
    /// The bounds (all must hold).
    package var bounds: [CorrelationBound]
    /// `field`: one name, or several (a composite value); empty when not given.
    package var fields: [String]
    /// `percentile` (0–100) for `value_percentile`; nil otherwise.
    package var percentile: Double?
    /// Where the condition starts.
    package var mark: RuleMark

    /// Creates a condition.
    package init(bounds: [CorrelationBound], fields: [String] = [], percentile: Double? = nil, mark: RuleMark) {
        self.bounds = bounds
        self.fields = fields
        self.percentile = percentile
        self.mark = mark
    }

    /// True when `value` satisfies every bound.
    package func holds(_ value: Double) -> Bool { bounds.allSatisfy { $0.holds(value) } }
}

/// One bound of a correlation condition (`gte: 10`).
package struct CorrelationBound: Sendable, Hashable {
    /// The comparison.
    package enum Operator: String, Sendable, Hashable, CaseIterable {
        case gt, gte, lt, lte, eq, neq
    }

    /// The comparison.
    package var op: Operator
    /// The number compared with.
    package var value: Double
    /// The number's text.
    package var text: String

    /// Creates a bound.
    package init(op: Operator, value: Double, text: String) {
        self.op = op
        self.value = value
        self.text = text
    }

    /// True when `x` satisfies the bound.
    package func holds(_ x: Double) -> Bool {
        switch op {
        case .gt: x > value
        case .gte: x >= value
        case .lt: x < value
        case .lte: x <= value
        case .eq: x == value
        case .neq: x != value
        }
    }
}

/// One `aliases:` entry: a virtual field, mapped to a real field per referenced rule.
package struct CorrelationAlias: Sendable, Hashable {
    /// The alias (usable in `group-by`).
    package var name: String
    /// Rule name → field in that rule's events, in file order.
    package var fields: [AliasField]
    /// Where the alias is.
    package var mark: RuleMark

    /// Creates an alias.
    package init(name: String, fields: [AliasField], mark: RuleMark) {
        self.name = name
        self.fields = fields
        self.mark = mark
    }

    /// The field for `rule` (a name or id), if mapped.
    package func field(for rule: String) -> String? { fields.first { $0.rule == rule }?.field }
}

/// One rule → field pair of an alias.
package struct AliasField: Sendable, Hashable {
    /// The rule's name (or id).
    package var rule: String
    /// The field in that rule's events.
    package var field: String
    /// Where the pair is.
    package var mark: RuleMark

    /// Creates a pair.
    package init(rule: String, field: String, mark: RuleMark) {
        self.rule = rule
        self.field = field
        self.mark = mark
    }
}

/// The settings of a `new_value` correlation.
package struct NewValueSettings: Sendable, Hashable {
    /// `field`: one name or several (a composite value).
    package var fields: [String]
    /// `baseline-until`: events before this instant build the baseline.
    package var baselineUntil: Timestamp?
    /// `baseline`: the first period of the data builds the baseline.
    package var baseline: TimeSpan?
    /// Where `field` is.
    package var mark: RuleMark

    /// Creates settings.
    package init(fields: [String], baselineUntil: Timestamp? = nil, baseline: TimeSpan? = nil, mark: RuleMark) {
        self.fields = fields
        self.baselineUntil = baselineUntil
        self.baseline = baseline
        self.mark = mark
    }
}
