import LogHuntCore
import LogHuntNormalize

/// What the report needs to know about the rule behind a finding.
package struct RuleInfo: Sendable, Hashable {
    /// What kind of rule produced the finding.
    package enum Kind: String, Sendable, Hashable {
        case detection
        case correlation
        case newValue = "new_value"
    }

    package var id: String
    package var title: String
    package var level: Level
    package var tags: [String]
    package var description: String
    package var references: [String]
    package var falsePositives: [String]
    /// Sigma `status` (`stable`, `test`, `experimental`, …), if given.
    package var status: String?
    package var author: String?
    /// The rule file (built-in rules report `Rules/<product>/…`).
    package var file: String
    package var kind: Kind

    /// Creates rule information.
    package init(
        id: String, title: String, level: Level, tags: [String] = [], description: String = "",
        references: [String] = [], falsePositives: [String] = [], status: String? = nil, author: String? = nil,
        file: String = "", kind: Kind = .detection
    ) {
        self.id = id
        self.title = title
        self.level = level
        self.tags = tags
        self.description = description
        self.references = references
        self.falsePositives = falsePositives
        self.status = status
        self.author = author
        self.file = file
        self.kind = kind
    }
}

/// Details of a correlation or first-seen finding.
package struct CorrelationDetail: Sendable, Hashable {
    /// Correlation type (`event_count`, `value_count`, `temporal`, `new_value`, …).
    package var type: String
    /// The group-by fields and their values for this finding, in rule order.
    package var group: [JSONMember]
    /// The aggregate that met the condition (count, distinct count, sum, …), when numeric.
    package var value: Double?
    /// For `new_value`: the new value (composite values joined with `|`).
    package var newValue: String?
    /// Start of the window that met the condition.
    package var windowStart: Timestamp?

    /// Creates a detail record.
    package init(
        type: String, group: [JSONMember] = [], value: Double? = nil, newValue: String? = nil,
        windowStart: Timestamp? = nil
    ) {
        self.type = type
        self.group = group
        self.value = value
        self.newValue = newValue
        self.windowStart = windowStart
    }
}

/// One finding: a rule that fired on an event (or on a group of events for correlations).
package struct Finding: Sendable {
    /// The rule.
    package var rule: RuleInfo
    /// The time of the event (for correlations: of the event that completed the condition).
    package var timestamp: Timestamp?
    /// Where the event is.
    package var location: SourceLocation
    /// The event the finding is about (for correlations: the last event behind it).
    package var event: Event?
    /// For correlation findings: the events behind it (capped; see `relatedOmitted`).
    package var related: [SourceLocation]
    /// How many related events were left out of `related`.
    package var relatedOmitted: Int
    /// Correlation details, for correlation and first-seen findings.
    package var correlation: CorrelationDetail?
    /// Remarks for the analyst (for example a lower-confidence suffix match).
    package var notes: [String]

    /// Creates a finding.
    package init(
        rule: RuleInfo, timestamp: Timestamp?, location: SourceLocation, event: Event?,
        related: [SourceLocation] = [], relatedOmitted: Int = 0, correlation: CorrelationDetail? = nil,
        notes: [String] = []
    ) {
        self.rule = rule
        self.timestamp = timestamp
        self.location = location
        self.event = event
        self.related = related
        self.relatedOmitted = relatedOmitted
        self.correlation = correlation
        self.notes = notes
    }

    /// The order findings are reported in: event time, then file, record and rule id, so the
    /// result does not depend on the order files were read in. Findings without a time come last.
    package static func reportOrder(_ a: Finding, _ b: Finding) -> Bool {
        switch (a.timestamp, b.timestamp) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, .none): return true
        case (.none, .some): return false
        default: break
        }
        if a.location != b.location { return a.location < b.location }
        return a.rule.id < b.rule.id
    }
}
