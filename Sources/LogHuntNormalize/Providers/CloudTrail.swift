import LogHuntCore

/// AWS CloudTrail records (S3 `Records`, lookup-events, CloudWatch, SIEM/Logstash NDJSON).
enum CloudTrail {
    /// Fills the ECS fields of a CloudTrail record.
    /// - Parameters:
    ///   - r: the record (for lookup-events: the parsed `CloudTrailEvent`, or the
    ///     summary element when it has none).
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        m.setTimestamp(r.firstTimestamp(r.node("eventTime"), r.node("@timestamp"), r.node("EventTime")))
        let eventName =
            m.wants(.action) || m.wants(.outcome)
            ? r.text("eventName") ?? r.text("EventName") ?? r.text("Event Name") : nil
        m.set(.action, eventName)
        m.set(.serviceName, r.text("eventSource") ?? r.text("EventSource"))
        m.setOutcome(outcome(r, eventName: eventName))
        m.set(.eventID, r.text("eventID") ?? r.text("EventId"))
        if r.caseInsensitive, r.node("Event Name") != nil { mapSpacedColumns(r, into: &m) }
        m.set(.dataset, "aws.cloudtrail")
        m.set(.cloudProvider, "aws")

        let identity = r.node("userIdentity")
        m.set(.userName, r.text(from: identity, "sessionContext", "sessionIssuer", "userName"))
        m.set(.userName, r.text(from: identity, "userName"))
        m.set(.userName, r.text("Username"))
        m.set(.userName, r.text(from: identity, "invokedBy"))
        m.set(.userName, r.text(from: identity, "arn"))
        m.set(.userID, r.text(from: identity, "principalId"))
        m.set(.credentialID, r.text(from: identity, "accessKeyId"))
        m.set(.credentialID, r.text("AccessKeyId"))
        m.set(.accountID, r.text(from: identity, "accountId"))
        m.set(.accountID, r.text("recipientAccountId"))
        m.set(.region, r.text("awsRegion"))
        m.setSource(r.text("sourceIPAddress"))
        m.set(.userAgent, r.text("userAgent"))

        let request = r.node("requestParameters")
        m.set(.userTargetName, r.text(from: request, "userName"))
        m.set(.targetName, r.text(from: request, "bucketName"))
        if m.wants(.targetName), let resources = r.node("resources"), r.kind(resources) == .array {
            for e in r.document.elements(resources) {
                m.set(.targetName, r.text(from: e, "ARN") ?? r.text(from: e, "arn"))
            }
        }
        if m.wants(.targetName), let resources = r.node("Resources"), r.kind(resources) == .array {
            for e in r.document.elements(resources) { m.set(.targetName, r.text(from: e, "ResourceName")) }
        }
        return m
    }

    /// CSV exports with spaced column names: the console's Event history download (`Event
    /// time`, `User name`, `AWS access key`, `Source IP address`, `Event source`, `AWS region`)
    /// and processed exports (`Event DateTime`, `Source IP`, `Request User Agent`, Python-dict
    /// text in `Request Parameters` / `User ID`).
    private static func mapSpacedColumns(_ r: RecordView, into m: inout FieldMapping) {
        m.setTimestamp(r.firstTimestamp(r.node("Event time"), r.node("Event DateTime")))
        m.set(.eventID, r.text("Event ID"))
        m.set(.serviceName, r.text("Event source"))
        m.set(.userName, r.text("User name"))
        m.set(.credentialID, r.text("AWS access key"))
        m.set(.region, r.text("AWS region"))
        m.setSource(r.text("Source IP address"))
        m.setSource(r.text("Source IP"))
        m.set(.userAgent, r.text("User agent"))
        m.set(.userAgent, r.text("Request User Agent"))
        m.set(.targetName, quotedValue(of: "bucketName", in: r.text("Request Parameters")))
        m.set(.accountID, quotedValue(of: "accountId", in: r.text("User ID")))
        m.set(.userID, quotedValue(of: "principalId", in: r.text("User ID")))
    }

    /// The value of `'key': 'value'` (or `"key": "value"`) in dictionary text.
    private static func quotedValue(of key: String, in text: String?) -> String? {
        guard let text else { return nil }
        let bytes = Array(text.utf8)
        let k = Array(key.utf8)
        var i = 0
        while i + k.count + 2 < bytes.count {
            let q = bytes[i]
            if q == 0x27 || q == 0x22, Array(bytes[(i + 1)..<(i + 1 + k.count)]) == k, bytes[i + 1 + k.count] == q {
                var j = i + 2 + k.count
                while j < bytes.count, bytes[j] == 0x3A || bytes[j] == 0x20 { j += 1 }
                guard j < bytes.count, bytes[j] == 0x27 || bytes[j] == 0x22 else { return nil }
                let close = bytes[j]
                let start = j + 1
                var end = start
                while end < bytes.count, bytes[end] != close { end += 1 }
                return end > start ? String(decoding: bytes[start..<end], as: UTF8.self) : nil
            }
            i += 1
        }
        return nil
    }

    /// `ConsoleLogin` reads `responseElements.ConsoleLogin`; otherwise an `errorCode` or
    /// `errorMessage` means failure and its absence success (Elastic's rule).
    private static func outcome(_ r: RecordView, eventName: String?) -> Outcome {
        if eventName == "ConsoleLogin", let word = r.text("responseElements", "ConsoleLogin") {
            return Outcome(resultWord: word)
        }
        if r.text("errorCode") != nil || r.text("errorMessage") != nil { return .failure }
        if eventName == nil { return .unknown }
        return .success
    }
}
