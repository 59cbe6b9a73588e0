import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntRegex
import LogHuntTestSupport
import Testing

@testable import LogHuntEngine

private func event(_ json: String, provider: Provider = .github, fields: [(ECSField, String)] = [], time: String? = nil)
    throws -> Event
{
    var values = ECSValues()
    for (f, v) in fields { values[f] = v }
    return Event(
        location: SourceLocation(file: "t.json", line: 1, record: 0), raw: try JSONParser.parse(Array(json.utf8)),
        provider: provider, timestamp: time.flatMap { Timestamp(parsing: $0) }, fields: values)
}

private func pred(_ field: String, _ test: ValueTest, product: String? = nil) -> Expr {
    .predicate(Predicate(field: FieldRef(resolving: field, product: product), test: test))
}

private func str(_ text: String) -> ValueTest { .string(WildcardPattern(parts(text))) }

private func eval(_ e: Expr, _ ev: Event) -> Truth {
    var scratch = EvaluationScratch()
    return Evaluator.eval(e, [], ev, &scratch)
}

@Suite struct EvaluatorTests {
    @Test func threeValuedLogic() throws {
        let ev = try event(#"{"a":"x"}"#)
        #expect(eval(pred("a", str("x")), ev) == .match)
        #expect(eval(pred("a", str("y")), ev) == .noMatch)
        #expect(eval(pred("b", str("x")), ev) == .missing)
        #expect(eval(.not(pred("b", str("x"))), ev) == .match)  // not of missing is true
        #expect(eval(.and([pred("a", str("x")), pred("b", str("x"))]), ev) == .missing)
        #expect(eval(.or([pred("b", str("x")), pred("c", str("x"))]), ev) == .missing)
        #expect(eval(.or([pred("b", str("x")), pred("a", str("y"))]), ev) == .noMatch)
        #expect(eval(.not(.and([pred("a", str("x")), pred("b", str("x"))])), ev) == .match)
    }

    @Test func ecsFieldsComeFirstThenRaw() throws {
        let ev = try event(
            #"{"actor":"bob","user":{"name":"raw"},"source":{"ip":"9.9.9.9"}}"#, fields: [(.userName, "bob")],
            time: "2022-12-22T01:02:03Z")
        #expect(eval(pred("user.name", str("bob")), ev) == .match)
        #expect(eval(pred("source.ip", str("9.9.9.9")), ev) == .match)  // slot empty: raw path
        #expect(
            eval(pred("@timestamp", .compareTime(.gte, try #require(Timestamp(parsing: "2022-12-21")))), ev) == .match)
        #expect(eval(pred("@timestamp", .timePart(.hour, nil, 1)), ev) == .match)
        #expect(eval(pred("@timestamp", str("2022-12-22T*")), ev) == .match)
        #expect(eval(pred("event.provider", str("github")), ev) == .match)
    }

    @Test func regexLimitIsAWarningNotACrash() throws {
        let r = try PCRE2PatternFactory.make("(a+)+$")
        let ev = try event(#"{"a":"\#(String(repeating: "a", count: 40))!"}"#)
        var scratch = EvaluationScratch(
            limits: {
                var l = Limits()
                l.regexMatchLimit = 10_000
                return l
            }())
        let t = Evaluator.eval(pred("a", .regex(r)), [], ev, &scratch)
        #expect(t == .noMatch)
        #expect(scratch.diagnostics.count == 1)
        let warning = try #require(scratch.diagnostics.first)
        #expect(warning.code == .regexLimit)
        #expect(warning.line == 1)
    }

    @Test func objectLeavesAndArrays() throws {
        let ev = try event(#"{"o":{"k":"needle","n":5,"arr":[{"x":"deep"}]},"a":[1,"two",null]}"#)
        #expect(eval(pred("o", str("*deep*")), ev) == .match)
        #expect(eval(pred("o", .number(5, text: "5")), ev) == .noMatch)  // objects offer string leaves only
        #expect(eval(pred("a", .number(1, text: "1")), ev) == .match)
        #expect(eval(pred("a", str("TWO")), ev) == .match)
        #expect(eval(pred("a", .null), ev) == .noMatch)  // the field is an array, not null
    }

    @Test func fieldRefModes() throws {
        let ev = try event(#"{"a":"prefix-value","b":"PREFIX","c":"value"}"#)
        let b = FieldRef(resolving: "b", product: nil)
        let c = FieldRef(resolving: "c", product: nil)
        #expect(eval(pred("a", .fieldRef(b, .startsWith, caseSensitive: false)), ev) == .match)
        #expect(eval(pred("a", .fieldRef(b, .startsWith, caseSensitive: true)), ev) == .noMatch)
        #expect(eval(pred("a", .fieldRef(c, .endsWith, caseSensitive: false)), ev) == .match)
        #expect(eval(pred("a", .fieldRef(c, .equals, caseSensitive: false)), ev) == .noMatch)
        #expect(
            eval(pred("a", .fieldRef(FieldRef(resolving: "zz", product: nil), .equals, caseSensitive: false)), ev)
                == .missing)
    }
}

@Suite struct OptimiserTests {
    private func rule(_ root: Expr, _ defs: [Expr] = []) -> RuleExpression {
        RuleExpression(definitions: defs, names: defs.indices.map { "d\($0)" }, root: root)
    }

    @Test func inlinesSingleUseAndKeepsShared() {
        var r = rule(
            .and([.reference(0), .or([.reference(1), .not(.reference(1))])]),
            [pred("a", str("x")), pred("b", str("y"))])
        InlinePass.run(&r)
        guard case .and(let xs) = r.root, case .predicate = xs[0] else {
            Issue.record("single-use identifier not inlined: \(r.root)")
            return
        }
        guard case .or(let ys) = xs[1], case .reference(1) = ys[0] else {
            Issue.record("shared identifier was inlined")
            return
        }
    }

    @Test func flattensAndFolds() {
        let e = FlattenPass.run(
            .and([
                .and([pred("a", str("x")), .constant(true)]), .or([pred("b", str("y"))]),
                .not(.not(pred("c", str("z")))),
            ]))
        guard case .and(let xs) = e else {
            Issue.record("expected and, got \(e)")
            return
        }
        #expect(xs.count == 3)
        #expect(FlattenPass.run(.or([.constant(false), .and([.constant(false), pred("a", str("x"))])])).size == 1)
    }

    @Test func literalSetForOrOfEquals() throws {
        let e = LiteralSetPass.run(
            .or([pred("eventName", str("CreateUser")), pred("eventName", str("DeleteUser")), pred("other", str("x"))]))
        guard case .or(let xs) = e, case .predicate(let p) = xs[0], case .literalSet(let set) = p.test else {
            Issue.record("expected a literal set, got \(e)")
            return
        }
        #expect(set.members.count == 2)
        #expect(xs.count == 2)
        // Wildcards and cased values stay as they are.
        let kept = LiteralSetPass.run(.or([pred("a", str("x*")), pred("a", str("y*"))]))
        guard case .or(let ks) = kept else {
            Issue.record("wildcards rewritten")
            return
        }
        #expect(ks.count == 2)
    }

    @Test func cheapestFirst() throws {
        let r = try PCRE2PatternFactory.make("x")
        let e = OrderPass.run(
            .and([pred("a", .regex(r)), .keyword(WildcardPattern(parts("*k*"))), pred("b", .exists(true))]))
        guard case .and(let xs) = e, case .predicate(let first) = xs[0], case .exists = first.test else {
            Issue.record("exists not first: \(e)")
            return
        }
        guard case .keyword = xs[2] else {
            Issue.record("keyword not last")
            return
        }
    }
}

@Suite struct RuleIndexTests {
    @Test func bucketPositionsFollowTheProviderOrder() {
        // `buckets` is built in `Provider.allCases` order and read by `position`.
        #expect(Provider.allCases.map(RuleIndex.position) == Array(Provider.allCases.indices))
        #expect(Provider.allCases.map(\.ordinal) == Array(Provider.allCases.indices))
    }

    private func compiled(_ root: Expr, product: String?) -> CompiledRule {
        CompiledRule(
            info: RuleInfo(id: "r", title: "r", level: .low), identity: "r", id: "r", name: nil, product: product,
            service: nil, providers: CompiledRule.providers(for: product),
            expression: RuleExpression(definitions: [], names: [], root: root))
    }

    @Test func byProviderAndAction() throws {
        let rules = [
            compiled(
                pred("eventName", .literalSet(LiteralSet([Array("CreateUser".utf8), Array("DeleteUser".utf8)]))),
                product: "aws"),
            compiled(pred("action", str("repo.destroy")), product: "github"),
            compiled(pred("anything", str("x")), product: nil),
            compiled(
                .and([pred("userIdentity.type", str("Root")), pred("eventName", str("ConsoleLogin"))]), product: "aws"),
            compiled(pred("eventName", str("Get*")), product: "aws"),  // wildcard: not indexed
            compiled(pred("a", str("x")), product: "okta"),
        ]
        let index = RuleIndex(rules: rules)
        var out: [Int] = []
        index.candidates(for: try event(#"{"eventName":"deleteuser"}"#, provider: .aws), into: &out)
        #expect(out == [0, 2, 4])
        index.candidates(for: try event(#"{"eventName":"ConsoleLogin"}"#, provider: .aws), into: &out)
        #expect(out == [2, 3, 4])
        index.candidates(for: try event(#"{"action":"repo.destroy"}"#, provider: .github), into: &out)
        #expect(out == [1, 2])
        index.candidates(for: try event(#"{"x":1}"#, provider: .unknown), into: &out)
        #expect(out == [2])
        #expect(index.bucket(for: .aws).groups.count == 1)
    }

    /// The answers worked out at init per event service agree with the definition: a rule is a
    /// candidate when it covers the event's provider, its service (if any) is the event's (or
    /// the event has none), and it either is not indexed or the event's action-like field has
    /// a leaf equal to one of its literals ASCII-case-insensitively (or a non-ASCII leaf).
    @Test func candidatesFollowTheDefinitionForEveryService() throws {
        var rng = SplitMix64(seed: 8)
        let actions = ["git.clone", "git.fetch", "repo.create", "CreateUser", "GetObject"]
        let services: [String?] = [nil, "audit", "cloudtrail", "activitylogs"]
        let eventValues = [
            #""git.clone""#, #""GIT.Fetch""#, #""repo.create""#, #""createuser""#, #""none""#, #""gït.clone""#,
            #"["git.clone","repo.create"]"#, "[]", "null", "7",
        ]
        for round in 0..<40 {
            var rules: [CompiledRule] = []
            for r in 0..<Int.random(in: 1...12, using: &rng) {
                let product = ["github", "aws", nil][Int.random(in: 0...2, using: &rng)]
                let literals = actions.filter { _ in Bool.random(using: &rng) }.map { Array($0.utf8) }
                let indexed = !literals.isEmpty && Int.random(in: 0...3, using: &rng) > 0
                let field = product == "aws" ? "eventName" : "action"
                let root: Expr =
                    indexed
                    ? .and([pred(field, .literalSet(LiteralSet(literals))), pred("x", .exists(true))])
                    : pred("x", .exists(true))
                rules.append(
                    CompiledRule(
                        info: RuleInfo(id: "r\(r)", title: "r", level: .low), identity: "r\(r)", id: "r\(r)",
                        name: nil, product: product, service: services[Int.random(in: 0...3, using: &rng)],
                        providers: CompiledRule.providers(for: product),
                        expression: RuleExpression(definitions: [], names: [], root: root)))
            }
            let index = RuleIndex(rules: rules)
            for provider in [Provider.github, .aws] {
                let field = provider == .aws ? "eventName" : "action"
                for value in eventValues {
                    for (service, wide) in (services + ["signinlogs"]).flatMap({ s in [(s, false), (s, true)] }) {
                        // Wide records (eight members or more) carry a root index, through which
                        // a one-key action field is read.
                        let padding = wide ? (0..<8).map { #","p\#($0)":\#($0)"# }.joined() : ""
                        let doc = try JSONParser.parse(Array(#"{"\#(field)":\#(value),"x":1\#(padding)}"#.utf8))
                        let location = SourceLocation(file: "t", line: 1, record: 0)
                        let members = Normalizer().normalize(document: doc, location: location).rootMembers
                        #expect(members.isEmpty != wide)
                        let ev = Event(
                            location: location, raw: doc, provider: provider, service: service, rootMembers: members)
                        var out: [Int] = []
                        index.candidates(for: ev, into: &out)
                        let expected = rules.indices.filter { r in
                            let rule = rules[r]
                            guard rule.providers.contains(provider) else { return false }
                            if let wanted = rule.service, let service, wanted != service { return false }
                            guard let (f, literals) = RuleIndex.requiredLiterals(rule.expression.root, []) else {
                                return true
                            }
                            var leaves: [[UInt8]] = []
                            var found = false
                            Evaluator.visitLeaves(f, ev, &found) { leaf in
                                Evaluator.withLeafBytes(leaf, ev.raw) { leaves.append(Array($0)) }
                                return false
                            }
                            return leaves.contains { leaf in
                                !leaf.allSatisfy { $0 < 0x80 } || literals.contains(LiteralSet.fold(leaf))
                            }
                        }
                        #expect(out == expected, "round \(round), \(provider) \(value) \(service ?? "-")")
                    }
                }
            }
        }
    }
}

/// Compiles patterns for tests (keeps the PCRE2 import out of every test file).
enum PCRE2PatternFactory {
    static func make(_ pattern: String) throws -> PCRE2Pattern { try PCRE2Pattern(pattern) }
}
