import LogHuntCore

/// The library's entry points. Each takes a validated configuration and a console, runs one
/// command to completion and returns the exit status; the CLI does nothing else.
public enum LogHunt {
    /// True when `text` is an ISO-8601 date or date-time loghunt accepts for `--since`/`--until`.
    public static func isValidTime(_ text: String) -> Bool {
        guard text.count >= 10 else { return false }
        return Timestamp(parsing: text) != nil
    }
}
