import LogHuntCore

/// The normalised fields of one record while a provider mapping fills them.
///
/// `set` keeps the first non-empty value it is given, so a mapping lists its sources in
/// order of preference (`set(.userName, issuer); set(.userName, userName)`). The value is an
/// autoclosure: it is only computed for a wanted field that has no value yet, so the later
/// candidates and the fields no loaded rule reads cost nothing.
struct FieldMapping {
    /// The ECS fields so far.
    var fields = ECSValues()
    /// The event time, once found.
    var timestamp: Timestamp?
    /// The fields to fill.
    let wanted: ECSFieldSet

    /// An empty mapping that fills the fields in `wanted`.
    /// - Parameter wanted: the fields, already `closedUnderMapping` (the normaliser closes its
    ///   set once, not per record).
    init(wanted: ECSFieldSet) {
        self.wanted = wanted
    }

    /// Whether `field` is to be filled (for values a mapping computes before `set`).
    @inline(__always) func wants(_ field: ECSField) -> Bool { wanted.contains(field) }

    /// Sets `field` to `value` unless it is not wanted, already has a value, or `value` is
    /// nil or empty.
    @inline(__always)
    mutating func set(_ field: ECSField, _ value: @autoclosure () -> String?) {
        guard wanted.contains(field), fields[field] == nil, let value = value(), !value.isEmpty else { return }
        fields[field] = value
    }

    /// Files a caller address under `source.ip` (when it is an IP, with `source.port` when it
    /// carried one) or `source.address` (host and service names), unless already set.
    mutating func setSource(_ text: @autoclosure () -> String?) {
        // The three fields are wanted together (`closedUnderMapping`).
        guard wanted.contains(.sourceIP), fields[.sourceIP] == nil, fields[.sourceAddress] == nil, let text = text()
        else { return }
        let endpoint = SourceEndpoint(parsing: text)
        set(.sourceIP, endpoint.ip)
        set(.sourcePort, endpoint.port)
        set(.sourceAddress, endpoint.address)
    }

    /// Sets `event.outcome` unless already set.
    mutating func setOutcome(_ outcome: @autoclosure () -> Outcome) {
        set(.outcome, outcome().rawValue)
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
    var utf8 = Substring(text).utf8[...]
    while utf8.last == 0x2F { utf8 = utf8.dropLast() }
    let start = utf8.lastIndex(of: 0x2F).map { utf8.index(after: $0) } ?? utf8.startIndex
    let segment = utf8[start...]
    return segment.isEmpty ? nil : String(Substring(segment))
}

/// The segment after `/<marker>/` in a path, with the marker compared ASCII-case-insensitively
/// (`/SUBSCRIPTIONS/ABC/…`, marker `subscriptions` → `ABC`); a leading marker without the
/// slash counts too (`projects/p/logs/…`).
func pathSegment(after marker: String, in text: String?) -> String? {
    guard let text else { return nil }
    let bytes = Array(text.utf8)
    let m = Array(marker.utf8)
    guard !m.isEmpty, bytes.count > m.count + 1 else { return nil }
    var i = 0
    while i + m.count < bytes.count {
        // The marker must start the text or follow a slash, and be followed by a slash.
        if i == 0 || bytes[i - 1] == 0x2F, bytes[i + m.count] == 0x2F {
            var same = true
            for k in 0..<m.count where asciiLower(bytes[i + k]) != asciiLower(m[k]) {
                same = false
                break
            }
            if same {
                let start = i + m.count + 1
                var end = start
                while end < bytes.count, bytes[end] != 0x2F { end += 1 }
                return end > start ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
            }
        }
        i += 1
    }
    return nil
}
