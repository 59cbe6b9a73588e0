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
    /// When the name is not an ECS field and is one key (no dot), that key's UTF-8, owned by
    /// this lookup: the correlator looks it up in an event's root index directly.
    nonisolated(unsafe) package let rootKey: UnsafeRawBufferPointer?
    /// When the name is not an ECS field and has two components (`actor_location.country_code`),
    /// the whole name's UTF-8 and the first component's length: the correlator tries the flat
    /// key, then the first key at the root and the second in the object there, as the path's
    /// walk does (arrays on the way send it to the walk).
    nonisolated(unsafe) package let twoKeys: (flat: UnsafeRawBufferPointer, split: Int)?

    /// Parses `name`.
    /// - Parameter name: the field name.
    package init(_ name: String) {
        self.name = name
        ecs = ECSField(name: name)
        path = FieldPath(name)
        withoutData = name.hasPrefix("data.") ? FieldPath(String(name.dropFirst(5))) : nil
        underProperties = name.lowercased().hasPrefix("properties.") ? nil : FieldPath("properties." + name)
        let components = path.components
        var key: UnsafeRawBufferPointer?
        if ecs == nil, components.count <= 2 {
            let bytes = Array(name.utf8)
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
            copy.copyBytes(from: bytes)
            key = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<bytes.count])
        }
        rootKey = components.count == 1 ? key : nil
        twoKeys = components.count == 2 ? key.map { ($0, components[0].utf8.count) } : nil
    }

    deinit {
        if let key = rootKey ?? twoKeys?.flat { UnsafeMutableRawPointer(mutating: key.baseAddress)?.deallocate() }
    }

    package static func == (a: FieldLookup, b: FieldLookup) -> Bool { a.name == b.name }
    package func hash(into hasher: inout Hasher) { hasher.combine(name) }
}
