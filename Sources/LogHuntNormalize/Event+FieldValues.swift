import LogHuntCore

extension Event {
    /// The values of a field as rules name it: an ECS name (`source.ip`) is served from the
    /// normalised fields; anything else is a dotted path into the raw record (longest literal
    /// key first, arrays fanned out; keys compared case-insensitively for Azure and Entra).
    /// Scalars are returned as their Sigma text; objects and arrays are not returned.
    /// - Parameter name: the field name.
    /// - Returns: the values found (empty when the field is missing or null).
    package func fieldValues(_ name: String) -> [String] {
        if let ecs = ECSField(name: name) {
            if ecs == .timestamp { return timestamp.map { [$0.iso8601] } ?? [] }
            if ecs == .provider { return [provider.rawValue] }
            return fields[ecs].map { [$0] } ?? []
        }
        let caseInsensitive = provider == .azure || provider == .entra
        return FieldPath(name).resolve(in: raw, caseInsensitive: caseInsensitive).compactMap { raw.scalarText($0) }
    }
}
