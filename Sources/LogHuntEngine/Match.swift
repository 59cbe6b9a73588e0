import LogHuntCore

/// A small record of one rule matching one event: what the correlator keeps instead of
/// whole events. Plain data (no reference-counted field): matches are made, copied and
/// dropped for most events, and a rule-id string in each cost a retain and a release per
/// copy. The rule's id is `DetectionEngine.identity(of:)`.
package struct Match: Sendable, Hashable {
    /// Index of the rule in the compiled rule set.
    package var rule: Int
    /// The event's time.
    package var timestamp: Timestamp?
    /// Where the event is.
    package var location: SourceLocation

    /// Creates a match.
    package init(rule: Int, timestamp: Timestamp?, location: SourceLocation) {
        self.rule = rule
        self.timestamp = timestamp
        self.location = location
    }
}
