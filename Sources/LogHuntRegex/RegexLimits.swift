/// The resource limits one regular-expression match runs under. The engine fills these from
/// `Limits` (LogHuntCore); this target depends on nothing but PCRE2, so it has its own copy.
package struct RegexLimits: Sendable, Hashable {
    /// PCRE2 match limit (backtracking steps) per match call.
    package var matchLimit: UInt32
    /// PCRE2 depth limit per match call (the interpreter; JIT ignores it).
    package var depthLimit: UInt32
    /// Size of the JIT stack, in bytes.
    package var jitStackBytes: Int

    /// Creates limits; the defaults equal those of `Limits`.
    package init(matchLimit: UInt32 = 1_000_000, depthLimit: UInt32 = 10_000, jitStackBytes: Int = 1 << 20) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.jitStackBytes = jitStackBytes
    }
}
