import LogHuntCore
import LogHuntNormalize
import LogHuntRules

/// One detection rule, compiled: its report metadata, which providers it applies to, and its
/// expression.
package struct CompiledRule: Sendable {
    /// Metadata for findings.
    package var info: RuleInfo
    /// The rule's id, else its name, else its title (`DetectionEngine.identity(of:)`).
    package var identity: String
    /// Sigma `id`.
    package var id: String?
    /// Sigma `name`.
    package var name: String?
    /// `logsource.product` as written (nil: every source).
    package var product: String?
    /// `logsource.service` as written.
    package var service: String?
    /// The providers whose events the rule sees (every provider when `product` is nil; none
    /// for products loghunt does not read, such as `okta`).
    package var providers: Set<Provider>
    /// The detection.
    package var expression: RuleExpression
    /// False when a correlation with `generate: false` uses the rule: it then only feeds the
    /// correlator and reports no findings of its own.
    package var emitsFindings: Bool
    /// The rule's embedded `tests:` cases.
    package var tests: [RuleTestCase]

    /// Creates a compiled rule.
    package init(
        info: RuleInfo, identity: String, id: String?, name: String?, product: String?, service: String?,
        providers: Set<Provider>, expression: RuleExpression, emitsFindings: Bool = true, tests: [RuleTestCase] = []
    ) {
        self.info = info
        self.identity = identity
        self.id = id
        self.name = name
        self.product = product
        self.service = service
        self.providers = providers
        self.expression = expression
        self.emitsFindings = emitsFindings
        self.tests = tests
    }

    /// The providers a `logsource.product` selects: `azure` covers Azure activity logs and
    /// Entra ID (sign-in and audit logs, which Sigma files under `product: azure`).
    /// - Parameter product: the product as written, or nil.
    /// - Returns: the providers.
    package static func providers(for product: String?) -> Set<Provider> {
        guard let product = product?.lowercased() else { return Set(Provider.allCases) }
        switch product {
        case "azure": return [.azure, .entra]
        case "entra", "entraid", "entra_id": return [.entra]
        default: return Set(Provider.allCases.filter { $0 != .unknown && $0.rawValue == product })
        }
    }
}
