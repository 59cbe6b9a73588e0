/// Every resource limit in one place. A record beyond a limit becomes a counted,
/// named warning; it never crashes or hangs the run.
package struct Limits: Sendable, Hashable, Codable {
    /// Largest single record, in bytes, after decompression.
    package var maxRecordBytes: Int = 32 << 20
    /// Deepest JSON nesting accepted in a record.
    package var maxDepth: Int = 512
    /// Longest line accepted in line-oriented formats (NDJSON, CSV), in bytes.
    package var maxLineBytes: Int = 32 << 20
    /// Largest decompressed/compressed ratio before a gzip stream is treated as a bomb.
    package var maxGzipRatio: Int = 2_000
    /// Decompressed bytes a gzip stream may produce before the ratio check applies.
    package var gzipRatioGrace: Int = 64 << 20
    /// YAML nodes a rule file may expand to (after aliases).
    package var maxYAMLNodes: Int = 100_000
    /// Deepest YAML nesting accepted in a rule file.
    package var maxYAMLDepth: Int = 200
    /// PCRE2 match limit (backtracking steps) per match call.
    package var regexMatchLimit: UInt32 = 1_000_000
    /// PCRE2 depth limit (interpreter) per match call.
    package var regexDepthLimit: UInt32 = 10_000
    /// PCRE2 JIT stack size in bytes.
    package var regexJITStackBytes: Int = 1 << 20
    /// Distinct keys a correlation or first-seen rule may keep before it warns and stops adding.
    package var maxCorrelationKeys: Int = 1_000_000
    /// Events listed in a correlation finding's `related`; the rest are counted.
    package var maxRelated: Int = 50
    /// Depth of directories followed while walking inputs.
    package var maxDirectoryDepth: Int = 64

    /// The defaults.
    package init() {}
}
