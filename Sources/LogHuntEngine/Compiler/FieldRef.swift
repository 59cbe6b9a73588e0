import LogHuntCore
import LogHuntNormalize
import LogHuntRules

/// A rule's field reference, resolved once at compile time: an ECS slot when the name is one
/// of loghunt's ECS fields (falling back to the raw record when the slot is empty), and the
/// raw dotted paths to try, in order (the name as written first, then per-product aliases).
package struct FieldRef: Sendable, Hashable, CustomStringConvertible {
    /// The name as the rule writes it.
    package let name: String
    /// The ECS slot, when `name` is an ECS name.
    package let ecs: ECSField?
    /// Raw paths to try, first hit wins.
    package let paths: [CompiledPath]

    /// Creates a reference.
    /// - Parameters:
    ///   - name: the field name as written.
    ///   - ecs: the ECS slot, if any.
    ///   - paths: raw candidate paths.
    package init(name: String, ecs: ECSField?, paths: [CompiledPath]) {
        self.name = name
        self.ecs = ecs
        self.paths = paths
    }

    /// Resolves `name` for rules of `product` (nil: product-less rule): the ECS slot, the name
    /// as a raw path, then the mapping's candidates (an ECS candidate fills the ECS slot when
    /// the name itself is not ECS), then loghunt's built-in aliases.
    /// - Parameters:
    ///   - name: the field name as written.
    ///   - product: the rule's `logsource.product`.
    ///   - mapping: field mappings per product.
    /// - Returns: the reference.
    package init(resolving name: String, product: String?, mapping: FieldMapping = FieldMapping()) {
        var ecs = ECSField(name: name)
        var names = [name]
        for candidate in mapping.candidates(for: name, product: product) {
            if let slot = ECSField(name: candidate) {
                if ecs == nil { ecs = slot }
            } else if !names.contains(candidate) {
                names.append(candidate)
            }
        }
        for candidate in FieldRef.candidateNames(for: name, product: product) where !names.contains(candidate) {
            names.append(candidate)
        }
        self.init(name: name, ecs: ecs, paths: names.map(CompiledPath.init))
    }

    package var description: String { name }

    /// The raw paths tried for `name` in rules of `product`: the name itself, then
    /// loghunt's aliases for SigmaHQ field names that raw exports spell differently.
    /// - Parameters:
    ///   - name: the field name.
    ///   - product: the rule's product.
    /// - Returns: candidate paths (names), in order.
    package static func candidateNames(for name: String, product: String?) -> [String] {
        var out = [name]
        switch product?.lowercased() {
        case "gcp":
            // Elastic's Filebeat names and the Pub/Sub envelope, served from the LogEntry.
            if name == "gcp.audit.method_name" { out.append("protoPayload.methodName") }
            if name == "gcp.audit.service_name" { out.append("protoPayload.serviceName") }
            if name == "gcp.audit.resource_name" { out.append("protoPayload.resourceName") }
            if name.hasPrefix("data.") {
                let rest = String(name.dropFirst(5))
                out.append(rest)
                // Misplaced LogEntry fields (SigmaHQ gcp_breakglass_container_workload_deployed).
                if rest == "protoPayload.logName" { out.append("logName") }
                if rest.hasPrefix("protoPayload.resource.") { out.append(String(rest.dropFirst(13))) }
            }
        case "azure", "entra":
            // Sentinel column names → diagnostic-export names; top-level names also under properties.
            switch name {
            case "OperationNameValue": out.append("operationName.value")
            case "ResourceProviderValue": out += ["resourceProviderName.value", "properties.resourceProviderValue"]
            case "CategoryValue": out.append("category.value")
            case "ResourceId": out.append("resourceId")
            default: break
            }
            if !name.lowercased().hasPrefix("properties.") { out.append("properties." + name) }
        default:
            break
        }
        return out
    }
}
