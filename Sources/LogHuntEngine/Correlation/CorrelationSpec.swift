import LogHuntCore

/// A compiled correlation rule, ready for the `Correlator`: the rule's metadata, its type and
/// parameters, and its sources resolved to base-rule indices (as in `Match.rule`) or to other
/// correlations (chaining, by id or name).
///
/// The engine (or the facade) builds one per Sigma correlation rule. Field names are those of
/// the rule; `Source.aliases` maps an alias used in `groupBy`/`valueFields` to the field of that
/// source (Sigma `aliases`).
package struct CorrelationSpec: Sendable {
    /// The correlation type.
    package enum Kind: Sendable, Hashable {
        /// Number of matching events per group in the window.
        case eventCount
        /// Number of distinct values of the value fields per group in the window.
        case valueCount
        /// Number of distinct referenced rules matched in the window (any order).
        case temporal
        /// Length of the chain of referenced rules matched in the listed order, with strictly
        /// increasing times, inside the window.
        case temporalOrdered
        /// Sum of the numeric value field in the window.
        case valueSum
        /// Average of the numeric value field in the window.
        case valueAvg
        /// A percentile of the numeric value field in the window (linear interpolation at rank
        /// `(n−1)·p/100`); with `nil`, the share (0–100) of the window's events that carry the
        /// completing event's value (the specification's "appeared in less than 1%" reading).
        case valuePercentile(Double?)
        /// First-seen values (loghunt's `new_value`, after Elastic's new-terms rules).
        case newValue

        /// The Sigma spelling of the type.
        package var name: String {
            switch self {
            case .eventCount: "event_count"
            case .valueCount: "value_count"
            case .temporal: "temporal"
            case .temporalOrdered: "temporal_ordered"
            case .valueSum: "value_sum"
            case .valueAvg: "value_avg"
            case .valuePercentile: "value_percentile"
            case .newValue: "new_value"
            }
        }

        /// Parses a Sigma type name (`value_percentile` takes its percentile separately).
        /// - Parameters:
        ///   - name: the type as written in the rule.
        ///   - percentile: `condition.percentile`, for `value_percentile`.
        package init?(name: String, percentile: Double? = nil) {
            switch name {
            case "event_count": self = .eventCount
            case "value_count": self = .valueCount
            case "temporal": self = .temporal
            case "temporal_ordered": self = .temporalOrdered
            case "value_sum": self = .valueSum
            case "value_avg": self = .valueAvg
            case "value_percentile": self = .valuePercentile(percentile)
            case "value_median": self = .valuePercentile(50)
            case "new_value": self = .newValue
            default: return nil
            }
        }
    }

    /// One entry of the rule's `rules:` list.
    package struct Source: Sendable, Hashable {
        /// What the entry refers to.
        package enum Reference: Sendable, Hashable {
            /// A base (detection) rule, by its index in the compiled rule set (`Match.rule`).
            case rule(Int)
            /// Another correlation, by its id or name: its findings are this source's matches.
            case correlation(String)
        }

        /// What the entry refers to.
        package var reference: Reference
        /// The entry as written in the rule (a name or an id), for messages.
        package var name: String
        /// Sigma `aliases` for this source: alias (as used in `groupBy`/`valueFields`) →
        /// the field of this source's events (or, for a chained correlation, the group-by field
        /// of its findings).
        package var aliases: [String: String]

        /// Creates a source.
        /// - Parameters:
        ///   - reference: the referenced rule.
        ///   - name: the name or id as written.
        ///   - aliases: alias → field for this source.
        package init(_ reference: Reference, name: String, aliases: [String: String] = [:]) {
            self.reference = reference
            self.name = name
            self.aliases = aliases
        }

        /// The field to read for `name` on this source's events.
        /// - Parameter field: a field name as used by the correlation.
        /// - Returns: the aliased field, or `field` itself.
        package func resolve(_ field: String) -> String { aliases[field] ?? field }
    }

    /// The first-seen baseline of a `new_value` correlation.
    package enum Baseline: Sendable, Hashable {
        /// Every event before this instant (`baseline-until`).
        case until(Timestamp)
        /// The first period of the data, measured from the earliest event seen (`baseline`),
        /// including the earliest time that `--state` remembers.
        case period(TimeSpan)
    }

    /// The rule's metadata, as findings report it (`kind` is set from `type`).
    package var rule: RuleInfo
    /// The rule's `name`, when it has one (chained correlations may refer to it).
    package var name: String?
    /// The correlation type.
    package var type: Kind
    /// The referenced rules, in the listed order (the order matters for `temporal_ordered`).
    package var sources: [Source]
    /// Group-by fields (AND); empty means one group for everything.
    package var groupBy: [String]
    /// The window (`timespan`); `nil` only for `new_value`.
    package var timespan: TimeSpan?
    /// The condition; for `temporal` and `temporal_ordered` without one, every listed rule.
    package var condition: CorrelationThreshold
    /// `condition.field` (value types; a list is a composite value) or `field` (`new_value`).
    package var valueFields: [String]
    /// The baseline, for `new_value` (without one only `--state` is the baseline).
    package var baseline: Baseline?
    /// Sigma `generate`: when true the referenced rules still produce their own findings.
    package var generate: Bool

    /// Creates a spec.
    /// - Parameters:
    ///   - rule: metadata for findings (its `kind` is overwritten from `type`).
    ///   - name: the rule's `name`, if any.
    ///   - type: the correlation type.
    ///   - sources: the referenced rules in listed order.
    ///   - groupBy: group-by fields.
    ///   - timespan: the window (windowed types).
    ///   - condition: the condition; `nil` for `temporal`/`temporal_ordered` means every rule,
    ///     and for other types "always true".
    ///   - valueFields: the value field(s).
    ///   - baseline: the `new_value` baseline.
    ///   - generate: Sigma `generate`.
    package init(
        rule: RuleInfo, name: String? = nil, type: Kind, sources: [Source], groupBy: [String] = [],
        timespan: TimeSpan? = nil, condition: CorrelationThreshold? = nil, valueFields: [String] = [],
        baseline: Baseline? = nil, generate: Bool = false
    ) {
        var info = rule
        info.kind = type == .newValue ? .newValue : .correlation
        self.rule = info
        self.name = name
        self.type = type
        self.sources = sources
        self.groupBy = groupBy
        self.timespan = timespan
        switch (condition, type) {
        case (let c?, _): self.condition = c
        case (nil, .temporal), (nil, .temporalOrdered): self.condition = .atLeast(Double(sources.count))
        default: self.condition = CorrelationThreshold([])
        }
        self.valueFields = valueFields
        self.baseline = baseline
        self.generate = generate
    }

    /// The key under which `--state` keeps this rule's baseline: the rule id (or its name).
    package var stateKey: String { rule.id.isEmpty ? (name ?? rule.title) : rule.id }

    /// Whether `reference` (an id or a name from another rule's `rules:`) names this spec.
    /// - Parameter reference: the text written in the referencing rule.
    /// - Returns: true when it is this rule's id or name.
    package func isNamed(_ reference: String) -> Bool {
        reference == rule.id || (name.map { $0 == reference } ?? false)
    }

    /// Which base rules should not produce standalone findings: those referenced only by
    /// correlations with `generate: false` (the Sigma default). The engine still sends their
    /// matches to the `Correlator`.
    /// - Parameter specs: every correlation in the rule set.
    /// - Returns: indices of base rules (as in `Match.rule`) whose own findings are dropped.
    package static func suppressedBaseRules(_ specs: [CorrelationSpec]) -> Set<Int> {
        var referenced = Set<Int>()
        var generated = Set<Int>()
        for spec in specs {
            for source in spec.sources {
                guard case .rule(let index) = source.reference else { continue }
                referenced.insert(index)
                if spec.generate { generated.insert(index) }
            }
        }
        return referenced.subtracting(generated)
    }
}
