import LogHuntCore

/// AWS CloudTrail records (S3 `Records`, lookup-events, CloudWatch, SIEM/Logstash NDJSON).
enum CloudTrail {
    /// Fills the ECS fields of a CloudTrail record.
    /// - Parameter r: the record (for lookup-events: the parsed `CloudTrailEvent`, or the
    ///   summary element when it has none).
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView) -> FieldMapping {
        var m = FieldMapping()
        m.setTimestamp(r.firstTimestamp(r.node("eventTime"), r.node("@timestamp"), r.node("EventTime")))
        let eventName = r.text("eventName") ?? r.text("EventName")
        m.set(.action, eventName)
        m.set(.serviceName, r.text("eventSource") ?? r.text("EventSource"))
        m.setOutcome(outcome(r, eventName: eventName))
        m.set(.eventID, r.text("eventID") ?? r.text("EventId"))
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
        if let resources = r.node("resources"), r.kind(resources) == .array {
            for e in r.document.elements(resources) {
                m.set(.targetName, r.text(from: e, "ARN") ?? r.text(from: e, "arn"))
            }
        }
        if let resources = r.node("Resources"), r.kind(resources) == .array {
            for e in r.document.elements(resources) { m.set(.targetName, r.text(from: e, "ResourceName")) }
        }
        return m
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
