/// Flattens nested `and`/`or`, unwraps single operands, removes double negation and folds
/// constants.
package enum FlattenPass {
    /// Runs the pass on an expression.
    /// - Parameter e: the expression.
    /// - Returns: the simplified expression.
    package static func run(_ e: Expr) -> Expr {
        switch e {
        case .and(let xs):
            var out: [Expr] = []
            for x in xs.map(run) {
                switch x {
                case .constant(true): continue
                case .constant(false): return .constant(false)
                case .and(let inner): out += inner
                default: out.append(x)
                }
            }
            if out.isEmpty { return .constant(true) }
            return out.count == 1 ? out[0] : .and(out)
        case .or(let xs):
            var out: [Expr] = []
            for x in xs.map(run) {
                switch x {
                case .constant(false): continue
                case .constant(true): return .constant(true)
                case .or(let inner): out += inner
                default: out.append(x)
                }
            }
            if out.isEmpty { return .constant(false) }
            return out.count == 1 ? out[0] : .or(out)
        case .not(let x):
            switch run(x) {
            case .not(let inner): return inner
            case .constant(let b): return .constant(!b)
            case let y: return .not(y)
            }
        default:
            return e
        }
    }

    /// Runs the pass on a rule's condition and identifiers.
    /// - Parameter rule: rewritten in place.
    package static func run(_ rule: inout RuleExpression) {
        rule.definitions = rule.definitions.map(run)
        rule.root = run(rule.root)
    }
}
