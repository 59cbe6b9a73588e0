import LogHuntCore

/// A small record of one rule matching one event: what the correlator keeps instead of
/// whole events.
package struct Match: Sendable, Hashable {
    /// Index of the rule in the compiled rule set.
    package var rule: Int
    /// The rule's id (or name when it has no id).
    package var ruleID: String
    /// The event's time.
    package var timestamp: Timestamp?
    /// Where the event is.
    package var location: SourceLocation

    /// Creates a match.
    package init(rule: Int, ruleID: String, timestamp: Timestamp?, location: SourceLocation) {
        self.rule = rule
        self.ruleID = ruleID
        self.timestamp = timestamp
        self.location = location
    }
}
