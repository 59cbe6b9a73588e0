/// A rule's condition laid out for evaluation: nodes in one array of plain values, children
/// as index ranges, predicates and keywords in side tables. Evaluating it walks indices, so
/// no payload is copied (and no reference count touched) per node. Built once per rule by
/// `Program`; search identifiers used several times share one node.
package struct FlatExpression: Sendable {
    /// What a node does.
    package enum Op: UInt8, Sendable {
        /// Always `.match` / always `.noMatch`.
        case isTrue, isFalse
        /// `predicates[a]`.
        case predicate
        /// `keywords[a]`.
        case keyword
        /// All / any of `children[a ..< a + b]`.
        case and, or
        /// Negation of node `a`.
        case not
    }

    /// One node: the operation and two operands (meaning depends on `op`).
    package struct Node: Sendable {
        /// The operation.
        package var op: Op
        /// First operand.
        package var a: Int32
        /// Second operand (child count for `and`/`or`).
        package var b: Int32
    }

    /// All nodes; `root` is the condition.
    package private(set) var nodes: [Node] = []
    /// Child node indices of `and`/`or` nodes, back to back.
    package private(set) var children: [Int32] = []
    /// The predicates nodes refer to.
    package private(set) var predicates: [PredicateNode] = []
    /// The keyword patterns nodes refer to.
    package private(set) var keywords: [WildcardPattern] = []
    /// Per predicate: its slot in the per-event memo of predicates several rules share
    /// (`Program` assigns them), or -1.
    package internal(set) var memoSlots: [Int32] = []
    /// The index of the condition's node.
    package private(set) var root: Int32 = 0

    /// Lays out a rule's expression (references are resolved; an out-of-range or cyclic
    /// reference never matches).
    /// - Parameter rule: the compiled detection.
    package init(_ rule: RuleExpression) {
        var memo = [Int32?](repeating: nil, count: rule.definitions.count)
        var active = Set<Int>()
        root = add(rule.root, rule.definitions, &memo, &active)
        memoSlots = Array(repeating: -1, count: predicates.count)
    }

    private mutating func node(_ op: Op, _ a: Int32 = 0, _ b: Int32 = 0) -> Int32 {
        nodes.append(Node(op: op, a: a, b: b))
        return Int32(nodes.count - 1)
    }

    private mutating func add(_ e: Expr, _ defs: [Expr], _ memo: inout [Int32?], _ active: inout Set<Int>) -> Int32 {
        switch e {
        case .constant(let b):
            return node(b ? .isTrue : .isFalse)
        case .predicate(let p):
            predicates.append(PredicateNode(p))
            return node(.predicate, Int32(predicates.count - 1))
        case .keyword(let k):
            keywords.append(k)
            return node(.keyword, Int32(keywords.count - 1))
        case .and(let xs), .or(let xs):
            var kids: [Int32] = []
            kids.reserveCapacity(xs.count)
            for x in xs { kids.append(add(x, defs, &memo, &active)) }
            let start = Int32(children.count)
            children += kids
            if case .and = e { return node(.and, start, Int32(kids.count)) }
            return node(.or, start, Int32(kids.count))
        case .not(let x):
            let child = add(x, defs, &memo, &active)
            return node(.not, child)
        case .reference(let i):
            guard i >= 0, i < defs.count, !active.contains(i) else { return node(.isFalse) }
            if let done = memo[i] { return done }
            active.insert(i)
            let n = add(defs[i], defs, &memo, &active)
            active.remove(i)
            memo[i] = n
            return n
        }
    }
}
