import LogHuntCore
import LogHuntRules
import Testing

/// Correlation and filter parsing, and the reference checks of `RuleSet`.
@Suite struct CorrelationTests {
    static let base = """
        title: Git read
        id: 11111111-1111-4111-8111-111111111111
        name: github_git_read
        logsource: {product: github}
        detection:
            selection:
                action: git.clone
            condition: selection
        """

    func correlation(_ yaml: String) throws -> CorrelationRule {
        let (documents, diagnostics) = load(yaml)
        #expect(diagnostics.filter { $0.severity == .error }.isEmpty, "\(diagnostics)")
        guard case .correlation(let c)? = documents.first else { throw RuleTestFailure.noRule }
        return c
    }

    @Test(arguments: CorrelationRule.Kind.allCases)
    func everyTypeParses(_ kind: CorrelationRule.Kind) throws {
        var body = "    type: \(kind.rawValue)\n    rules: [a, b]\n    group-by: [user]\n"
        switch kind {
        case .newValue: body += "    field: ip\n    baseline: 14d\n"
        case .temporal, .temporalOrdered: body += "    timespan: 1h\n"
        case .eventCount: body += "    timespan: 1h\n    condition: {gte: 3}\n"
        case .valuePercentile: body += "    timespan: 1h\n    condition: {field: bytes, percentile: 95, gt: 1000}\n"
        default: body += "    timespan: 1h\n    condition: {field: bytes, gt: 10, lte: 20}\n"
        }
        let c = try correlation("title: c\ncorrelation:\n\(body)")
        #expect(c.type == kind)
        #expect(c.rules.map(\.target) == ["a", "b"])
        #expect(c.groupBy == ["user"])
        if kind == .newValue {
            #expect(c.newValue?.fields == ["ip"])
            #expect(c.newValue?.baseline?.text == "14d")
            #expect(c.timespan == nil)
        } else {
            #expect(c.timespan?.text == "1h")
        }
        if [.valueCount, .valueSum, .valueAvg].contains(kind) {
            let condition = try #require(c.condition)
            #expect(condition.fields == ["bytes"])
            #expect(condition.bounds.map(\.op) == [.gt, .lte])
            #expect(condition.holds(15))
            #expect(!condition.holds(25))
            #expect(!condition.holds(10))
        }
        if kind == .valuePercentile {
            #expect(c.condition?.percentile == 95)
        }
    }

    @Test func newValueFromTheContract() throws {
        let c = try correlation(
            """
            title: Git read from an IP this actor never used before
            id: 2b7c9a40-4f7e-4c55-9d0b-6a1e3f2d8c11
            correlation:
              type: new_value
              rules: [github_git_read]        # base rules, by name or id
              group-by: [actor]
              field: actor_ip
              baseline-until: 2022-12-21      # or: baseline: 14d
            level: high
            """)
        #expect(c.type == .newValue)
        let settings = try #require(c.newValue)
        #expect(settings.fields == ["actor_ip"])
        #expect(settings.baselineUntil == Timestamp(parsing: "2022-12-21T00:00:00Z"))
        #expect(settings.baseline == nil)
        #expect(c.level == .high)
    }

    @Test func compositeNewValueFieldAndAliasesAndGenerate() throws {
        let c = try correlation(
            """
            title: c
            correlation:
                type: temporal_ordered
                rules: [a, b]
                group-by: [who]
                timespan: 5m
                aliases:
                    who:
                        a: user.name
                        b: actor
                generate: true
            """)
        #expect(c.generate)
        #expect(c.aliases.map(\.name) == ["who"])
        #expect(c.aliases[0].field(for: "b") == "actor")
        #expect(c.condition == nil)
        let n = try correlation(
            "title: n\ncorrelation:\n  type: new_value\n  rules: [a]\n  field: [actor, actor_ip]\n  baseline-until: '2022-12-21T10:00:00Z'\n"
        )
        #expect(n.newValue?.fields == ["actor", "actor_ip"])
    }

    static let invalid: [(String, String)] = [
        ("type: event_count\n  rules: [a]\n  timespan: 1h", "missing 'condition' in a correlation of type event_count"),
        ("type: event_count\n  timespan: 1h\n  condition: {gte: 1}", "missing 'rules' in correlation"),
        (
            "type: event_count\n  rules: [a]\n  condition: {gte: 1}",
            "missing 'timespan' in a correlation of type event_count"
        ),
        (
            "type: value_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 1}",
            "missing 'field' in the condition of a correlation of type value_count"
        ),
        (
            "type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {above: 1}",
            "unknown key 'above' in correlation condition"
        ),
        (
            "type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: many}",
            "invalid value 'many': 'gte' takes a number"
        ),
        (
            "type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: 'a and b'",
            "'correlation.condition' must be a mapping"
        ),
        ("type: new_value\n  rules: [a]", "missing 'field' in a new_value correlation"),
        ("type: new_value\n  rules: [a]\n  field: ip\n  baseline-until: yesterday", "invalid date 'yesterday'"),
        ("type: new_value\n  rules: [a]\n  field: ip\n  baseline: 2 weeks", "invalid timespan '2 weeks'"),
        (
            "type: new_value\n  rules: [a]\n  field: ip\n  baseline: 1d\n  baseline-until: 2022-01-01",
            "invalid value 'baseline': give either"
        ),
        (
            "type: event_count\n  rules: [a]\n  timespan: 1h\n  field: x\n  condition: {gte: 1}",
            "invalid value 'field': only new_value correlations"
        ),
        (
            "type: event_count\n  rules: [a]\n  timespan: 1h\n  condition: {gte: 1}\n  generate: maybe",
            "'generate' must be true or false"
        ),
    ]

