import LogHuntCore

/// The few SGR colours the table uses, by rule level. Only ever applied to text loghunt
/// wrote itself (never to log-borne text, which is escaped first).
package enum ANSIStyle {
    /// Resets all attributes.
    package static let reset = "\u{1B}[0m"

    /// The SGR sequence for a level: critical bold red, high red, medium yellow, low cyan,
    /// informational dim.
    package static func sequence(for level: Level) -> String {
        switch level {
        case .critical: "\u{1B}[1;31m"
        case .high: "\u{1B}[31m"
        case .medium: "\u{1B}[33m"
        case .low: "\u{1B}[36m"
        case .informational: "\u{1B}[2m"
        }
    }

    /// Bold, for the header row.
    package static let bold = "\u{1B}[1m"

    /// Whether to colour: only on a terminal, never when `NO_COLOR` is set to anything
    /// non-empty (no-color.org), never for `TERM=dumb`; `force` (`--color always`) wins over the terminal test.
    /// - Parameters:
    ///   - isTerminal: whether the output is a terminal.
    ///   - environment: the process environment.
    ///   - force: nil for automatic, true/false for always/never.
    /// - Returns: whether to emit colour.
    package static func shouldColor(isTerminal: Bool, environment: [String: String], force: Bool? = nil) -> Bool {
        if let force, !force { return false }
        if let v = environment["NO_COLOR"], !v.isEmpty { return false }
        if force == true { return true }
        if environment["TERM"] == "dumb" { return false }
        return isTerminal
    }
}
