import LogHuntCore

/// How a Sigma level reads in SARIF and on GitHub (CONVENTIONS §1.8).
package struct SARIFLevel: Sendable, Hashable {
    /// `error`, `warning` or `note`.
    package var level: String
    /// GitHub's `security-severity`: a number in a string.
    package var securitySeverity: String

    /// critical/high → `error` (9.5/8.0), medium → `warning` (5.5), low → `note` (2.0),
    /// informational → `note` (0.0: no security severity on GitHub).
    package init(_ level: Level) {
        switch level {
        case .critical: (self.level, securitySeverity) = ("error", "9.5")
        case .high: (self.level, securitySeverity) = ("error", "8.0")
        case .medium: (self.level, securitySeverity) = ("warning", "5.5")
        case .low: (self.level, securitySeverity) = ("note", "2.0")
        case .informational: (self.level, securitySeverity) = ("note", "0.0")
        }
    }

    /// Sigma `status` → SARIF `precision`: stable high, test medium, experimental low.
    package static func precision(status: String?) -> String {
        switch status?.lowercased() {
        case "stable": "high"
        case "experimental", "unsupported", "deprecated": "low"
        default: "medium"
        }
    }
}
