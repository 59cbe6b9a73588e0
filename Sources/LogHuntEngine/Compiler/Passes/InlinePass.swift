/// Replaces references to search identifiers used once with the identifier's expression.
/// Identifiers used several times stay shared references.
package enum InlinePass {
    /// Runs the pass.
    /// - Parameter rule: the rule expression, rewritten in place.
    package static func run(_ rule: inout RuleExpression) {
        var uses = [Int](repeating: 0, count: rule.definitions.count)
        count(rule.root, &uses)
        let defs = rule.definitions
        rule.root = inline(rule.root, defs, uses)
    }

    private static func count(_ e: Expr, _ uses: inout [Int]) {
        switch e {
        case .reference(let i) where uses.indices.contains(i): uses[i] += 1
        case .and(let xs), .or(let xs): for x in xs { count(x, &uses) }
        case .not(let x): count(x, &uses)
        default: break
        }
    }

    private static func inline(_ e: Expr, _ defs: [Expr], _ uses: [Int]) -> Expr {
        switch e {
        case .reference(let i) where defs.indices.contains(i) && uses[i] == 1: return defs[i]
        case .and(let xs): return .and(xs.map { inline($0, defs, uses) })
        case .or(let xs): return .or(xs.map { inline($0, defs, uses) })
        case .not(let x): return .not(inline(x, defs, uses))
        default: return e
        }
    }
}
