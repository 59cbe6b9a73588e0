import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize

/// What `hunt --inventory` adds to a hunt: CloudTrail calls whose access key ends with the
/// visible tail of a masked key from the inventory (a lower-confidence finding that says so),
/// GitHub events naming a checkout or SSH key fingerprint from the inventory, and the providers
/// the inventory says to hunt but for which no logs were given.
struct InventoryMatcher: Sendable {
    let plan: HuntPlan
    private let suffixes: [(suffix: String, item: HuntPlan.Item)]
    private let fingerprints: [String: InventoryKey]

    /// Per-worker observations.
    struct Local: Sendable {
        /// First event per (credential id, suffix), and how many events had it.
        var suffixHits: [String: (event: Event, count: Int, suffix: String, item: HuntPlan.Item)] = [:]
        var keyHits: [(event: Event, key: InventoryKey)] = []

        mutating func merge(_ other: Local) {
            for (k, v) in other.suffixHits {
                if let mine = suffixHits[k] {
                    let earlier = InventoryMatcher.earlier(v.event, mine.event) ? v.event : mine.event
                    suffixHits[k] = (earlier, mine.count + v.count, mine.suffix, mine.item)
                } else {
                    suffixHits[k] = v
                }
            }
            keyHits += other.keyHits
        }
    }

    init(_ plan: HuntPlan) {
        self.plan = plan
        self.suffixes = plan.awsKeySuffixes
        var fps: [String: InventoryKey] = [:]
        for (fp, key) in plan.keyFingerprints { fps[fp] = key }
        self.fingerprints = fps
    }

    static func earlier(_ a: Event, _ b: Event) -> Bool {
        switch (a.timestamp, b.timestamp) {
        case (let x?, let y?) where x != y: x < y
        case (.some, .none): true
        case (.none, .some): false
        default: a.location < b.location
        }
    }

    /// Looks at one event.
    func observe(_ event: Event, into local: inout Local) {
        if event.provider == .aws, let key = event.fields[.credentialID], !suffixes.isEmpty {
            for (suffix, item) in suffixes where key.hasSuffix(suffix) && key != suffix {
                let k = key + "|" + suffix
                if let seen = local.suffixHits[k] {
                    let first = InventoryMatcher.earlier(event, seen.event) ? event : seen.event
                    local.suffixHits[k] = (first, seen.count + 1, suffix, item)
                } else {
                    local.suffixHits[k] = (event, 1, suffix, item)
                }
            }
        }
        if event.provider == .github, !fingerprints.isEmpty {
            for path in [
                "fingerprint", "data.fingerprint", "public_key_fingerprint", "key_fingerprint",
                "data.public_key_fingerprint",
            ] {
                for value in event.fieldValues(path) {
                    if let key = fingerprints[HuntPlan.normaliseFingerprint(value)] {
                        local.keyHits.append((event, key))
                        return
                    }
                }
            }
        }
    }

    /// The findings for what was observed.
    func findings(_ local: Local) -> [Finding] {
        var out: [Finding] = []
        let suffixRule = RuleInfo(
            id: "loghunt-inventory-aws-key-suffix",
            title: "AWS access key matching a masked key from the CircleCI inventory",
            level: .medium, tags: ["attack.t1078.004", "attack.credential_access"],
            description:
                "CloudTrail calls made with an access key whose last characters equal the visible part of a masked key that CircleCI-Env-Inspector listed. Lower confidence: only the suffix is known.",
            references: ["https://circleci.com/blog/jan-4-2023-incident-report/"],
            falsePositives: ["Another key that happens to end with the same characters"], file: "loghunt --inventory")
        for (_, hit) in local.suffixHits.sorted(by: { $0.key < $1.key }) {
            let note =
                "lower confidence: credential.id \(hit.event.fields[.credentialID] ?? "?") ends with …\(hit.suffix), the visible part of \(hit.item.secret.name) in \(hit.item.secret.scopeDescription); \(hit.count) event\(hit.count == 1 ? "" : "s") used it (first shown)"
            out.append(
                Finding(
                    rule: suffixRule, timestamp: hit.event.timestamp, location: hit.event.location, event: hit.event,
                    notes: [note]))
        }
        let keyRule = RuleInfo(
            id: "loghunt-inventory-checkout-key", title: "GitHub event involving a key CircleCI held",
            level: .medium, tags: ["attack.t1098.004", "attack.persistence"],
            description:
                "A GitHub audit event names the fingerprint of a checkout or SSH key that CircleCI-Env-Inspector listed for a project.",
            references: ["https://circleci.com/blog/jan-4-2023-incident-report/"],
            falsePositives: ["Key rotation after the incident"],
            file: "loghunt --inventory")
        for hit in local.keyHits {
            out.append(
                Finding(
                    rule: keyRule, timestamp: hit.event.timestamp, location: hit.event.location, event: hit.event,
                    notes: ["\(hit.key.type) of \(hit.key.project) (fingerprint \(hit.key.fingerprint))"]))
        }
        return out
    }

    /// A note for each provider the inventory says to hunt but whose logs are missing.
    func gaps(providers seen: [Provider: Int]) -> [Diagnostic] {
        var out: [Diagnostic] = []
        for need in plan.providers where HuntPlan.huntable.contains(need.provider) {
            let present: Bool
            switch need.provider {
            case "azure": present = (seen[.azure] ?? 0) + (seen[.entra] ?? 0) > 0
            default: present = Provider(rawValue: need.provider).map { (seen[$0] ?? 0) > 0 } ?? false
            }
            if !present && (need.secrets > 0 || need.provider == "circleci") {
                out.append(
                    Diagnostic(
                        .warning, .other, file: nil,
                        message:
                            "to hunt: the inventory lists \(need.secrets) \(need.provider) secret\(need.secrets == 1 ? "" : "s") but no \(need.provider) logs were given; \(need.advice)"
                    ))
            }
        }
        return out
    }
}
