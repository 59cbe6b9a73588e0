/// A rule's `detection:` section: the search identifiers in file order and the condition.
package struct Detection: Sendable, Hashable {
    /// The search identifiers, in file order.
    package var identifiers: [SearchIdentifier]
    /// The parsed condition (a condition list is OR-ed into one).
    package var condition: Condition
    /// The condition text(s) as written.
    package var conditionText: [String]
    /// Where `detection:` starts.
    package var mark: RuleMark

    /// Creates a detection.
    package init(identifiers: [SearchIdentifier], condition: Condition, conditionText: [String], mark: RuleMark) {
        self.identifiers = identifiers
        self.condition = condition
        self.conditionText = conditionText
        self.mark = mark
    }

    /// The search identifier called `name`.
    package func identifier(named name: String) -> SearchIdentifier? {
        identifiers.first { $0.name == name }
    }
}
