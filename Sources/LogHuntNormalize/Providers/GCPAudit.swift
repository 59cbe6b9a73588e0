import LogHuntCore

/// GCP Cloud Audit Logs (LogEntry with an `AuditLog` protoPayload; gcloud arrays, GCS sink
/// NDJSON, `data`-wrapped envelopes; keys compared case-insensitively for re-serialised exports).
enum GCPAudit {
    /// Fills the ECS fields of a GCP audit LogEntry.
    /// - Parameters:
    ///   - r: the record, based at the LogEntry (the `data` object of an envelope).
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        let payload = r.node("protoPayload")
        m.setTimestamp(
            r.firstTimestamp(
                r.node("timestamp"), r.node("receiveTimestamp"),
                r.node(from: payload, "requestMetadata", "requestAttributes", "time")))
        let method = r.text(from: payload, "methodName")
        m.set(.action, method)
        m.set(.gcpMethodName, method)
        m.set(.serviceName, r.text(from: payload, "serviceName"))
        m.setOutcome(outcome(r, payload: payload))
        m.set(.eventID, r.text("insertId"))
        m.set(.dataset, "gcp.audit")
        m.set(.cloudProvider, "gcp")

        let auth = r.node(from: payload, "authenticationInfo")
        let email = r.text(from: auth, "principalEmail")
        m.set(.userName, email)
        m.set(.userEmail, email)
        m.set(.userID, r.text(from: auth, "principalSubject"))
        m.set(.userName, r.text(from: auth, "principalSubject"))
        m.set(.credentialID, lastPathSegment(r.text(from: auth, "serviceAccountKeyName")))
        m.set(.credentialID, federatedSubject(r.text(from: auth, "principalSubject")))
        m.set(.credentialID, delegatedFederatedSubject(r, auth: auth))

        let metadata = r.node(from: payload, "requestMetadata")
        m.setSource(r.text(from: metadata, "callerIp"))
        m.set(.userAgent, r.text(from: metadata, "callerSuppliedUserAgent"))

        let labels = r.node("resource", "labels")
        let logName = r.text("logName")
        let project = r.text(from: labels, "project_id") ?? pathSegment(after: "projects", in: logName)
        m.set(.projectID, project)
        m.set(.accountID, project)
        m.set(.organizationID, pathSegment(after: "organizations", in: logName))
        m.set(.region, r.text(from: labels, "location"))
        m.set(.region, r.text(from: labels, "region"))
        m.set(.region, r.text(from: labels, "zone"))
        m.set(.targetName, r.text(from: payload, "resourceName"))
        m.set(.logLevel, r.text("severity"))
        return m
    }

    /// The external identity behind a Workload Identity Federation principal:
    /// `principal://iam.googleapis.com/projects/<n>/locations/global/workloadIdentityPools/<pool>/subject/<s>`
    /// → `<s>` (for an Azure app federated into GCP, its application id). Nil for any other
    /// subject (`user:…`, `serviceAccount:…`, `principalSet://…`).
    /// - Parameter subject: an `authenticationInfo.principalSubject` value.
    /// - Returns: the subject segment, or nil.
    private static func federatedSubject(_ subject: String?) -> String? {
        guard let subject, subject.hasPrefix("principal://") else { return nil }
        let bytes = Array(subject.utf8)
        guard let pool = firstIndex(of: "/workloadIdentityPools/", in: bytes, from: 0),
            let marker = firstIndex(of: "/subject/", in: bytes, from: pool)
        else { return nil }
        let start = marker + 9
        return start < bytes.count ? String(decoding: bytes[start...], as: UTF8.self) : nil
    }

    /// The offset of the first occurrence of `needle` in `bytes` at or after `from`.
    private static func firstIndex(of needle: String, in bytes: [UInt8], from: Int) -> Int? {
        let n = Array(needle.utf8)
        guard bytes.count >= n.count else { return nil }
        var i = from
        while i + n.count <= bytes.count {
            if bytes[i..<(i + n.count)].elementsEqual(n) { return i }
            i += 1
        }
        return nil
    }

    /// A call made with a service-account token that a federated identity obtained: the
    /// first `serviceAccountDelegationInfo[].principalSubject` that is a federated principal.
    private static func delegatedFederatedSubject(_ r: RecordView, auth: Int?) -> String? {
        guard let list = r.member(auth, "serviceAccountDelegationInfo"), r.kind(list) == .array else { return nil }
        for entry in r.document.elements(list) {
            if let s = federatedSubject(r.text(from: entry, "principalSubject")) { return s }
        }
        return nil
    }

    /// `status.code` 0 (or an empty `status {}`) is success, any other code failure; without
    /// a status, a single `authorizationInfo` entry decides by `granted` (missing = false).
    private static func outcome(_ r: RecordView, payload: Int?) -> Outcome {
        let status = r.member(payload, "status")
        if r.isObject(status) {
            if let code = r.number(of: r.member(status, "code")) { return code == 0 ? .success : .failure }
            return .success
        }
        if let authz = r.member(payload, "authorizationInfo"), r.kind(authz) == .array {
            let entries = r.document.elements(authz)
            if entries.count == 1 {
                return r.bool(of: r.member(entries[0], "granted")) == true ? .success : .failure
            }
        }
        return .unknown
    }
}
