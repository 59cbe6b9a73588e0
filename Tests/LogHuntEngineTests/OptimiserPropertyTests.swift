import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import PropertyBased
import Testing

@testable import LogHuntEngine

/// Random conditions over a pool of predicates: the optimised expression gives the same
/// boolean result as the direct one on every event of a small pool.
@Suite struct OptimiserPropertyTests {
    private struct SplitMix {
        var state: UInt64
        mutating func next(_ n: Int) -> Int {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Int((z ^ (z >> 31)) % UInt64(n))
        }
    }

    private static func leaf(_ k: Int) -> Expr {
        func p(_ field: String, _ test: ValueTest) -> Expr {
            .predicate(Predicate(field: FieldRef(resolving: field, product: nil), test: test))
        }
        switch k {
        case 0: return p("a", .string(WildcardPattern(literal: "x")))
        case 1: return p("a", .string(WildcardPattern(literal: "Y")))
        case 2: return p("b", .string(WildcardPattern(parts("*z*"))))
        case 3: return p("c", .exists(true))
        case 4: return p("d", .null)
        case 5: return .keyword(WildcardPattern(parts("*q*")))
        case 6: return p("a", .string(WildcardPattern(literal: "z")))
        case 7: return p("n", .number(1, text: "1"))
        case 8: return p("ip", .cidr(IPNetwork("10.0.0.0/8")!))
        case 9: return p("ip", .cidr(IPNetwork("192.168.1.0/24")!))
        case 10: return p("ip", .cidr(IPNetwork("2001:db8::/32")!))
        case 11: return p("ip", .cidr(IPNetwork("::ffff:172.16.0.0/108")!))
        default: return .constant(k % 2 == 0)
        }
    }

    private static func tree(_ rng: inout SplitMix, depth: Int) -> Expr {
        let choice = depth == 0 ? 0 : rng.next(6)
        switch choice {
        case 0, 1:
            return rng.next(3) == 0 ? .reference(rng.next(9)) : leaf(rng.next(14))
        case 2: return .not(tree(&rng, depth: depth - 1))
        case 3, 4:
            let n = 1 + rng.next(3)
            let xs = (0..<n).map { _ in tree(&rng, depth: depth - 1) }
            return choice == 3 ? .and(xs) : .or(xs)
        default:
            return .or((0..<(2 + rng.next(3))).map { _ in leaf([0, 1, 6, 8, 9, 10, 11][rng.next(7)]) })
        }
    }

    static let eventTexts = [
        #"{"a":"x","b":"zz","c":1,"n":1}"#, #"{"a":"y","d":null}"#, #"{"b":"q","n":"1"}"#, #"{}"#,
        #"{"a":["z","x"],"c":null,"x":"qq"}"#, #"{"a":"X","b":{"k":"az"},"d":"v"}"#,
        // Addresses for the `|cidr` leaves: both families, IPv4-mapped, arrays, not an address, null.
        #"{"ip":"10.1.2.3"}"#, #"{"ip":"192.168.1.9","a":"x"}"#, #"{"ip":"::ffff:10.9.9.9"}"#,
        #"{"ip":"2001:db8::1"}"#, #"{"ip":"::ffff:172.16.3.4"}"#, #"{"ip":["8.8.8.8","192.168.1.1"]}"#,
        #"{"ip":"not an address"}"#, #"{"ip":null}"#,
    ]

    static func events() throws -> [Event] {
        try eventTexts.map {
            Event(
                location: SourceLocation(file: "p", line: 1, record: 0), raw: try JSONParser.parse(Array($0.utf8)),
                provider: .github)
        }
    }

    @Test func optimisedAndDirectAgree() async throws {
        let events = try Self.events()
        let definitions = (0..<9).map(Self.leaf)
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix(state: seed)
            let root = Self.tree(&rng, depth: 4)
            let direct = RuleExpression(
                definitions: definitions, names: definitions.indices.map { "s\($0)" }, root: root)
            var optimised = direct
            Optimiser.run(&optimised)
            var scratch = EvaluationScratch()
            for e in events {
                let a = Evaluator.evaluate(direct, e, &scratch).isMatch
                let b = Evaluator.evaluate(optimised, e, &scratch).isMatch
                #expect(a == b, "seed \(seed) on \(e.location)")
            }
        }
    }

    @Test func flatAndTreeEvaluationAgree() async throws {
        let events = try Self.events()
        let definitions = (0..<9).map(Self.leaf)
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            var rng = SplitMix(state: seed)
            let root = Self.tree(&rng, depth: 4)
            var rule = RuleExpression(definitions: definitions, names: definitions.indices.map { "s\($0)" }, root: root)
            for optimise in [false, true] {
                if optimise { Optimiser.run(&rule) }
                let flat = FlatExpression(rule)
                var scratch = EvaluationScratch()
                for e in events {
                    let tree = Evaluator.evaluate(rule, e, &scratch)
                    let laidOut = Evaluator.evaluate(flat, e, &scratch)
                    #expect(tree == laidOut, "seed \(seed) optimised \(optimise) on \(e.location)")
                }
            }
        }
    }

    @Test func anOrOfCidrTestsOnOneFieldBecomesOneNetworkSet() {
        let ors: Expr = .or([Self.leaf(8), Self.leaf(9), Self.leaf(10), Self.leaf(0)])
        var rule = RuleExpression(definitions: [], names: [], root: ors)
        Optimiser.run(&rule)
        guard case .or(let xs) = rule.root else {
            Issue.record("expected an or, got \(rule.root)")
            return
        }
        let sets = xs.compactMap { x -> IPNetworkSet? in
            guard case .predicate(let p) = x, case .cidrSet(let set) = p.test else { return nil }
            return set
        }
        #expect(sets.count == 1)
        #expect(sets.first?.networks.map(\.text) == ["10.0.0.0/8", "192.168.1.0/24", "2001:db8::/32"])
        #expect(xs.count == 2)
    }

    @Test func flatExpressionOutOfRangeReferenceNeverMatches() throws {
        let e = try JSONParser.parse(Array(#"{"a":"x"}"#.utf8))
        let event = Event(location: SourceLocation(file: "p", line: 1, record: 0), raw: e, provider: .github)
        let rule = RuleExpression(definitions: [], names: [], root: .reference(3))
        var scratch = EvaluationScratch()
        #expect(Evaluator.evaluate(FlatExpression(rule), event, &scratch) == .noMatch)
        #expect(Evaluator.evaluate(FlatExpression(rule), event, &scratch) == Evaluator.evaluate(rule, event, &scratch))
    }
}
