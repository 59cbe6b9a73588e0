import LogHuntCore

/// Entra ID sign-in logs (storage/Event Hub envelope with `properties`, Graph `signIns`,
/// PowerShell PascalCase, Log Analytics `SigninLogs` columns); keys compared case-insensitively.
enum EntraSignIn {
    /// Fills the ECS fields of a sign-in record.
    /// - Parameters:
    ///   - r: the record (case-insensitive view).
    ///   - wanted: the fields to fill.
    /// - Returns: the mapped fields.
    static func map(_ r: RecordView, wanted: ECSFieldSet) -> FieldMapping {
        var m = FieldMapping(wanted: wanted)
        let envelope = r.isObject(r.node("properties"))
        // Graph and Log Analytics records carry the sign-in fields at the top level.
        let p = envelope ? r.node("properties") : r.base
        m.setTimestamp(
            r.firstTimestamp(
                r.node(from: p, "createdDateTime"), r.node("time"), r.node("createdDateTime"),
                r.node("TimeGenerated")))
        m.set(.action, r.text("operationName"))
        m.set(.action, "Sign-in activity")
        m.setOutcome(outcome(r, properties: p))
        m.set(.eventID, r.text(from: p, "id"))
        m.set(.eventID, r.text("id"))
        m.set(.dataset, "azure.signinlogs")
        m.set(.cloudProvider, "azure")

        let upn = r.text(from: p, "userPrincipalName")
        m.set(.userName, upn)
        if let upn, upn.contains("@") { m.set(.userEmail, upn) }
        m.set(.userID, r.text(from: p, "userId"))
        m.set(.userFullName, r.text(from: p, "userDisplayName"))
        let spID = r.text(from: p, "servicePrincipalId")
        let appID = r.text(from: p, "appId")
        if isServicePrincipal(r, properties: p, upn: upn, spID: spID) {
            m.set(.credentialID, appID)
            m.set(.credentialID, spID)
            m.set(.userName, r.text(from: p, "servicePrincipalName"))
            m.set(.userID, spID)
        }
        m.set(.userName, r.text(of: r.node("identity")))
        m.set(.userName, r.text(from: p, "userDisplayName"))

        m.setSource(r.text(from: p, "ipAddress"))
        m.setSource(r.text("callerIpAddress"))
        m.setSource(r.text("IPAddress"))
        let location = r.member(p, "location")
        if r.isObject(location) {
            m.set(.country, r.text(from: location, "countryOrRegion"))
            m.set(.city, r.text(from: location, "city"))
        }
        let details = r.member(p, "LocationDetails")
        m.set(.country, r.text(from: details, "countryOrRegion"))
        m.set(.city, r.text(from: details, "city"))
        // Envelope `location` (or LA `Location`) is the two-letter country.
        if let cc = r.text("location"), cc.utf8.count == 2 { m.set(.country, cc.uppercased()) }
        m.set(.userAgent, r.text(from: p, "userAgent"))
        m.set(.targetName, r.text(from: p, "resourceDisplayName"))
        m.set(.targetName, r.text(from: p, "appDisplayName"))
        m.set(.organizationID, r.text("tenantId"))
        m.set(.organizationID, r.text(from: p, "homeTenantId"))
        m.set(.logLevel, r.text("Level"))
        return m
    }

    /// `status.errorCode` 0 is success and any other code failure; else `resultType`
    /// (`"0"`, an error number, or `Success`/`Failure`).
    private static func outcome(_ r: RecordView, properties p: Int?) -> Outcome {
        if let code = r.number(of: r.node(from: p, "status", "errorCode")) { return code == 0 ? .success : .failure }
        if let code = r.number(of: r.node("ResultType")) { return code == 0 ? .success : .failure }
        if let word = r.text("resultType") ?? r.text(of: r.node(from: p, "status")) { return Outcome(resultWord: word) }
        return .unknown
    }

    /// Service-principal and managed-identity sign-ins: by category, by `signInEventTypes`,
    /// or by a service principal id without a user.
    private static func isServicePrincipal(_ r: RecordView, properties p: Int?, upn: String?, spID: String?) -> Bool {
        let category = r.node("category") ?? r.node("Type")
        if r.contains(category, "ServicePrincipal", ignoringCase: true)
            || r.contains(category, "ManagedIdentity", ignoringCase: true)
        {
            return true
        }
        if let types = r.member(p, "signInEventTypes"), r.kind(types) == .array {
            for t in r.document.elements(types)
            where r.contains(t, "servicePrincipal", ignoringCase: true)
                || r.contains(t, "managedIdentity", ignoringCase: true)
            {
                return true
            }
        }
        return spID != nil && upn == nil
    }
}
