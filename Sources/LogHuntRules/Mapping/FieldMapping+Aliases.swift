extension FieldMapping {
    /// The raw paths tried for `name` in rules of `product`: the name itself, then loghunt's
    /// aliases for SigmaHQ field names that raw exports spell differently. One list, read by
    /// the engine (`FieldRef`) and by the SQL converter, so both resolve fields alike.
    /// - Parameters:
    ///   - name: the field name.
    ///   - product: the rule's product.
    /// - Returns: candidate paths (names), in order.
    package static func builtinAliases(for name: String, product: String?) -> [String] {
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
