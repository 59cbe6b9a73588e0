import LogHuntCore

extension Event {
    /// The values of a field as rules name it: an ECS name (`source.ip`) is served from the
    /// normalised fields; anything else is a dotted path into the raw record (longest literal
    /// key first, arrays fanned out; keys compared case-insensitively for Azure and Entra).
    /// Scalars are returned as their Sigma text; objects and arrays are not returned.
    ///
    /// Aliases on a miss: for GCP a leading `data.` (the Pub/Sub/Eventarc envelope SigmaHQ's
    /// rules assume) also reaches a plain LogEntry; for Azure and Entra a name not found at
    /// the top level is looked up under `properties` (Log Analytics column names such as
    /// `AuthenticationRequirement` or `ConditionalAccessStatus` over a diagnostic export).
    /// - Parameter name: the field name.
    /// - Returns: the values found (empty when the field is missing or null).
    package func fieldValues(_ name: String) -> [String] {
        if let ecs = ECSField(name: name) {
            if ecs == .timestamp { return timestamp.map { [$0.iso8601] } ?? [] }
            if ecs == .provider { return [provider.rawValue] }
            return fields[ecs].map { [$0] } ?? []
        }
        let caseInsensitive = provider == .azure || provider == .entra
        var nodes = FieldPath(name).resolve(in: raw, caseInsensitive: caseInsensitive)
        if nodes.isEmpty, let alias = aliasPath(name) {
            nodes = FieldPath(alias).resolve(in: raw, caseInsensitive: caseInsensitive)
        }
        return nodes.compactMap { raw.scalarText($0) }
    }

    /// The second path to try for a raw field name that was not found, if any.
    private func aliasPath(_ name: String) -> String? {
        guard !raw.nodes.isEmpty, raw.isObject(raw.root) else { return nil }
        switch provider {
        case .gcp:
            guard name.hasPrefix("data."), raw.member(raw.root, "data") == nil else { return nil }
            return String(name.dropFirst(5))
        case .azure, .entra:
            guard !name.lowercased().hasPrefix("properties."), raw.memberCaseInsensitive(raw.root, "properties") != nil
            else { return nil }
            return "properties." + name
        default:
            return nil
        }
    }
}