    @Test(arguments: invalid)
    func rejects(_ body: String, _ message: String) throws {
        let found = errors("title: c\ncorrelation:\n  \(body)\n")
        let first = try #require(found.first, "no error for \(body)")
        #expect(first.message.hasPrefix(message), "\(first.message)")
    }

    @Test func unknownReferenceIsAnErrorAtTheReference() throws {
        let marked = MarkedText(
            """
            title: c
            correlation:
                type: event_count
                rules:
                    - github_git_read
                    - 1️⃣no_such_rule
                timespan: 1h
                condition: {gte: 2}
            ---
            \(Self.base)
            """)
        let (documents, diagnostics) = load(marked.text)
        #expect(diagnostics.isEmpty)
        let collector = DiagnosticCollector()
        let set = RuleSet(documents: documents)
        let bad = set.check(sink: collector)
        #expect(bad == [0])
        let d = try #require(collector.diagnostics.first)
        let m = try #require(marked.marks[1])
        #expect(d.message == "unknown rule 'no_such_rule' (no loaded rule has this name or id)")
        #expect(d.severity == .error)
        #expect([d.line, d.column] == [m.line, m.column])
        #expect(set.validated(sink: DiscardingDiagnosticSink()).documents.count == 1)
    }

    @Test func referencesResolveAcrossFilesByIdAndName() {
        let a = load(Self.base).documents
        let c = load(
            "title: c\ncorrelation:\n  type: temporal\n  rules: [11111111-1111-4111-8111-111111111111, github_git_read]\n  timespan: 1h\n"
        )
        var set = RuleSet(documents: c.documents)
        set.add(a)
        let collector = DiagnosticCollector()
        #expect(set.check(sink: collector).isEmpty)
        #expect(collector.diagnostics.isEmpty)
        #expect(set.document(id: "11111111-1111-4111-8111-111111111111")?.name == "github_git_read")
        #expect(set.document(named: "github_git_read")?.id == "11111111-1111-4111-8111-111111111111")
        #expect(set.index(of: "github_git_read") == 1)
    }

    @Test func cyclesAreErrors() {
        let (documents, _) = load(
            """
            title: x
            name: x
            correlation: {type: temporal, rules: [y], timespan: 1h}
            ---
            title: y
            name: y
            correlation: {type: temporal, rules: [x], timespan: 1h}
            ---
            title: z
            name: z
            correlation: {type: temporal, rules: [x], timespan: 1h}
            """)
        #expect(documents.count == 3)
        let collector = DiagnosticCollector()
        let bad = RuleSet(documents: documents).check(sink: collector)
        #expect(bad == [0, 1, 2])
        #expect(
            collector.diagnostics.map(\.message) == ["correlation rules refer to each other in a cycle: x -> y -> x"])
    }

    @Test func selfReferenceIsACycle() {
        let (documents, _) = load("title: s\nname: s\ncorrelation: {type: temporal, rules: [s], timespan: 1h}\n")
        let collector = DiagnosticCollector()
        #expect(RuleSet(documents: documents).check(sink: collector) == [0])
        #expect(collector.diagnostics.first?.message.contains("cycle") == true)
    }

    @Test func duplicateIdsWarn() {
        let docs = load(Self.base).documents + load(Self.base).documents
        let collector = DiagnosticCollector()
        #expect(RuleSet(documents: docs).check(sink: collector).isEmpty)
        #expect(collector.diagnostics.count == 2)
        #expect(collector.diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func filterReferencesAreChecked() {
        let (documents, diagnostics) = load(
            """
            title: f
            logsource: {product: github}
            filter:
                rules: [github_git_read, missing_rule]
                selection:
                    actor: ci-bot
                condition: not selection
            ---
            \(Self.base)
            """)
        #expect(diagnostics.isEmpty)
        let collector = DiagnosticCollector()
        #expect(RuleSet(documents: documents).check(sink: collector) == [0])
        #expect(
            collector.diagnostics.map(\.message) == ["unknown rule 'missing_rule' (no loaded rule has this name or id)"]
        )
    }

    @Test func filterWithoutNotWarns() throws {
        let (documents, diagnostics) = load(
            "title: f\nlogsource: {product: aws}\nfilter:\n  rules: [a]\n  sel: {x: 1}\n  condition: sel\n")
        #expect(documents.count == 1)
        let d = try #require(diagnostics.first)
        #expect(d.severity == .warning)
        #expect(d.message.hasPrefix("filter condition has no 'not'"))
    }

    @Test func filterNeedsRulesAndLogsource() {
        let found = errors("title: f\nfilter:\n  sel: {x: 1}\n  condition: not sel\n")
        #expect(found.map(\.message) == ["missing 'logsource' in a filter", "missing 'rules' in filter"])
    }

    @Test func aliasMustNameAReferencedRule() {
        let (documents, _) = load(
            """
            title: c
            correlation:
                type: temporal
                rules: [github_git_read]
                timespan: 1h
                group-by: [who]
                aliases:
                    who:
                        other_rule: user
            ---
            \(Self.base)
            """)
        let collector = DiagnosticCollector()
        #expect(RuleSet(documents: documents).check(sink: collector) == [0])
        #expect(collector.diagnostics.first?.message.hasPrefix("invalid value 'other_rule'") == true)
    }
}
