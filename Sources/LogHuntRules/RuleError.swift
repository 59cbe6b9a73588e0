/// What can be wrong with a rule file. The diagnostic adds the location.
package enum RuleError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The YAML text cannot be parsed.
    case invalidYAML(String)
    /// Aliases (or sheer size) expand the document beyond the node budget.
    case aliasExpansion(limit: Int)
    /// The YAML nests deeper than allowed.
    case tooDeep(limit: Int)
    /// A mapping repeats a key (the last one wins).
    case duplicateKey(String)
    /// The document is neither a detection rule, a correlation nor a filter.
    case notARule
    /// A mandatory key is absent.
    case missingKey(String, in: String)
    /// A key holds the wrong kind of YAML value.
    case wrongType(key: String, expected: String)
    /// A key Sigma does not define, where unknown keys are not allowed.
    case unknownKey(String, in: String)
    /// A modifier name Sigma does not define.
    case unknownModifier(String)
    /// A modifier used where it is not allowed.
    case misplacedModifier(String, reason: String)
    /// A value a modifier cannot take.
    case invalidValue(String, reason: String)
    /// `|all` on a single value.
    case allOnSingleValue
    /// `null` inside a value list.
    case nullInList
    /// An empty value list.
    case emptyValueList
    /// A condition that cannot be parsed.
    case conditionSyntax(String)
    /// A condition naming a search identifier that does not exist.
    case unknownIdentifier(String)
    /// `1 of pattern` matching no identifier.
    case patternMatchesNothing(String)
    /// The legacy `| count()` / `| near` aggregation.
    case legacyAggregation
    /// A level name Sigma does not define.
    case unknownLevel(String)
    /// A status name Sigma does not define.
    case unknownStatus(String)
    /// An unknown correlation type.
    case unknownCorrelationType(String)
    /// A timespan that cannot be read.
    case invalidTimespan(String)
    /// A date that cannot be read.
    case invalidDate(String)
    /// A correlation or filter referring to a rule that is not loaded.
    case unknownReference(String)
    /// Correlations referring to each other in a cycle.
    case referenceCycle([String])
    /// Two documents with the same id or name.
    case duplicateIdentity(String)

    /// What is wrong: lowercase, no trailing period, no location.
    package var description: String {
        switch self {
        case .invalidYAML(let why): "invalid YAML: \(why)"
        case .aliasExpansion(let limit): "YAML aliases expand beyond \(limit) nodes"
        case .tooDeep(let limit): "YAML nests deeper than \(limit) levels"
        case .duplicateKey(let key): "duplicate key '\(key)' (the last one wins)"
        case .notARule: "document is not a rule: it needs 'detection', 'correlation' or 'filter'"
        case .missingKey(let key, let place): "missing '\(key)' in \(place)"
        case .wrongType(let key, let expected): "'\(key)' must be \(expected)"
        case .unknownKey(let key, let place): "unknown key '\(key)' in \(place)"
        case .unknownModifier(let name): "unknown modifier '\(name)'"
        case .misplacedModifier(let name, let reason): "modifier '\(name)' \(reason)"
        case .invalidValue(let value, let reason): "invalid value '\(value)': \(reason)"
        case .allOnSingleValue: "modifier 'all' needs a list of two or more values"
        case .nullInList: "null cannot be an element of a value list; use a separate selection"
        case .emptyValueList: "empty value list"
        case .conditionSyntax(let why): "condition: \(why)"
        case .unknownIdentifier(let name): "condition refers to unknown search identifier '\(name)'"
        case .patternMatchesNothing(let p): "condition pattern '\(p)' matches no search identifier"
        case .legacyAggregation:
            "legacy aggregation ('| count()', '| near') is not supported; write a correlation rule"
        case .unknownLevel(let name): "unknown level '\(name)' (informational, low, medium, high, critical)"
        case .unknownStatus(let name):
            "unknown status '\(name)' (stable, test, experimental, deprecated, unsupported)"
        case .unknownCorrelationType(let name): "unknown correlation type '\(name)'"
        case .invalidTimespan(let text): "invalid timespan '\(text)' (use <number><s|m|h|d|w|M|y>)"
        case .invalidDate(let text): "invalid date '\(text)' (use YYYY-MM-DD or an ISO-8601 date-time)"
        case .unknownReference(let name): "unknown rule '\(name)' (no loaded rule has this name or id)"
        case .referenceCycle(let names):
            "correlation rules refer to each other in a cycle: \(names.joined(separator: " -> "))"
        case .duplicateIdentity(let name): "another rule already uses '\(name)' as id or name"
        }
    }
}
