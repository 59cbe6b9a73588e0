/// Orders the operands of every `and`/`or` cheapest first (stable), so short-circuiting skips
/// the expensive tests (regular expressions, keywords) whenever a cheap one decides.
package enum OrderPass {
    /// Runs the pass on an expression.
    /// - Parameter e: the expression.
    /// - Returns: the reordered expression.
    package static func run(_ e: Expr) -> Expr {
        switch e {
        case .and(let xs): return .and(sorted(xs.map(run)))
        case .or(let xs): return .or(sorted(xs.map(run)))
        case .not(let x): return .not(run(x))
        default: return e
        }
    }

    /// Runs the pass on a rule.
    /// - Parameter rule: rewritten in place.
    package static func run(_ rule: inout RuleExpression) {
        rule.definitions = rule.definitions.map(run)
        rule.root = run(rule.root)
    }

    private static func sorted(_ xs: [Expr]) -> [Expr] {
        xs.enumerated().map { ($0.offset, $0.element, $0.element.cost) }
            .sorted { $0.2 != $1.2 ? $0.2 < $1.2 : $0.0 < $1.0 }
            .map(\.1)
    }
}
