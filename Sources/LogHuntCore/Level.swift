/// A Sigma rule level, ordered from least to most severe.
package enum Level: Int, Sendable, Hashable, Codable, Comparable, CaseIterable, CustomStringConvertible {
    case informational = 0
    case low
    case medium
    case high
    case critical

    /// Parses a Sigma level name (`informational`, `low`, `medium`, `high`, `critical`).
    package init?(name: String) {
        switch name.lowercased() {
        case "informational", "info": self = .informational
        case "low": self = .low
        case "medium": self = .medium
        case "high": self = .high
        case "critical": self = .critical
        default: return nil
        }
    }

    /// The Sigma spelling of the level.
    package var name: String {
        switch self {
        case .informational: "informational"
        case .low: "low"
        case .medium: "medium"
        case .high: "high"
        case .critical: "critical"
        }
    }

    package var description: String { name }

    package static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
}
