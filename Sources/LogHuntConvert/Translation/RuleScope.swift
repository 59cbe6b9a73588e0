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

    /// The WHERE condition on `event.provider` (nil: every event).
    static func condition(for product: String?, dialect: SQLDialect) -> String? {
        guard product != nil else { return nil }
        let providers = providers(for: product)
        guard !providers.isEmpty else { return "FALSE" }
        let list = providers.map { dialect.string($0.rawValue) }.joined(separator: ", ")
        return "\(dialect.column("event.provider")) IN (\(list))"
    }
}
