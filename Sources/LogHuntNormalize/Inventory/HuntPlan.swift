import LogHuntCore
import LogHuntIngest

/// The hunt plan derived from a CircleCI-Env-Inspector inventory: each exposed secret with the
/// provider it most likely belongs to, the keys CircleCI held, and what to hunt where.
package struct HuntPlan: Sendable {
    /// One secret and what it means for the hunt.
    package struct Item: Sendable {
        package var secret: InventorySecret
        /// Provider to hunt (`aws`, `github`, …), or `other`/`unknown`.
        package var provider: String
        /// What the secret is (`access-key-id`, `token`, …).
        package var kind: String
        /// The `--var` list it feeds, if any.
        package var list: String?
    }

    /// Per provider: how many secrets point there.
    package struct ProviderNeed: Sendable, Hashable {
        package var provider: String
        package var secrets: Int
        /// `--var` lists that the analyst should fill for this provider.
        package var lists: [String]
        /// Built-in rule files that hunt this provider.
        package var ruleFiles: [String]
        /// What to do, in a sentence.
        package var advice: String
    }

    package var inventory: SecretInventory
    package var items: [Item]
    package var providers: [ProviderNeed]

    /// The providers loghunt can hunt in logs (others are reported but have no log rules).
    package static let huntable: Set<String> = ["aws", "github", "gcp", "azure", "circleci"]

    /// Builds the plan.
    /// - Parameters:
    ///   - inventory: the parsed inspector file.
    ///   - classifier: the secret-name table.
    ///   - ruleFiles: built-in rule files by product (`Rules/aws/…`).
    package init(inventory: SecretInventory, classifier: SecretClassifier, ruleFiles: [String: [String]]) {
        self.inventory = inventory
        var items: [Item] = []
        for s in inventory.secrets + inventory.legacyAWSKeys {
            if s.name == "legacy AWS access key" {
                items.append(Item(secret: s, provider: "aws", kind: "access-key-id", list: "exposed_credentials"))
                continue
            }
            let rule = classifier.classify(s.name)
            items.append(
                Item(secret: s, provider: rule?.provider ?? "unknown", kind: rule?.kind ?? "unknown", list: rule?.list))
        }
        self.items = items
        var counts: [String: Int] = [:]
        var lists: [String: Set<String>] = [:]
        for i in items {
            counts[i.provider, default: 0] += 1
            if let l = i.list { lists[i.provider, default: []].insert(l) }
        }
        // CircleCI itself always needs hunting: its audit log shows secret and context access.
        counts["circleci", default: 0] += 0
        if !inventory.checkoutKeys.isEmpty || !inventory.sshKeys.isEmpty { counts["github", default: 0] += 0 }
        var needs: [ProviderNeed] = []
        for (provider, n) in counts {
            var files = ruleFiles[provider] ?? []
            if provider == "azure" { files += ruleFiles["entra"] ?? [] }
            let advice: String
            switch provider {
            case "aws":
                advice =
                    "hunt CloudTrail for the access keys (put the full AKIA… ids in exposed_credentials; masked suffixes are matched by suffix at lower confidence)"
            case "github":
                advice =
                    "hunt the GitHub audit log (with git events) for the tokens, deploy keys and CircleCI actors (hashed_token values and logins go in exposed_credentials and circleci_actors)"
            case "gcp":
                advice = "hunt Cloud Audit Logs for the service-account keys (key ids go in exposed_credentials)"
            case "azure":
                advice =
                    "hunt Azure activity and Entra sign-in logs for the service principals (application ids go in exposed_credentials)"
            case "circleci":
                advice = "hunt CircleCI's own audit log for context and secret access, new tokens, keys and members"
            default:
                advice =
                    HuntPlan.huntable.contains(provider) ? "hunt its logs" : "rotate; loghunt has no log rules for it"
            }
            needs.append(
                ProviderNeed(
                    provider: provider, secrets: n, lists: (lists[provider] ?? []).sorted(), ruleFiles: files.sorted(),
                    advice: advice))
        }
        self.providers = needs.sorted { $0.secrets != $1.secrets ? $0.secrets > $1.secrets : $0.provider < $1.provider }
    }

    /// Masked suffixes of AWS access key ids (at least 4 visible characters), for suffix matching.
    package var awsKeySuffixes: [(suffix: String, item: Item)] {
        items.compactMap { i in
            guard i.provider == "aws", i.kind == "access-key-id", let s = i.secret.visibleSuffix, s.count >= 4 else {
                return nil
            }
            return (s, i)
        }
    }

    /// Checkout and SSH key fingerprints, normalised (lower-case, no `MD5:` prefix, no colons).
    package var keyFingerprints: [(fingerprint: String, key: InventoryKey)] {
        (inventory.checkoutKeys + inventory.sshKeys).map { (HuntPlan.normaliseFingerprint($0.fingerprint), $0) }
    }

    /// A fingerprint reduced to a comparable form: `SHA256:` keeps its base64 body; MD5 forms lose
    /// their prefix and colons and are lower-cased.
    package static func normaliseFingerprint(_ text: String) -> String {
        var t = text.trimmingCharacters(in: " ")
        if t.lowercased().hasPrefix("sha256:") { return "sha256:" + t.dropFirst(7) }
        if t.lowercased().hasPrefix("md5:") { t = String(t.dropFirst(4)) }
        return t.replacingColons().lowercased()
    }
}

extension String {
    fileprivate func replacingColons() -> String { String(filter { $0 != ":" }) }
}
