/// Rewrites an `or` of case-insensitive plain equality tests on one field
/// (`eventName: [CreateUser, DeleteUser, …]`) into one hash-set lookup, and an `or` of `|cidr`
/// tests on one field (an expanded address-range list) into one network-set test.
package enum LiteralSetPass {
    /// Smallest number of values worth a set.
    package static let minimumValues = 2

    /// Runs the pass on an expression.
    /// - Parameter e: the expression.
    /// - Returns: the rewritten expression.
    package static func run(_ e: Expr) -> Expr {
        switch e {
        case .and(let xs): return .and(xs.map(run))
        case .not(let x): return .not(run(x))
        case .or(let xs):
            let children = xs.map(run)
            var byField: [FieldRef: [Int]] = [:]
            var order: [FieldRef] = []
            var networksByField: [FieldRef: [Int]] = [:]
            var networkOrder: [FieldRef] = []
            for (k, x) in children.enumerated() {
                if let (field, _) = plainEquality(x) {
                    if byField[field] == nil { order.append(field) }
                    byField[field, default: []].append(k)
                } else if let (field, _) = network(x) {
                    if networksByField[field] == nil { networkOrder.append(field) }
                    networksByField[field, default: []].append(k)
                }
            }
            var replaced = Set<Int>()
            var sets: [Int: Expr] = [:]
            for field in order {
                guard let ks = byField[field], ks.count >= minimumValues else { continue }
                let values = ks.compactMap { plainEquality(children[$0])?.1 }
                sets[ks[0]] = .predicate(Predicate(field: field, test: .literalSet(LiteralSet(values))))
                replaced.formUnion(ks)
            }
            // Every `|cidr` test on one field gives match, no match or missing alike (missing
            // only when the field is absent), so their `or` is one test on the union.
            for field in networkOrder {
                guard let ks = networksByField[field], ks.count >= minimumValues else { continue }
                let nets = ks.compactMap { network(children[$0])?.1 }
                sets[ks[0]] = .predicate(Predicate(field: field, test: .cidrSet(IPNetworkSet(nets))))
                replaced.formUnion(ks)
            }
            var out: [Expr] = []
            for (k, x) in children.enumerated() {
                if let s = sets[k] {
                    out.append(s)
                } else if !replaced.contains(k) {
                    out.append(x)
                }
            }
            return out.count == 1 ? out[0] : .or(out)
        default:
            return e
        }
    }

    /// Runs the pass on a rule.
    /// - Parameter rule: rewritten in place.
    package static func run(_ rule: inout RuleExpression) {
        rule.definitions = rule.definitions.map(run)
        rule.root = run(rule.root)
    }

    private static func network(_ e: Expr) -> (FieldRef, IPNetwork)? {
        guard case .predicate(let p) = e, case .cidr(let net) = p.test else { return nil }
        return (p.field, net)
    }

    private static func plainEquality(_ e: Expr) -> (FieldRef, [UInt8])? {
        guard case .predicate(let p) = e, case .string(let pattern) = p.test, !pattern.caseSensitive,
            let bytes = pattern.parts.plainBytes ?? (pattern.parts.isEmpty ? [] : nil)
        else { return nil }
        return (p.field, bytes)
    }
}
