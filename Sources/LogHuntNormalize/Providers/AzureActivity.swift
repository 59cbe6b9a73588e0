import LogHuntCore
import LogHuntIngest

/// Azure activity logs (storage JSON Lines, Event Hub `records`, REST/CLI, Log Analytics
/// `AzureActivity` columns) and Entra audit logs; keys are compared case-insensitively.
enum AzureActivity {
    private static let upnClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/upn"
    private static let nameClaim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name"
    private static let objectIDClaim = "http://schemas.microsoft.com/identity/claims/objectidentifier"

    /// Fills the ECS fields of an Azure activity record.
    /// - Parameters:
    ///   - r: the record (case-insensitive view).
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        m.setTimestamp(r.firstTimestamp(r.node("time"), r.node("eventTimestamp"), r.node("TimeGenerated")))
        let operation = r.node("operationName")
        let action = r.text(of: operation) ?? r.text(from: operation, "value") ?? r.text("OperationNameValue")
        m.set(.action, action)
        let result =
            r.text("resultType") ?? r.text("status", "value") ?? r.text(of: r.node("status"))
            ?? r.text("ActivityStatusValue") ?? r.text("ActivityStatus")
        m.setOutcome(result.map(Outcome.init(resultWord:)) ?? .unknown)
        m.set(.eventID, r.text("eventDataId"))
        if let correlation = r.text("correlationId") {
            // Storage records have no unique id: correlationId + time + operationName.
            m.set(.eventID, [correlation, r.text("time") ?? "", action ?? ""].joined(separator: "|"))
        }
        m.set(.dataset, "azure.activitylogs")
        m.set(.cloudProvider, "azure")

        let identity = r.node("identity")
        let claims =
            objectCell(r, r.member(identity, "claims")) ?? objectCell(r, r.node("claims"))
            ?? objectCell(r, r.node("Claims_d")) ?? objectCell(r, r.node("Claims"))
        let appID = claims.flatMap { $0.view.text(from: $0.node, "appid") }
        m.set(.userName, claims.flatMap { $0.view.text(from: $0.node, upnClaim) })
        m.set(.userName, claims.flatMap { $0.view.text(from: $0.node, "upn") })
        m.set(.userName, claims.flatMap { $0.view.text(from: $0.node, "unique_name") })
        m.set(.userName, claims.flatMap { $0.view.text(from: $0.node, nameClaim) })
        m.set(.userName, r.text("caller"))
        m.set(.userName, claims.flatMap { $0.view.text(from: $0.node, "name") })
        m.set(.userName, appID)
        if let name = m.fields[.userName], name.contains("@") { m.set(.userEmail, name) }
        m.set(.userID, r.text(from: identity, "authorization", "evidence", "principalId"))
        m.set(.userID, claims.flatMap { $0.view.text(from: $0.node, objectIDClaim) })
        m.set(.credentialID, appID)

        m.setSource(r.text("callerIpAddress"))
        m.setSource(r.text("httpRequest", "clientIpAddress"))
        m.setSource(claims.flatMap { $0.view.text(from: $0.node, "ipaddr") })

        let resourceID = r.text("resourceId")
        m.set(.targetName, resourceID)
        m.set(.accountID, pathSegment(after: "subscriptions", in: resourceID)?.lowercased())
        m.set(.accountID, r.text("subscriptionId")?.lowercased())
        m.set(.organizationID, r.text("tenantId"))
        if let location = r.text("location"), location.lowercased() != "global" { m.set(.region, location) }
        m.set(.logLevel, r.text("level"))
        return m
    }

    /// Fills the ECS fields of an Entra audit record (`category: AuditLogs` envelope, Log
    /// Analytics `AuditLogs`, Graph `directoryAudits`).
    /// - Parameters:
    ///   - r: the record (case-insensitive view).
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func mapAuditLog(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        let properties = r.isObject(r.node("properties")) ? r.node("properties") : r.base
        m.setTimestamp(
            r.firstTimestamp(
                r.node("time"), r.node(from: properties, "activityDateTime"), r.node("TimeGenerated"),
                r.node("activityDateTime")))
        m.set(.action, r.text("operationName"))
        m.set(.action, r.text(from: properties, "activityDisplayName"))
        m.set(.action, r.text("OperationName"))
        let result = r.text(from: properties, "result") ?? r.text("resultType") ?? r.text("Result")
        m.setOutcome(result.map(Outcome.init(resultWord:)) ?? .unknown)
        m.set(.eventID, r.text(from: properties, "id"))
        m.set(.eventID, r.text("id"))
        m.set(.dataset, "azure.auditlogs")
        m.set(.cloudProvider, "azure")
        let initiated = r.member(properties, "initiatedBy")
        m.set(.userName, r.text(from: initiated, "user", "userPrincipalName"))
        m.set(.userID, r.text(from: initiated, "user", "id"))
        m.set(.userName, r.text(from: initiated, "app", "displayName"))
        m.set(.userName, r.text(of: r.node("identity")))
        if let app = r.text(from: initiated, "app", "appId") {
            m.set(.credentialID, app)
            m.set(.userID, r.text(from: initiated, "app", "servicePrincipalId"))
        }
        m.setSource(r.text(from: initiated, "user", "ipAddress"))
        m.setSource(r.text("callerIpAddress"))
        if let targets = r.member(properties, "targetResources"), r.kind(targets) == .array {
            for t in r.document.elements(targets) {
                m.set(.targetName, r.text(from: t, "displayName") ?? r.text(from: t, "userPrincipalName"))
            }
        }
        m.set(.organizationID, r.text("tenantId"))
        m.set(.logLevel, r.text("level"))
        return m
    }

    /// An object node, or the object parsed from a JSON string (Log Analytics `Claims`).
    private static func objectCell(_ r: RecordView, _ node: Int?) -> (view: RecordView, node: Int)? {
        guard let node else { return nil }
        if r.isObject(node) { return (r, node) }
        if let text = r.text(of: node), text.hasPrefix("{"),
            let doc = try? JSONParser.parse(Array(text.utf8), maxDepth: 64), doc.isObject(doc.root)
        {
            return (RecordView(doc, caseInsensitive: true), doc.root)
        }
        return nil
    }
}
