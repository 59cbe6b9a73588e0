import LogHuntCore

/// The normalised fields of one record while a provider mapping fills them.
///
/// `set` keeps the first non-empty value it is given, so a mapping lists its sources in
/// order of preference (`set(.userName, issuer); set(.userName, userName)`).
struct FieldMapping {
    /// The ECS fields so far.
    var fields = ECSValues()
    /// The event time, once found.
    var timestamp: Timestamp?

    /// Sets `field` to `value` unless it already has a value or `value` is nil or empty.
    mutating func set(_ field: ECSField, _ value: String?) {
        guard let value, !value.isEmpty, fields[field] == nil else { return }
        fields[field] = value
    }

    /// Sets `field` unconditionally (nil or empty clears it).
    mutating func replace(_ field: ECSField, _ value: String?) {
        fields[field] = value
    }

    /// Files a caller address under `source.ip` (when it is an IP, with `source.port` when it
    /// carried one) or `source.address` (host and service names), unless already set.
    mutating func setSource(_ text: String?) {
        guard let text, fields[.sourceIP] == nil, fields[.sourceAddress] == nil else { return }
        let endpoint = SourceEndpoint(parsing: text)
        set(.sourceIP, endpoint.ip)
        set(.sourcePort, endpoint.port)
        set(.sourceAddress, endpoint.address)
    }

    /// Sets `event.outcome` unless already set.
    mutating func setOutcome(_ outcome: Outcome) {
        set(.outcome, outcome.rawValue)
    }

    /// Sets the time unless already set.
    mutating func setTimestamp(_ ts: Timestamp?) {
        if timestamp == nil { timestamp = ts }
    }
}

/// ECS `event.outcome` values.
enum Outcome: String {
    /// The action completed.
    case success
    /// The action was refused or failed.
    case failure
    /// The source does not say (or the record is an intermediate step such as `Start`).
    case unknown

    /// The outcome a result word stands for: `Success`/`Succeeded`/`succeeded` → success,
    /// `Failure`/`Failed`/`Fail`/`Error` → failure, anything else (`Start`, `Accept`) → unknown.
    init(resultWord: String) {
        switch resultWord.lowercased() {
        case "success", "succeeded", "successful", "ok", "true": self = .success
        case "failure", "failed", "fail", "error", "false", "denied": self = .failure
        default: self = .unknown
        }
    }
}

/// The last `/`-separated segment of a path (`…/keys/<id>` → `<id>`); nil when empty.
func lastPathSegment(_ text: String?) -> String? {
    guard let text else { return nil }
    let seg = text.split(separator: "/", omittingEmptySubsequences: true).last.map(String.init)
    return seg?.isEmpty == false ? seg : nil
}

/// The segment after `/<marker>/` in a path, compared case-insensitively
/// (`/SUBSCRIPTIONS/ABC/…`, marker `subscriptions` → `ABC`).
func pathSegment(after marker: String, in text: String?) -> String? {
    guard let text else { return nil }
    let parts = text.split(separator: "/", omittingEmptySubsequences: true)
    for (i, p) in parts.enumerated() where p.lowercased() == marker && i + 1 < parts.count {
        return String(parts[i + 1])
    }
    return nil
}
