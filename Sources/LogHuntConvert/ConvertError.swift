/// Why a rule cannot be converted to SQL with loghunt's semantics. The text is the reason
/// `loghunt convert` prints for an unsupported rule.
package enum ConvertError: Error, CustomStringConvertible, Sendable, Hashable {
    /// A value modifier the SQL translation does not reproduce.
    case unsupportedModifier(String, field: String)
    /// A correlation type the SQL translation does not reproduce.
    case unsupportedCorrelation(String)
    /// A correlation that refers to another correlation (chaining).
    case chainedCorrelation(String)
    /// A correlation or filter refers to a rule that is not loaded.
    case unknownReference(String)
    /// An `|expand` placeholder without values (`--var NAME=…` or `Rules/lists/NAME.txt`).
    case unresolvedPlaceholder(String)
    /// A `|cidr` value that is not an IPv4 network (IPv6 is not translated).
    case unsupportedCIDR(String)
    /// A value that does not fit the modifier (`|gt` with text, a bad network).
    case invalidValue(String, field: String)
    /// A field name that cannot be written as a JSON path.
    case unsupportedFieldName(String)
    /// A case-sensitive test on an Azure or Entra field, whose keys loghunt matches
    /// case-insensitively (SQL can only do that on lower-cased text).
    case caseSensitiveOnFoldedKeys(field: String)
    /// A date comparison or time part on a field other than `@timestamp`.
    case timeOnRawField(String)
    /// Something else the translation does not cover.
    case unsupported(String)

    package var description: String {
        switch self {
        case .unsupportedModifier(let m, let field): "modifier '\(m)' (field '\(field)') has no SQL translation"
        case .unsupportedCorrelation(let t): "correlation type '\(t)' has no SQL translation"
        case .chainedCorrelation(let r): "correlation over another correlation ('\(r)') is not translated"
        case .unknownReference(let r): "refers to rule '\(r)', which is not loaded"
        case .unresolvedPlaceholder(let p): "placeholder '%\(p)%' has no values (give --var \(p)=…)"
        case .unsupportedCIDR(let v): "cidr value '\(v)' is not an IPv4 network (IPv6 is not translated)"
        case .invalidValue(let v, let field): "value '\(v)' of field '\(field)' does not fit its modifiers"
        case .unsupportedFieldName(let f): "field name '\(f)' cannot be written as a JSON path"
        case .caseSensitiveOnFoldedKeys(let f):
            "case-sensitive test on '\(f)' of an azure/entra rule, whose keys match case-insensitively"
        case .timeOnRawField(let f): "date comparison or time part on '\(f)' (only @timestamp is translated)"
        case .unsupported(let what): what
        }
    }
}
