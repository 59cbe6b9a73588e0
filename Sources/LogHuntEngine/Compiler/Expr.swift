/// A compiled detection expression. Evaluation is three-valued (`Truth`), but `not` turns a
/// missing field into a match, so a missing field only ever makes its own predicate false.
package indirect enum Expr: Sendable {
    /// Always true or always false.
    case constant(Bool)
    /// A test on one field.
    case predicate(Predicate)
    /// A keyword: the pattern matches some string leaf of the raw record.
    case keyword(WildcardPattern)
    /// All must hold.
    case and([Expr])
    /// Any must hold.
    case or([Expr])
    /// Negation (missing counts as not matching, so `not` of it is a match).
    case not(Expr)
    /// A search identifier of the rule, by index into `RuleExpression.definitions`
    /// (only in unoptimised programs and for identifiers used more than once).
    case reference(Int)

    /// Rough relative cost, for cheapest-first ordering.
    package var cost: Int {
        switch self {
        case .constant: 0
        case .predicate(let p): p.test.cost
        case .keyword: 40
        case .and(let xs), .or(let xs): xs.reduce(0) { $0 + $1.cost }
        case .not(let x): x.cost
        case .reference: 10
        }
    }

    /// Number of nodes (tests and statistics).
    package var size: Int {
        switch self {
        case .constant, .predicate, .keyword, .reference: 1
        case .and(let xs), .or(let xs): 1 + xs.reduce(0) { $0 + $1.size }
        case .not(let x): 1 + x.size
        }
    }
}

/// The result of evaluating an expression on an event.
package enum Truth: Sendable, Hashable {
    /// The expression holds.
    case match
    /// The expression does not hold.
    case noMatch
    /// The field a predicate needs is absent. Behaves as `noMatch`, except that `not` of it is `match`.
    case missing

    /// True for `.match`.
    package var isMatch: Bool { self == .match }
}

/// One rule's compiled detection: the search identifiers and the condition over them.
package struct RuleExpression: Sendable {
    /// The search identifiers' expressions (referenced by `.reference(i)`).
    package var definitions: [Expr]
    /// The identifiers' names, parallel to `definitions`.
    package var names: [String]
    /// The condition (with any meta-filter conditions AND-ed on).
    package var root: Expr

    /// Creates a rule expression.
    /// - Parameters:
    ///   - definitions: search identifiers.
    ///   - names: their names.
    ///   - root: the condition.
    package init(definitions: [Expr], names: [String], root: Expr) {
        self.definitions = definitions
        self.names = names
        self.root = root
    }
}
