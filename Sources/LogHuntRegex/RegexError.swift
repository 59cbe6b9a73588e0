/// What can go wrong when compiling a regular expression.
package enum RegexError: Error, CustomStringConvertible, Sendable, Hashable {
    /// PCRE2 rejected the pattern; `offset` is the byte offset in the pattern where it stopped.
    case invalidPattern(message: String, offset: Int)
    /// PCRE2 could not allocate what it needed.
    case outOfMemory

    /// What is wrong, lowercase, without location.
    package var description: String {
        switch self {
        case .invalidPattern(let message, let offset): "invalid regular expression at offset \(offset): \(message)"
        case .outOfMemory: "out of memory while compiling a regular expression"
        }
    }
}
