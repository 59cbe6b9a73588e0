import CByteScan
import LogHuntCore
import LogHuntNormalize

/// Picks the rules an event can match, so each event visits only those: first by provider
/// (`logsource.product`; product-less rules apply to every provider) and Sigma service
/// (`logsource.service`, when the rule names one: `signinlogs` rules see Entra sign-ins, not
/// Azure activity; a service loghunt does not read selects nothing), then, for rules whose
/// condition requires an action-like field (`event.action`, `eventName`, `action`,
/// `operationName`, `methodName`, `method_name`) to equal one of a few literals, by the
/// event's value of that field. Everything else is always visited. The index only narrows:
/// the full condition is still evaluated.
package struct RuleIndex: Sendable {
    /// Rules keyed by the literal values one field must take. A class: an event's lookup
    /// reads it through one reference (a struct copy retained each of its six arrays).
    package final class ActionGroup: Sendable {
        /// The field.
        package let field: FieldRef
        /// The folded literals, their hashes (`ProbeTable.hash`) and their rules, by entry.
        fileprivate let keys: [[UInt8]]
        fileprivate let hashes: [UInt64]
        fileprivate let rules: [[Int]]
        /// Open addressing over the entries (-1 empty), at most half full.
        fileprivate let slots: [Int32]
        /// Every rule of the group (used when the event's value is not ASCII).
        package let allRules: [Int]
        /// The field as a root path when it is one (`PredicateNode.rootPath`): candidate
        /// selection reads it from the event's root index directly.
        fileprivate let rootPath: RootKeyPath?

        fileprivate init(field: FieldRef, literals: [(key: [UInt8], rules: [Int])], allRules: [Int]) {
            self.field = field
            self.allRules = allRules
            self.rootPath = field.ecs == nil && field.paths.count == 1 ? RootKeyPath(field.paths[0].name) : nil
            keys = literals.map(\.key)
            rules = literals.map(\.rules)
            hashes = keys.map(ProbeTable.hash)
            slots = ProbeTable.slots(for: hashes)
        }

        /// The entry whose literal equals `bytes` ASCII-folded (`bytes` is ASCII), or -1.
        @inline(__always)
        fileprivate func entry(_ bytes: UnsafeRawBufferPointer) -> Int {
            let subject = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
            var ascii: Int32 = 0
            let h = lh_key_hash(subject, Int64(bytes.count), 1, &ascii)
            return slots.withUnsafeBufferPointer { slots in
                let mask = slots.count - 1
                var i = Int(truncatingIfNeeded: h) & mask
                while true {
                    let e = Int(slots[i])
                    if e < 0 { return -1 }
                    if hashes[e] == h, keys[e].count == bytes.count,
                        keys[e].withUnsafeBufferPointer({ key in
                            key.isEmpty || lh_equal_folding(key.baseAddress, subject, Int64(key.count)) != 0
                        })
                    {
                        return e
                    }
                    i = (i + 1) & mask
                }
            }
        }
    }

    /// The rules of one provider.
    package final class Bucket: Sendable {
        /// Rules visited for every event of the provider.
        package let always: [Int]
        /// Rules visited only when the field takes one of their values.
        package let groups: [ActionGroup]
        /// With a single group (the usual case: a provider's rules keyed by one action field,
        /// an event with one value there), the answers worked out once, per event service:
        /// `always` and each entry's rules, sorted, without repeats, and without the rules
        /// whose `logsource.service` is another. Empty with several groups.
        fileprivate let answers: [Answers]
        /// With a single group: `answers` for an event whose service no rule names (only
        /// service-less rules are left).
        fileprivate let otherService: Answers?

        /// One event service's answers.
        fileprivate struct Answers: Sendable {
            /// The event service (nil: an event without one, which no rule's service filters).
            var service: String?
            /// Per entry of the single group.
            var merged: [[Int]]
            /// When the field matches no entry.
            var always: [Int]
        }

        fileprivate init(always: [Int], groups: [ActionGroup], services: [String?]) {
            self.always = always
            self.groups = groups
            guard groups.count == 1 else {
                answers = []
                otherService = nil
                return
            }
            func make(_ service: String?, _ allows: (Int) -> Bool) -> Answers {
                func pick(_ rules: [Int]) -> [Int] { Array(Set(rules)).sorted().filter(allows) }
                return Answers(
                    service: service, merged: groups[0].rules.map { pick(always + $0) }, always: pick(always))
            }
            let named = Set((always + groups[0].allRules).compactMap { services[$0] }).sorted()
            // First the answers for an event without a service (no rule's service filters it),
            // then per service some rule names; any other service keeps the service-less rules.
            self.answers =
                [make(nil) { _ in true }]
                + named.map { service in make(service) { services[$0] == nil || services[$0] == service } }
            self.otherService = make(nil) { services[$0] == nil }
        }

        /// The answers for an event of `service`.
        @inline(__always)
        fileprivate func answers(for service: String?) -> Answers {
            guard let service else { return answers[0] }
            for k in 1..<answers.count where answers[k].service == service { return answers[k] }
            return otherService ?? answers[0]
        }
    }

    /// By `position(_:)` (an array: no hashing per event).
    private let buckets: [Bucket]
    /// Per rule: its `logsource.service`, lower-cased (nil: any service).
    private let services: [String?]
    private let anyService: Bool

    /// Builds the index.
    /// - Parameter rules: the compiled rules.
    package init(rules: [CompiledRule]) {
        let services = rules.map { $0.service?.lowercased() }
        var buckets = [Bucket?](repeating: nil, count: Provider.allCases.count)
        for provider in Provider.allCases {
            var always: [Int] = []
            var groups: [FieldRef: (literals: [(key: [UInt8], rules: [Int])], all: [Int])] = [:]
            var order: [FieldRef] = []
            for (r, rule) in rules.enumerated() where rule.providers.contains(provider) {
                guard
                    let (field, values) = RuleIndex.requiredLiterals(rule.expression.root, rule.expression.definitions)
                else {
                    always.append(r)
                    continue
                }
                if groups[field] == nil {
                    groups[field] = ([], [])
                    order.append(field)
                }
                groups[field]?.all.append(r)
                for v in Set(values).sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                    if let k = groups[field]?.literals.firstIndex(where: { $0.key == v }) {
                        groups[field]?.literals[k].rules.append(r)
                    } else {
                        groups[field]?.literals.append((v, [r]))
                    }
                }
            }
            buckets[Self.position(provider)] = Bucket(
                always: always,
                groups: order.compactMap { f in
                    groups[f].map { ActionGroup(field: f, literals: $0.literals, allRules: $0.all) }
                },
                services: services)
        }
        self.buckets = buckets.map { $0 ?? Bucket(always: [], groups: [], services: services) }
        self.services = services
        self.anyService = services.contains { $0 != nil }
    }

    /// Whether rule `r`'s `logsource.service` (if any) is the event's (an event whose service is
    /// not known, such as one built by hand, is not filtered).
    /// - Parameters:
    ///   - r: a rule index.
    ///   - service: the event's Sigma service.
    /// - Returns: true when the rule may see the event.
    @inline(__always)
    package func serviceAllows(_ r: Int, _ service: String?) -> Bool {
        guard let wanted = services[r], let service else { return true }
        return wanted == service
    }

    /// The provider's bucket (tests and statistics).
    /// - Parameter provider: the provider.
    /// - Returns: its bucket.
    package func bucket(for provider: Provider) -> Bucket {
        buckets[Self.position(provider)]
    }

    /// Fills `out` with the indices of the rules `event` must be checked against, ascending.
    /// - Parameters:
    ///   - event: the event.
    ///   - out: replaced with rule indices.
    package func candidates(for event: Event, into out: inout [Int], paths: RootPathMemo? = nil) {
        out.removeAll(keepingCapacity: true)
        let bucket = buckets[Self.position(event.provider)]
        guard !bucket.groups.isEmpty else {
            out += bucket.always
            filterServices(event.service, &out)
            return
        }
        if bucket.groups.count == 1 {
            // One leaf, ASCII: the answer worked out at init. Anything else: the general path.
            let group = bucket.groups[0]
            if let path = group.rootPath, case .some(let hit) = paths?.node(at: path, in: event) ?? event.node(at: path)
            {
                // The one node `visitLeaves` starts from, from the index.
                let doc = event.raw
                var entry = -1
                var decided = true
                if let hit {
                    switch doc.kind(hit) {
                    case .string, .number, .true, .false:
                        Evaluator.withLeafBytes(.node(hit), doc) { bytes in
                            if CaseFolding.isASCII(bytes) { entry = group.entry(bytes) } else { decided = false }
                        }
                    case .null: break
                    case .array, .object: decided = false
                    }
                }
                if decided {
                    let answers = bucket.answers(for: event.service)
                    out += entry >= 0 ? answers.merged[entry] : answers.always
                    return
                }
            }
            var leaves = 0
            var entry = -1
            var ascii = true
            var found = false
            Evaluator.visitLeaves(group.field, event, &found) { leaf in
                leaves += 1
                guard leaves == 1 else { return true }
                Evaluator.withLeafBytes(leaf, event.raw) { bytes in
                    if CaseFolding.isASCII(bytes) { entry = group.entry(bytes) } else { ascii = false }
                }
                return false
            }
            if leaves <= 1, ascii {
                let answers = bucket.answers(for: event.service)
                out += entry >= 0 ? answers.merged[entry] : answers.always
                return
            }
        }
        out += bucket.always
        for group in bucket.groups {
            var found = false
            Evaluator.visitLeaves(group.field, event, &found) { leaf in
                Evaluator.withLeafBytes(leaf, event.raw) { bytes in
                    guard CaseFolding.isASCII(bytes) else {
                        out += group.allRules
                        return
                    }
                    let e = group.entry(bytes)
                    if e >= 0 { out += group.rules[e] }
                }
                return false
            }
        }
        out.sort()
        var w = 0
        for k in out.indices where k == 0 || out[k] != out[k - 1] {
            out[w] = out[k]
            w += 1
        }
        out.removeLast(out.count - w)
        filterServices(event.service, &out)
    }

    /// The provider's slot in `buckets` (`Provider.ordinal`; a test checks that it numbers
    /// `Provider.allCases` 0, 1, 2, … without gaps or repeats).
    @inline(__always)
    package static func position(_ provider: Provider) -> Int { provider.ordinal }

    @inline(__always)
    private func filterServices(_ service: String?, _ out: inout [Int]) {
        guard anyService else { return }
        out.removeAll { !serviceAllows($0, service) }
    }

    /// True for the fields the index keys on.
    /// - Parameter field: a field reference.
    /// - Returns: whether rules are indexed by its value.
    package static func isActionField(_ field: FieldRef) -> Bool {
        if field.ecs == .action { return true }
        let last = field.name.split(separator: ".").last.map { $0.lowercased() } ?? ""
        return ["eventname", "action", "operationname", "methodname", "method_name"].contains(last)
    }

    /// The field and folded literal values the expression requires (one of them must equal the
    /// field for the expression to match), when there is such a field.
    /// - Parameters:
    ///   - e: the expression.
    ///   - defs: the rule's search identifiers.
    /// - Returns: the field and its values, or nil.
    package static func requiredLiterals(_ e: Expr, _ defs: [Expr]) -> (FieldRef, [[UInt8]])? {
        switch e {
        case .predicate(let p) where isActionField(p.field):
            switch p.test {
            case .string(let pattern):
                guard let bytes = pattern.parts.plainBytes ?? (pattern.parts.isEmpty ? [] : nil) else { return nil }
                return (p.field, [LiteralSet.fold(bytes)])
            case .literalSet(let set):
                return (p.field, set.members)
            default:
                return nil
            }
        case .and(let xs):
            var best: (FieldRef, [[UInt8]])?
            for x in xs {
                if let r = requiredLiterals(x, defs), best == nil || r.1.count < (best?.1.count ?? 0) { best = r }
            }
            return best
        case .or(let xs):
            guard !xs.isEmpty else { return nil }
            var field: FieldRef?
            var values: [[UInt8]] = []
            for x in xs {
                guard let (f, v) = requiredLiterals(x, defs) else { return nil }
                if let field, field != f { return nil }
                field = f
                values += v
            }
            return field.map { ($0, values) }
        case .reference(let i):
            guard defs.indices.contains(i) else { return nil }
            return requiredLiterals(defs[i], defs)
        default:
            return nil
        }
    }
}
