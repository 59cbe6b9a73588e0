/// loghunt's version, reported by `--version`, JSON output and SARIF.
public enum LogHuntVersion {
    /// The semantic version.
    public static let current = "0.1.0"
}
