import LogHuntCore
import LogHuntNormalize

/// A compiled rule set: the rules (their index is `Match.rule`), the index that picks which
/// rules an event visits, and the options they were compiled with. Immutable and `Sendable`:
/// compile once, share across workers.
package struct Program: Sendable {
    /// The compiled detection rules, in load order.
    package let rules: [CompiledRule]
    /// Which rules each event visits.
    package let index: RuleIndex
    /// Each rule's condition laid out for evaluation (parallel to `rules`).
    package let plans: [FlatExpression]
    /// `plans` copied into memory the evaluator reads without reference counting (parallel
    /// to `rules`); `tableOwners` keeps that memory alive.
    package let tables: [FlatTables]
    private let tableOwners: [FlatTablesOwner]
    /// Number of distinct predicates that several rules (or places) share; each is evaluated
    /// at most once per event (`EvaluationScratch`'s memo).
    package let memoSlotCount: Int
    /// The options used.
    package let options: CompileOptions

    /// Assembles a program and builds its index.
    /// - Parameters:
    ///   - rules: compiled rules.
    ///   - options: the options used.
    package init(rules: [CompiledRule], options: CompileOptions) {
        self.rules = rules
        self.options = options
        self.index = RuleIndex(rules: rules)
        var plans = rules.map { FlatExpression($0.expression) }
        self.memoSlotCount = Program.assignMemoSlots(&plans)
        self.plans = plans
        self.tableOwners = plans.map(FlatTablesOwner.init)
        self.tables = tableOwners.map(\.tables)
    }

    /// What makes two predicates the same check: field and test. Regular expressions
    /// (whose limit warnings belong to a rule), `|fieldref` and keywords are left out.
    private enum MemoKey: Hashable {
        case string(FieldRef, WildcardPattern)
        case literalSet(FieldRef, LiteralSet)
        case exists(FieldRef, Bool)
        case null(FieldRef)
        case cidr(FieldRef, IPNetwork)
        case cidrSet(FieldRef, IPNetworkSet)
        case number(FieldRef, Double, String)
        case bool(FieldRef, Bool)

        init?(_ p: PredicateNode) {
            switch p.test {
            case .string(let w): self = .string(p.field, w)
            case .literalSet(let l): self = .literalSet(p.field, l)
            case .exists(let b): self = .exists(p.field, b)
            case .null: self = .null(p.field)
            case .cidr(let n): self = .cidr(p.field, n)
            case .cidrSet(let n): self = .cidrSet(p.field, n)
            case .number(let v, let text): self = .number(p.field, v, text)
            case .bool(let b): self = .bool(p.field, b)
            case .regex, .fieldRef, .compare, .compareTime, .timePart: return nil
            }
        }
    }

    /// Gives every predicate that occurs more than once across `plans` a shared memo slot.
    /// - Returns: the number of slots.
    private static func assignMemoSlots(_ plans: inout [FlatExpression]) -> Int {
        var uses: [MemoKey: Int] = [:]
        for plan in plans {
            for p in plan.predicates { if let key = MemoKey(p) { uses[key, default: 0] += 1 } }
        }
        var slots: [MemoKey: Int32] = [:]
        for r in plans.indices {
            for (k, p) in plans[r].predicates.enumerated() {
                guard let key = MemoKey(p), let n = uses[key], n > 1 else { continue }
                let slot = slots[key] ?? Int32(slots.count)
                slots[key] = slot
                plans[r].memoSlots[k] = slot
            }
        }
        return slots.count
    }

    /// Whether rule `rule` reports findings of its own (false when only a `generate: false`
    /// correlation uses it; its matches still go to the correlator).
    /// - Parameter rule: an index into `rules` (`Match.rule`).
    /// - Returns: true when the rule reports findings.
    package func emitsFindings(rule: Int) -> Bool {
        rules.indices.contains(rule) && rules[rule].emitsFindings
    }

    /// The ECS fields the rules' tests read (`Normalizer.wanting(_:)`): every predicate's
    /// field and every `|fieldref` target that is an ECS name. Keywords read the raw record.
    package var ecsFieldsRead: ECSFieldSet { ecsFieldsRead { _ in true } }

    /// `ecsFieldsRead` of the rules `includes` accepts (by index).
    /// - Parameter includes: whether rule `i` counts.
    /// - Returns: the fields.
    package func ecsFieldsRead(ofRules includes: (Int) -> Bool) -> ECSFieldSet {
        var out = ECSFieldSet.none
        for (i, plan) in plans.enumerated() where includes(i) {
            for p in plan.predicates {
                if let ecs = p.field.ecs { out.insert(ecs) }
                if case .fieldRef(let other, _, _) = p.test, let ecs = other.ecs { out.insert(ecs) }
            }
        }
        return out
    }

    /// The index of the rule whose id or name is `reference` (how correlations name rules).
    /// - Parameter reference: an id or a name.
    /// - Returns: the index, or nil when no compiled rule has it.
    package func ruleIndex(named reference: String) -> Int? {
        rules.firstIndex { $0.id == reference } ?? rules.firstIndex { $0.name == reference }
    }
}
