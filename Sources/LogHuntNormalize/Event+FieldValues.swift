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
    package func fieldValues(_ name: String) -> [String] { fieldValues(FieldLookup(name)) }

    /// `fieldValues(_:)` with the name's parsing done once (`FieldLookup`), for callers that
    /// ask for the same field on every event.
    /// - Parameter field: the prepared field.
    /// - Returns: the values found (empty when the field is missing or null).
    package func fieldValues(_ field: FieldLookup) -> [String] {
        if let ecs = field.ecs {
            if ecs == .timestamp { return timestamp.map { [$0.iso8601] } ?? [] }
            if ecs == .provider { return [provider.rawValue] }
            return fields[ecs].map { [$0] } ?? []
        }
        let caseInsensitive = provider == .azure || provider == .entra
        var nodes = field.path.resolve(in: raw, caseInsensitive: caseInsensitive)
        if nodes.isEmpty, let alias = aliasPath(field) {
            nodes = alias.resolve(in: raw, caseInsensitive: caseInsensitive)
        }
        return nodes.compactMap { raw.scalarText($0) }
    }

    /// The second path to try for a raw field name that was not found, if any.
    private func aliasPath(_ field: FieldLookup) -> FieldPath? {
        guard !raw.nodes.isEmpty, raw.isObject(raw.root) else { return nil }
        switch provider {
        case .gcp:
            guard let stripped = field.withoutData, raw.member(raw.root, "data") == nil else { return nil }
            return stripped
        case .azure, .entra:
            guard let nested = field.underProperties, raw.memberCaseInsensitive(raw.root, "properties") != nil
            else { return nil }
            return nested
        default:
            return nil
        }
    }
}

/// A field name as rules write it, parsed once: its ECS field if it is one, its dotted path
/// into the raw record, and the alias paths `Event.fieldValues` tries on a miss. A class, so
/// that handing one to every event costs one reference count, not one per path component.
package final class FieldLookup: Sendable, Hashable {
    /// The name as written.
    package let name: String
    /// The ECS field of that name, if any.
    package let ecs: ECSField?
    /// The dotted path into the raw record.
    package let path: FieldPath
    /// GCP: the path without a leading `data.`.
    let withoutData: FieldPath?
    /// Azure and Entra: the path under `properties`, unless it already starts there.
    let underProperties: FieldPath?
    /// When the name is not an ECS field and has one or two keys: the correlator reads it
    /// from an event's root index (`Event.node(at:)`).
    package let rootPath: RootKeyPath?

    /// Parses `name`.
    /// - Parameter name: the field name.
    package init(_ name: String) {
        self.name = name
        ecs = ECSField(name: name)
        path = FieldPath(name)
        withoutData = name.hasPrefix("data.") ? FieldPath(String(name.dropFirst(5))) : nil
        underProperties = name.lowercased().hasPrefix("properties.") ? nil : FieldPath("properties." + name)
        rootPath = ecs == nil ? RootKeyPath(name) : nil
    }

    package static func == (a: FieldLookup, b: FieldLookup) -> Bool { a.name == b.name }
    package func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
