import LogHuntCore

/// GitHub audit log (web and git events; export, REST, streaming; Panther's renamed keys).
enum GitHub {
    /// Fills the ECS fields of a GitHub audit record (CONVENTIONS §2.3).
    /// - Parameters:
    ///   - r: the record.
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        m.setTimestamp(r.firstTimestamp(r.node("@timestamp"), r.node("at_sign_timestamp"), r.node("created_at")))
        m.set(.action, r.text("action"))
        // The audit log records completed actions only.
        m.setOutcome(.unknown)
        m.set(.eventID, r.text("_document_id"))
        m.set(.dataset, "github.audit")
        m.set(.userName, r.text("actor"))
        if m.wants(.userID), let id = r.text("actor_id"), id != "0" { m.set(.userID, id) }
        m.set(.userTargetName, r.firstText(of: r.node("user")))
        m.setSource(r.text("actor_ip"))
        m.set(.country, r.text("actor_location", "country_code"))
        // CSV exports flatten nested keys with dots.
        if m.fields[.country] == nil { m.set(.country, r.text("actor_location.country_code")) }
        m.set(.userAgent, r.text("user_agent"))
        m.set(.organizationName, r.firstText(of: r.node("org")))
        if m.wants(.organizationID), let id = r.firstText(of: r.node("org_id")), id != "0" {
            m.set(.organizationID, id)
        }
        m.set(.credentialID, r.text("hashed_token"))
        if m.wants(.credentialID), m.fields[.credentialID] == nil, let token = r.text("token_id"), token != "0" {
            m.set(.credentialID, token)
        }
        m.set(.targetName, r.text("repo"))
        m.set(.targetName, r.text("repository"))
        m.set(.networkProtocol, r.text("transport_protocol_name"))
        m.set(.networkProtocol, r.text("protocol_name"))
        return m
    }
}
