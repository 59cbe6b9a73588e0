import LogHuntCore

/// Recognises the source of a record from its shape (FORMATS.md §0 fingerprints), never
/// from the file name: GitHub, CircleCI, CloudTrail, GCP audit, Azure activity (and Entra
/// audit) logs, Entra sign-in logs. Anything else is `.unknown`.
package enum ProviderDetector {
    /// What the detector found.
    package struct Detection: Sendable, Hashable {
        /// The source family.
        package var provider: Provider
        /// The Sigma `logsource.service` (`audit`, `cloudtrail`, `gcp.audit`, `activitylogs`,
        /// `auditlogs`, `signinlogs`), nil for unknown records.
        package var service: String?
        /// The node the event's fields hang from: the root, or the `data` object of a GCP
        /// `{"data": {"protoPayload": …}}` envelope.
        package var base: Int

        /// Keys must be compared case-insensitively (a re-serialised export lower-cased them).
        package var caseInsensitive: Bool

        /// Creates a detection.
        package init(provider: Provider, service: String?, base: Int = 0, caseInsensitive: Bool = false) {
            self.provider = provider
            self.service = service
            self.base = base
            self.caseInsensitive = caseInsensitive
        }
    }

    /// The provider and Sigma service of a record.
    /// - Parameter document: the record.
    /// - Returns: the detection; `.unknown` for shapes no mapping knows (and CloudTrail digests).
    package static func detect(_ document: JSONDocument) -> Detection {
        detect(document, rootMembers: [])
    }

    /// `detect(_:)` with the root object's member index (`RecordView.memberIndex`) already built.
    static func detect(_ document: JSONDocument, rootMembers: [UInt64]) -> Detection {
        guard !document.nodes.isEmpty, document.isObject(document.root) else {
            return Detection(provider: .unknown, service: nil)
        }
        let v = RecordView(document, members: rootMembers)
        let ci = RecordView(document, caseInsensitive: true, members: rootMembers)
        if isCloudTrail(v) { return Detection(provider: .aws, service: "cloudtrail") }
        // Exact-key fingerprints first (cheap), then the ones needing case-insensitive keys.
        if isCircleCI(v) { return Detection(provider: .circleci, service: "audit") }
        if isGitHub(v) { return Detection(provider: .github, service: "audit") }
        if isGCPAudit(ci, at: document.root) { return Detection(provider: .gcp, service: "gcp.audit") }
        if let data = v.node("data"), v.isObject(data), isGCPAudit(ci, at: data) {
            return Detection(provider: .gcp, service: "gcp.audit", base: data)
        }
        if let azure = azureFamily(ci) { return azure }
        // Re-serialised CloudTrail with lower-cased keys (`eventname`, `eventsource`).
        if isCloudTrail(ci) { return Detection(provider: .aws, service: "cloudtrail", caseInsensitive: true) }
        // CloudTrail CSV exports (console Event history, processed exports): spaced headers.
        if ci.node("Event Name") != nil,
            ci.node("Event Type") != nil || ci.node("Event source") != nil || ci.node("Event ID") != nil
        {
            return Detection(provider: .aws, service: "cloudtrail", caseInsensitive: true)
        }
        // CSV exports with upper-case headers (`ID`, `OCCURRED_AT`, `ACTOR`).
        if isCircleCI(ci) { return Detection(provider: .circleci, service: "audit", caseInsensitive: true) }
        // Wazuh alerts carry the GitHub event under `data.github`.
        if let wrapped = v.node("data", "github"), v.isObject(wrapped), isGitHub(RecordView(document, base: wrapped)) {
            return Detection(provider: .github, service: "audit", base: wrapped)
        }
        return Detection(provider: .unknown, service: nil)
    }

    // MARK: AWS

    private static func isCloudTrail(_ v: RecordView) -> Bool {
        guard v.node("eventName") != nil else {
            // `lookup-events` summary element without its CloudTrailEvent string.
            return v.node("EventName") != nil && v.node("EventSource") != nil
                && (v.node("EventId") != nil || v.node("EventTime") != nil)
        }
        if v.node("digestPublicKeyFingerprint") != nil || v.node("logFiles") != nil { return false }
        let source = v.node("eventSource")
        if source != nil, v.node("eventVersion") != nil { return true }
        // Logstash/SIEM exports without eventVersion or eventTime, trimmed records.
        if source != nil, v.node("eventTime") != nil || v.node("@timestamp") != nil { return true }
        return v.node("eventVersion") != nil || v.node("awsRegion") != nil || v.node("recipientAccountId") != nil
            || v.isObject(v.node("userIdentity"))
    }

    // MARK: GCP

    private static func isGCPAudit(_ ci: RecordView, at node: Int) -> Bool {
        let payload = ci.node(from: node, "protoPayload")
        if ci.isObject(payload) {
            let type = ci.member(payload, "@type") ?? ci.member(payload, "at_sign_type")
            if ci.contains(type, "google.cloud.audit.AuditLog") { return true }
        }
        if ci.contains(ci.node(from: node, "logName"), "cloudaudit.googleapis.com") { return true }
        // A payload that carries audit fields but lost its @type (re-serialised exports).
        if ci.isObject(payload), ci.member(payload, "methodName") != nil || ci.member(payload, "serviceName") != nil {
            return true
        }
        return false
    }

    // MARK: CircleCI

    private static func isCircleCI(_ v: RecordView) -> Bool {
        guard v.node("occurred_at") != nil, v.node("action") != nil, let actor = v.node("actor") else { return false }
        if v.isObject(actor) {
            return v.member(actor, "id") != nil || v.member(actor, "type") != nil
        }
        // CSV cell not yet decoded: a JSON object in a string.
        if let text = v.text(of: actor), text.hasPrefix("{") { return true }
        return false
    }

    // MARK: GitHub

    private static func isGitHub(_ v: RecordView) -> Bool {
        guard let action = v.node("action"), v.contains(action, byte: 0x2E) else { return false }
        let actor = v.node("actor")
        if v.isObject(actor) { return false }
        if v.node("@timestamp") != nil || v.node("created_at") != nil || v.node("at_sign_timestamp") != nil
            || v.node("_document_id") != nil
        {
            return true
        }
        // Hand-written or trimmed exports without a time: still GitHub-shaped.
        guard actor != nil || v.node("org") != nil else { return false }
        for key in [
            "org", "repo", "user", "business", "hashed_token", "programmatic_access_type", "actor_ip",
            "actor_location", "org_id", "repository", "actor_id",
        ]
        where v.node(key) != nil {
            return true
        }
        return false
    }

    // MARK: Azure and Entra

    private static func azureFamily(_ ci: RecordView) -> Detection? {
        let category = ci.node("category")
        // Storage / Event Hub envelope.
        if ci.hasSuffix(category, "SignInLogs") { return Detection(provider: .entra, service: "signinlogs") }
        // Log Analytics exports name their table in `Type`.
        if let type = ci.node("Type"), ci.kind(type) == .string {
            if ci.hasSuffix(type, "SignInLogs") { return Detection(provider: .entra, service: "signinlogs") }
            if ci.equals(type, "AuditLogs") { return Detection(provider: .azure, service: "auditlogs") }
            if ci.equals(type, "AzureActivity") { return Detection(provider: .azure, service: "activitylogs") }
        }
        // Graph / PowerShell sign-in shape.
        if ci.node("createdDateTime") != nil, ci.node("userPrincipalName") != nil || ci.node("appId") != nil,
            ci.node("status", "errorCode") != nil || ci.node("ipAddress") != nil
        {
            return Detection(provider: .entra, service: "signinlogs")
        }
        // Log Analytics SigninLogs columns.
        if ci.node("TimeGenerated") != nil || ci.node("CreatedDateTime") != nil, ci.node("ResultType") != nil,
            ci.node("UserPrincipalName") != nil || ci.node("AppId") != nil,
            ci.node("IPAddress") != nil || ci.node("AppDisplayName") != nil || ci.node("ResourceDisplayName") != nil
        {
            return Detection(provider: .entra, service: "signinlogs")
        }
        // Entra audit logs: envelope category, the aadiam resource, or the Graph directoryAudits shape.
        let isAADResource = ci.contains(ci.node("resourceId"), "providers/microsoft.aadiam", ignoringCase: true)
        if ci.equals(category, "AuditLogs") || (isAADResource && ci.node("operationName") != nil) {
            return Detection(provider: .azure, service: "auditlogs")
        }
        if ci.node("activityDisplayName") != nil, ci.node("loggedByService") != nil || ci.node("initiatedBy") != nil {
            return Detection(provider: .azure, service: "auditlogs")
        }
        // Activity logs: storage/EH, REST/CLI, Log Analytics.
        let operation = ci.node("operationName")
        if operation != nil, category != nil, ci.node("resourceId") != nil || ci.node("time") != nil {
            return Detection(provider: .azure, service: "activitylogs")
        }
        if operation != nil, ci.node("resourceId") != nil, ci.node("time") != nil {
            return Detection(provider: .azure, service: "activitylogs")
        }
        if ci.isObject(operation), ci.node("eventTimestamp") != nil || ci.node("eventDataId") != nil {
            return Detection(provider: .azure, service: "activitylogs")
        }
        if ci.node("OperationNameValue") != nil || (ci.node("CategoryValue") != nil && ci.node("ResourceId") != nil) {
            return Detection(provider: .azure, service: "activitylogs")
        }
        if operation != nil, category != nil {
            return Detection(provider: .azure, service: "activitylogs")
        }
        return nil
    }
}
