import LogHuntCore

/// One entry of a rule's `tests:` list: a raw record and whether the rule must match it.
package struct RuleTestCase: Sendable, Hashable {
    /// `name`.
    package var name: String
    /// `event`: the raw record (YAML converted to JSON; numbers keep their text). For a
    /// correlation test written with `events:`, the last event.
    package var event: JSONValue
    /// `events:` for correlation tests (in order); `[event]` for a single-event case.
    package var events: [JSONValue]
    /// `match`: true when the rule must fire on the event.
    package var match: Bool
    /// Where the case starts.
    package var mark: RuleMark

    /// Creates a test case with one event.
    package init(name: String, event: JSONValue, match: Bool, mark: RuleMark) {
        self.name = name
        self.event = event
        self.events = [event]
        self.match = match
        self.mark = mark
    }

    /// Creates a test case with several events (correlations).
    package init(name: String, events: [JSONValue], match: Bool, mark: RuleMark) {
        self.name = name
        self.event = events.last ?? .object([])
        self.events = events
        self.match = match
        self.mark = mark
    }
}
