import LogHuntCore

/// One YAML document of a rule file.
package enum RuleDocument: Sendable, Hashable {
    /// A detection rule (`logsource` + `detection`).
    case detection(SigmaRule)
    /// A correlation rule (`correlation:`).
    case correlation(CorrelationRule)
    /// A meta-filter (`filter:`).
    case filter(FilterRule)

    /// The descriptive keys.
    package var metadata: RuleMetadata {
        switch self {
        case .detection(let r): r.metadata
        case .correlation(let r): r.metadata
        case .filter(let r): r.metadata
        }
    }

    /// `title`.
    package var title: String { metadata.title }
    /// `id`.
    package var id: String? { metadata.id }
    /// `name`.
    package var name: String? { metadata.name }
    /// `level`.
    package var level: Level? { metadata.level }
    /// The file the document came from.
    package var file: String { metadata.mark.file }
    /// Where the document starts.
    package var mark: RuleMark { metadata.mark }

    /// The id, else the name, else the title: how findings and listings name the rule.
    package var identity: String { metadata.id ?? metadata.name ?? metadata.title }

    /// `detection`, `correlation` (with its type, `correlation/new_value`) or `filter`, for listings.
    package var kindName: String {
        switch self {
        case .detection: "detection"
        case .correlation(let r): "correlation/\(r.type.rawValue)"
        case .filter: "filter"
        }
    }

    /// What `rules list` shows as the logsource: `product/service`, `*`, or for a
    /// correlation the rules it references.
    package var logsourceSummary: String {
        switch self {
        case .detection(let r): r.logsource.summary
        case .filter(let r): r.logsource.summary
        case .correlation(let r): "correlation of " + r.rules.map(\.target).joined(separator: ", ")
        }
    }

    /// The logsource (detection rules and filters).
    package var logsource: LogSource? {
        switch self {
        case .detection(let r): r.logsource
        case .correlation: nil
        case .filter(let r): r.logsource
        }
    }

    /// The embedded test cases.
    package var tests: [RuleTestCase] {
        switch self {
        case .detection(let r): r.tests
        case .correlation(let r): r.tests
        case .filter: []
        }
    }

    /// The rules this document references (correlations and filters).
    package var references: [RuleReference] {
        switch self {
        case .detection: []
        case .correlation(let r): r.rules
        case .filter(let r): r.rules
        }
    }
}
