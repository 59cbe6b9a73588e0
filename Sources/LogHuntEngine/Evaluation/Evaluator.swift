import LogHuntCore
import LogHuntNormalize
import LogHuntRegex

/// Evaluates compiled expressions against events. Stateless: everything mutable is in the
/// caller's `EvaluationScratch`.
package enum Evaluator {
    /// One value a field yields: a node of the raw record, an ECS string, or the event time.
    package enum Leaf {
        /// A scalar node of the raw record.
        case node(Int)
        /// An ECS value.
        case text(String)
        /// The event time (`@timestamp`).
        case time(Timestamp)
    }

    /// Evaluates a rule's condition.
    /// - Parameters:
    ///   - rule: the compiled detection.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: the three-valued result.
    package static func evaluate(_ rule: RuleExpression, _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        eval(rule.root, rule.definitions, event, &scratch)
    }

    /// Evaluates one expression.
    /// - Parameters:
    ///   - e: the expression.
    ///   - defs: the rule's search identifiers (for `.reference`).
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: the three-valued result.
    package static func eval(_ e: Expr, _ defs: [Expr], _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        switch e {
        case .constant(let b): return b ? .match : .noMatch
        case .predicate(let p): return predicate(p, event, &scratch)
        case .keyword(let pattern): return keyword(pattern, event, &scratch)
        case .and(let xs):
            for x in xs {
                let t = eval(x, defs, event, &scratch)
                if t != .match { return t }
            }
            return .match
        case .or(let xs):
            var sawNoMatch = false
            for x in xs {
                switch eval(x, defs, event, &scratch) {
                case .match: return .match
                case .noMatch: sawNoMatch = true
                case .missing: break
                }
            }
            return sawNoMatch || xs.isEmpty ? .noMatch : .missing
        case .not(let x):
            // SIGMA.md §1.6: a missing field makes its predicate false, and `not` of false is true.
            return eval(x, defs, event, &scratch) == .match ? .noMatch : .match
        case .reference(let i):
            guard i >= 0, i < defs.count else { return .noMatch }
            return eval(defs[i], defs, event, &scratch)
        }
    }

    /// Evaluates a rule's laid-out condition (same result as `evaluate(_:_:_:)` on the
    /// expression it was built from).
    /// - Parameters:
    ///   - plan: the laid-out condition.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: the three-valued result.
    package static func evaluate(_ plan: FlatExpression, _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        plan.nodes.withUnsafeBufferPointer { nodes in
            plan.children.withUnsafeBufferPointer { children in
                // The array keeps the predicates alive; the tables read them unretained.
                plan.predicates.map { Unmanaged.passUnretained($0) }.withUnsafeBufferPointer { predicates in
                    plan.keywords.withUnsafeBufferPointer { keywords in
                        plan.memoSlots.withUnsafeBufferPointer { memo in
                            let tables = FlatTables(
                                nodes: nodes, children: children, predicates: predicates, keywords: keywords,
                                memo: memo, root: Int(plan.root))
                            return withExtendedLifetime(plan) { eval(tables.root, tables, event, &scratch) }
                        }
                    }
                }
            }
        }
    }

    /// Evaluates a rule's condition from its tables (`Program.tables`): the same result as
    /// `evaluate(_:_:_:)` on the plan they were copied from, with no reference counting.
    /// - Parameters:
    ///   - tables: the laid-out condition.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: the three-valued result.
    @inline(__always)
    package static func evaluate(_ tables: FlatTables, _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        eval(tables.root, tables, event, &scratch)
    }

    private static func eval(_ i: Int, _ t: FlatTables, _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        let node = t.nodes[i]
        switch node.op {
        case .isTrue: return .match
        case .isFalse: return .noMatch
        case .predicate:
            let slot = Int(t.memo[Int(node.a)])
            let p = t.predicates[Int(node.a)]
            guard slot >= 0, scratch.memoActive else {
                return p._withUnsafeGuaranteedRef { predicate($0, event, &scratch) }
            }
            let word = scratch.memoWords[slot]
            if word >> 2 == scratch.memoEpoch { return EvaluationScratch.memoTruth(word) }
            let truth = p._withUnsafeGuaranteedRef { predicate($0, event, &scratch) }
            scratch.memoWords[slot] = scratch.memoWord(truth)
            return truth
        case .keyword: return keyword(t.keywords[Int(node.a)], event, &scratch)
        case .and:
            var k = Int(node.a)
            let end = k + Int(node.b)
            while k < end {
                let r = eval(Int(t.children[k]), t, event, &scratch)
                if r != .match { return r }
                k += 1
            }
            return .match
        case .or:
            var sawNoMatch = false
            var k = Int(node.a)
            let end = k + Int(node.b)
            while k < end {
                switch eval(Int(t.children[k]), t, event, &scratch) {
                case .match: return .match
                case .noMatch: sawNoMatch = true
                case .missing: break
                }
                k += 1
            }
            return sawNoMatch || node.b == 0 ? .noMatch : .missing
        case .not:
            return eval(Int(node.a), t, event, &scratch) == .match ? .noMatch : .match
        }
    }

    // MARK: Predicates

    /// Evaluates a predicate on one field.
    /// - Parameters:
    ///   - p: the predicate.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: match, no match, or missing (the field is absent).
    @inline(__always)
    package static func predicate(_ p: Predicate, _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        predicate(p.field, p.test, event, &scratch)
    }

    /// Evaluates a laid-out predicate. The value tests capture the (immutable) node rather
    /// than a copy of its test, so no payload is copied per event.
    /// - Parameters:
    ///   - p: the predicate.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: match, no match, or missing (the field is absent).
    @inline(__always)
    package static func predicate(_ p: PredicateNode, _ event: Event, _ scratch: inout EvaluationScratch) -> Truth {
        if let path = p.rootPath, case .some(let hit) = scratch.paths.node(at: path, in: event) {
            return decide(p, hit, event, &scratch)
        }
        switch p.test {
        case .exists, .null, .fieldRef:
            return predicate(p.field, p.test, event, &scratch)
        default:
            var found = false
            let hit = visitLeaves(p.field, event, &found) { leaf in test(p.test, leaf, event, &scratch) }
            return hit ? .match : (found ? .noMatch : .missing)
        }
    }

    /// `predicate(_:_:_:)` for a field whose one path reaches at most the node `hit` (one root
    /// key, or two keys through objects; `PredicateNode.rootPath`): what `visitTop` finds is
    /// that node, so the predicate is decided from it directly.
    private static func decide(
        _ p: PredicateNode, _ hit: Int?, _ event: Event, _ scratch: inout EvaluationScratch
    ) -> Truth {
        let doc = event.raw
        switch p.test {
        case .exists(let want):
            return (hit != nil) == want ? .match : .noMatch
        case .null:
            guard let hit else { return .match }
            return doc.kind(hit) == .null ? .match : .noMatch
        case .fieldRef:
            return predicate(p.field, p.test, event, &scratch)
        default:
            guard let hit else { return .missing }
            switch doc.kind(hit) {
            case .string, .number, .true, .false:
                return test(p.test, .node(hit), event, &scratch) ? .match : .noMatch
            case .null:
                return .noMatch
            case .array, .object:
                return visitScalars(doc, hit) { leaf in test(p.test, leaf, event, &scratch) } ? .match : .noMatch
            }
        }
    }

    /// Evaluates a test on one field.
    /// - Parameters:
    ///   - field: the field.
    ///   - valueTest: the test.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: match, no match, or missing (the field is absent).
    @inline(__always)
    package static func predicate(
        _ field: FieldRef, _ valueTest: ValueTest, _ event: Event, _ scratch: inout EvaluationScratch
    ) -> Truth {
        switch valueTest {
        case .exists(let want):
            return isPresent(field, event) == want ? .match : .noMatch
        case .null:
            var found = false
            var sawNull = false
            visitTop(field, event, &found) { leaf in
                if case .node(let i) = leaf, event.raw.kind(i) == .null {
                    sawNull = true
                    return true
                }
                return false
            }
            return !found || sawNull ? .match : .noMatch
        case .fieldRef(let other, let mode, let cased):
            var otherValues: [[UInt8]] = []
            var otherFound = false
            visitLeaves(other, event, &otherFound) { leaf in
                withLeafBytes(leaf, event.raw) { otherValues.append(Array($0)) }
                return false
            }
            guard otherFound else { return .missing }
            let patterns = otherValues.map { v -> WildcardPattern in
                let lit = ValuePart.literal(v)
                switch mode {
                case .equals: return WildcardPattern([lit], caseSensitive: cased)
                case .startsWith: return WildcardPattern([lit, .anyRun], caseSensitive: cased)
                case .endsWith: return WildcardPattern([.anyRun, lit], caseSensitive: cased)
                case .contains: return WildcardPattern([.anyRun, lit, .anyRun], caseSensitive: cased)
                }
            }
            var found = false
            let hit = visitLeaves(field, event, &found) { leaf in
                withLeafBytes(leaf, event.raw) { bytes in
                    patterns.contains { $0.matches(bytes, scratch: &scratch.scalars) }
                }
            }
            return hit ? .match : (found ? .noMatch : .missing)
        default:
            var found = false
            let hit = visitLeaves(field, event, &found) { leaf in test(valueTest, leaf, event, &scratch) }
            return hit ? .match : (found ? .noMatch : .missing)
        }
    }

    /// Keyword search: the pattern matches some string leaf of the raw record.
    private static func keyword(_ pattern: WildcardPattern, _ event: Event, _ scratch: inout EvaluationScratch)
        -> Truth
    {
        let doc = event.raw
        guard !doc.nodes.isEmpty else { return .noMatch }
        let hit = doc.visitStringLeaves(doc.root) { i in
            doc.withStringBytes(i) { pattern.matches($0, scratch: &scratch.scalars) }
        }
        return hit ? .match : .noMatch
    }

    @inline(__always)
    private static func test(_ t: ValueTest, _ leaf: Leaf, _ event: Event, _ scratch: inout EvaluationScratch) -> Bool {
        let doc = event.raw
        switch t {
        case .string(let p):
            return withLeafBytes(leaf, doc) { p.matches($0, scratch: &scratch.scalars) }
        case .literalSet(let s):
            return withLeafBytes(leaf, doc) { s.contains($0, scratch: &scratch.scalars) }
        case .regex(let r):
            guard let rs = scratch.regex else { return false }
            let outcome = withLeafBytes(leaf, doc) { r.matches($0, scratch: rs) }
            switch outcome {
            case .match: return true
            case .noMatch: return false
            case .limitExceeded(let code):
                if !scratch.warnedCurrentRule {
                    scratch.warnedCurrentRule = true
                    scratch.diagnostics.append(
                        .warning(
                            .regexLimit, at: event.location,
                            "regular expression gave up on this record (\(PCRE2Pattern.message(for: code)))"
                        ))
                }
                return false
            }
        case .number(let v, _):
            return number(leaf, doc) == v
        case .bool(let b):
            return bool(leaf, doc) == b
        case .compare(let op, let v):
            guard let x = number(leaf, doc) else { return false }
            return op.holds(x, v)
        case .compareTime(let op, let v):
            guard let x = time(leaf, doc) else { return false }
            return op.holds(x, v)
        case .timePart(let part, let op, let v):
            guard let x = time(leaf, doc) else { return false }
            let value = part.value(of: x)
            return op.map { $0.holds(value, v) } ?? (value == v)
        case .cidr(let net):
            return withLeafBytes(leaf, doc) { bytes in
                guard bytes.count >= 2, bytes.count <= 64, let a = scratch.address(of: bytes) else { return false }
                return net.contains(address: a)
            }
        case .cidrSet(let nets):
            return withLeafBytes(leaf, doc) { bytes in
                guard bytes.count >= 2, bytes.count <= 64, let a = scratch.address(of: bytes) else { return false }
                return nets.contains(address: a)
            }
        case .null, .exists, .fieldRef:
            return false
        }
    }

    // MARK: Field access

    /// True when the field is present (ECS slot filled, or some raw path reaches a node, even null).
    package static func isPresent(_ field: FieldRef, _ event: Event) -> Bool {
        var found = false
        visitTop(field, event, &found) { _ in true }
        return found
    }

    /// Calls `body` with the field's top-level values (ECS value or the nodes the first raw path
    /// that resolves reaches), until it returns true.
    @discardableResult
    @inline(__always)
    package static func visitTop(_ field: FieldRef, _ event: Event, _ found: inout Bool, _ body: (Leaf) -> Bool)
        -> Bool
    {
        if let ecs = field.ecs {
            switch ecs {
            case .timestamp:
                if let t = event.timestamp {
                    found = true
                    return body(.time(t))
                }
            case .provider:
                found = true
                return body(.text(event.provider.rawValue))
            default:
                if let s = event.fields[ecs] {
                    found = true
                    return body(.text(s))
                }
            }
        }
        let ci = event.provider == .azure || event.provider == .entra
        guard !event.raw.nodes.isEmpty else { return false }
        return field.paths.withUnsafeBufferPointer { paths in
            for k in paths.indices {
                var f = false
                let stopped = paths[k].visit(event.raw, rootMembers: event.rootMembers, caseInsensitive: ci, found: &f)
                {
                    body(.node($0))
                }
                if f {
                    found = true
                    return stopped
                }
            }
            return false
        }
    }

    /// Calls `body` with every scalar value of the field: arrays give their elements, objects
    /// their nested string leaves; JSON null gives nothing (but counts as present).
    @discardableResult
    @inline(__always)
    package static func visitLeaves(_ field: FieldRef, _ event: Event, _ found: inout Bool, _ body: (Leaf) -> Bool)
        -> Bool
    {
        let doc = event.raw
        return visitTop(field, event, &found) { leaf in
            guard case .node(let i) = leaf else { return body(leaf) }
            return visitScalars(doc, i, body)
        }
    }

    private static func visitScalars(_ doc: JSONDocument, _ i: Int, _ body: (Leaf) -> Bool) -> Bool {
        switch doc.kind(i) {
        case .string, .number, .true, .false: return body(.node(i))
        case .null: return false
        case .array:
            var j = i + 1
            for _ in 0..<doc.nodes[i].count {
                if visitScalars(doc, j, body) { return true }
                j = Int(doc.nodes[j].next)
            }
            return false
        case .object:
            return doc.visitStringLeaves(i) { body(.node($0)) }
        }
    }

    /// Calls `body` with the UTF-8 text of a scalar leaf (strings decoded, numbers as written,
    /// booleans as `true`/`false`, the event time as ISO-8601).
    @inline(__always)
    package static func withLeafBytes<R>(_ leaf: Leaf, _ doc: JSONDocument, _ body: (UnsafeRawBufferPointer) -> R) -> R
    {
        switch leaf {
        case .node(let i):
            let node = doc.nodes[i]
            switch node.kind {
            case .string: return doc.withStringBytes(i, body)
            case .number:
                return doc.bytes.withUnsafeBytes {
                    body(UnsafeRawBufferPointer(rebasing: $0[Int(node.start)..<Int(node.end)]))
                }
            case .true: return staticText("true", body)
            case .false: return staticText("false", body)
            case .null, .array, .object: return staticText("", body)
            }
        case .text(let s):
            var s = s
            return s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        case .time(let t):
            var s = t.iso8601
            return s.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }

    @inline(__always)
    private static func staticText<R>(_ text: StaticString, _ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private static func number(_ leaf: Leaf, _ doc: JSONDocument) -> Double? {
        switch leaf {
        case .node(let i): return doc.number(i)
        case .text(let s):
            let t = s.trimmingCharacters(in: " ")
            return t.isEmpty ? nil : Double(t)
        case .time(let t): return Double(t.nanoseconds) / 1e9
        }
    }

    private static func bool(_ leaf: Leaf, _ doc: JSONDocument) -> Bool? {
        switch leaf {
        case .node(let i): return doc.bool(i)
        case .text(let s):
            switch s.lowercased() {
            case "true": return true
            case "false": return false
            default: return nil
            }
        case .time: return nil
        }
    }

    private static func time(_ leaf: Leaf, _ doc: JSONDocument) -> Timestamp? {
        switch leaf {
        case .node(let i):
            switch doc.kind(i) {
            case .number: return doc.number(i).flatMap { Timestamp(epoch: $0) }
            case .string: return Timestamp(parsing: doc.decodeString(i))
            default: return nil
            }
        case .text(let s): return Timestamp(parsing: s)
        case .time(let t): return t
        }
    }
}
