/// What can be wrong when compiling a rule for matching. The diagnostic adds the location.
package enum EngineError: Error, CustomStringConvertible, Sendable, Hashable {
    /// An `|expand` placeholder without values (the rule is left out).
    case unresolvedPlaceholder(String)
    /// A regular expression PCRE2 rejects.
    case invalidRegex(String, offset: Int, message: String)
    /// A `|cidr` value that is not a network.
    case invalidNetwork(String)
    /// A comparison value that is neither a number nor an ISO-8601 date.
    case invalidComparison(String)
    /// A time-part value that is not an integer.
    case invalidTimePart(String)
    /// A `|windash` value with too many dash positions.
    case windashTooManyVariants(String, limit: Int)
    /// `|base64`/`|base64offset` on a value with wildcards.
    case encodingWithWildcards(String)
    /// A modifier the engine cannot apply in this position.
    case unsupportedModifier(String, reason: String)
    /// A meta-filter whose condition has no `not` (it then narrows instead of excluding).
    case filterWithoutNot(String)

    /// What is wrong: lowercase, no trailing period, no location.
    package var description: String {
        switch self {
        case .unresolvedPlaceholder(let name):
            "placeholder '%\(name)%' has no values (give them with --var \(name)=VALUE or --var \(name)=@FILE); rule left out"
        case .invalidRegex(let pattern, let offset, let message):
            "invalid regular expression '\(pattern)' at offset \(offset): \(message)"
        case .invalidNetwork(let text): "'\(text)' is not an IPv4 or IPv6 network"
        case .invalidComparison(let text): "'\(text)' is neither a number nor an ISO-8601 date"
        case .invalidTimePart(let text): "time-part modifiers compare with an integer, not '\(text)'"
        case .windashTooManyVariants(let text, let limit):
            "'windash' on '\(text)' gives more than \(limit) variants; split the value"
        case .encodingWithWildcards(let text): "encoding modifiers cannot take wildcards ('\(text)')"
        case .unsupportedModifier(let name, let reason): "modifier '\(name)' \(reason)"
        case .filterWithoutNot(let title):
            "filter '\(title)' has no 'not' in its condition: filters are AND-ed onto rules (pySigma), so it narrows the rules instead of excluding events"
        }
    }
}
