import LogHuntNormalize

/// Which providers' events a rule sees, as the engine decides it from `logsource.product`.
enum RuleScope {
    /// The providers of `product` (`CompiledRule.providers(for:)`): every provider when nil,
    /// Azure and Entra for `azure`, none for products loghunt does not read.
    static func providers(for product: String?) -> [Provider] {
        guard let product = product?.lowercased() else { return Provider.allCases }
        switch product {
        case "azure": return [.azure, .entra]
        case "entra", "entraid", "entra_id": return [.entra]
        default: return Provider.allCases.filter { $0 != .unknown && $0.rawValue == product }
        }
    }

    /// The WHERE condition on `event.provider`, and on `event.dataset` when the rule names a
    /// service (nil: every event). As in the engine, a service selects the events the detector
    /// files under it (`signinlogs`: Entra sign-ins; a service loghunt does not read: none).
    static func condition(for product: String?, service: String? = nil, dialect: SQLDialect) -> String? {
        guard product != nil || service != nil else { return nil }
        let providers = providers(for: product)
        guard !providers.isEmpty else { return "FALSE" }
        var parts: [String] = []
        if product != nil {
            let list = providers.map { dialect.string($0.rawValue) }.joined(separator: ", ")
            parts.append("\(dialect.column("event.provider")) IN (\(list))")
        }
        if let service = service?.lowercased() {
            let datasets = providers.flatMap { p in p.sigmaServices.filter { $0.service == service }.map(\.dataset) }
            // Events of no known provider have no service, and the engine does not filter them.
            let unknown = providers.contains(.unknown) ? "\(dialect.column("event.provider")) = 'unknown'" : nil
            guard !datasets.isEmpty || unknown != nil else { return "FALSE" }
            let list = datasets.map { dialect.string($0) }.joined(separator: ", ")
            let inList = datasets.isEmpty ? nil : "\(dialect.column("event.dataset")) IN (\(list))"
            let either = [inList, unknown].compactMap { $0 }
            parts.append(either.count == 1 ? either[0] : "(" + either.joined(separator: " OR ") + ")")
        }
        return parts.joined(separator: " AND ")
    }
}
