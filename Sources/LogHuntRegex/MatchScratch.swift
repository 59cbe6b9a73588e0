/// Per-thread match state: match data, a match context carrying the limits, and a JIT stack.
/// Create one per worker, never per match, and never use it from two threads at once (it is
/// not `Sendable`). The C calls live in `PCRE2Pattern.swift`, the only CPCRE2 importer.
package final class MatchScratch {
    /// The PCRE2 handles (freed in `deinit`).
    let handles: PCRE2Pattern.ScratchHandles
    /// The limits this scratch applies.
    package let limits: RegexLimits

    /// Allocates match data, a match context with `limits`, and a JIT stack.
    /// - Parameter limits: match limit, depth limit, JIT stack size.
    /// - Returns: nil only when PCRE2 cannot allocate.
    package init?(limits: RegexLimits = RegexLimits()) {
        guard let handles = PCRE2Pattern.makeScratch(limits) else { return nil }
        self.handles = handles
        self.limits = limits
    }

    deinit { PCRE2Pattern.freeScratch(handles) }
}

@available(*, unavailable, message: "a MatchScratch belongs to one thread")
extension MatchScratch: Sendable {}
