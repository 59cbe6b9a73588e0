/// The result of one match attempt.
package enum RegexOutcome: Sendable, Hashable {
    /// The pattern occurs in the subject.
    case match
    /// The pattern does not occur in the subject.
    case noMatch
    /// The match gave up on a resource limit (match, depth, heap or JIT-stack limit) or another
    /// PCRE2 run-time error; `code` is the PCRE2 error code. The engine reports it as a
    /// per-record `.regexLimit` warning and treats the predicate as not matching.
    case limitExceeded(code: Int32)
}
