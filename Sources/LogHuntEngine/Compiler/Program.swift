import LogHuntCore
import LogHuntNormalize

/// A compiled rule set: the rules (their index is `Match.rule`), the index that picks which
/// rules an event visits, and the options they were compiled with. Immutable and `Sendable`:
/// compile once, share across workers.
package struct Program: Sendable {
    /// The compiled detection rules, in load order.
    package let rules: [CompiledRule]
    /// Which rules each event visits.
    package let index: RuleIndex
    /// Each rule's condition laid out for evaluation (parallel to `rules`).
    package let plans: [FlatExpression]
    /// The options used.
    package let options: CompileOptions

    /// Assembles a program and builds its index.
    /// - Parameters:
    ///   - rules: compiled rules.
    ///   - options: the options used.
    package init(rules: [CompiledRule], options: CompileOptions) {
        self.rules = rules
        self.options = options
        self.index = RuleIndex(rules: rules)
        self.plans = rules.map { FlatExpression($0.expression) }
    }

    /// Whether rule `rule` reports findings of its own (false when only a `generate: false`
    /// correlation uses it; its matches still go to the correlator).
    /// - Parameter rule: an index into `rules` (`Match.rule`).
    /// - Returns: true when the rule reports findings.
    package func emitsFindings(rule: Int) -> Bool {
        rules.indices.contains(rule) && rules[rule].emitsFindings
    }

    /// The index of the rule whose id or name is `reference` (how correlations name rules).
    /// - Parameter reference: an id or a name.
    /// - Returns: the index, or nil when no compiled rule has it.
    package func ruleIndex(named reference: String) -> Int? {
        rules.firstIndex { $0.id == reference } ?? rules.firstIndex { $0.name == reference }
    }
}
