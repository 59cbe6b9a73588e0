import LogHuntCore
import LogHuntEngine
import Testing

/// The compiled spec: type names, conditions and defaults.
@Suite struct CorrelationSpecTests {
    @Test(arguments: [
        ("event_count", CorrelationSpec.Kind.eventCount), ("value_count", .valueCount), ("temporal", .temporal),
        ("temporal_ordered", .temporalOrdered), ("value_sum", .valueSum), ("value_avg", .valueAvg),
        ("value_percentile", .valuePercentile(95)), ("new_value", .newValue),
    ])
    func typeNamesRoundTrip(name: String, kind: CorrelationSpec.Kind) throws {
        let parsed = try #require(CorrelationSpec.Kind(name: name, percentile: 95))
        #expect(parsed == kind)
        #expect(parsed.name == name)
    }

    @Test func medianIsTheFiftiethPercentileAndUnknownTypesAreRejected() {
        #expect(CorrelationSpec.Kind(name: "value_median") == .valuePercentile(50))
        #expect(CorrelationSpec.Kind(name: "value_mode") == nil)
    }

    @Test(arguments: [
        (CorrelationThreshold.Operator.gt, 3.0, [false, false, true]),
        (.gte, 3.0, [false, true, true]),
        (.lt, 3.0, [true, false, false]),
        (.lte, 3.0, [true, true, false]),
        (.eq, 3.0, [false, true, false]),
        (.neq, 3.0, [true, false, true]),
    ])
    func comparisons(op: CorrelationThreshold.Operator, bound: Double, expected: [Bool]) {
        let condition = CorrelationThreshold([.init(op, bound)])
        #expect([2.0, 3.0, 4.0].map { condition.holds(for: $0) } == expected)
        #expect(!condition.holds(for: .nan))
    }

    @Test func temporalTypesDefaultToEveryListedRule() throws {
        let sources = [Fixture.base(0), Fixture.base(1), Fixture.base(2)]
        let spec = CorrelationSpec(rule: Fixture.info("t"), type: .temporal, sources: sources)
        #expect(spec.condition == CorrelationThreshold([.init(.gte, 3)]))
        #expect(spec.rule.kind == .correlation)
        let count = CorrelationSpec(rule: Fixture.info("c"), type: .eventCount, sources: sources)
        #expect(count.condition.comparisons.isEmpty)
        let first = CorrelationSpec(rule: Fixture.info("n"), type: .newValue, sources: sources)
        #expect(first.rule.kind == .newValue)
    }

    @Test func specsAreNamedByIdOrName() {
        let spec = CorrelationSpec(rule: Fixture.info("uuid-1"), name: "many_clones", type: .eventCount, sources: [])
        #expect(spec.isNamed("uuid-1"))
        #expect(spec.isNamed("many_clones"))
        #expect(!spec.isNamed("other"))
        #expect(spec.stateKey == "uuid-1")
    }

    @Test func aNewValueCorrelationCanFeedAnotherCorrelation() throws {
        // A never-seen IP for an actor, then ≥ 2 more clones by that actor within 30 minutes.
        let newIP = CorrelationSpec(
            rule: Fixture.info("new-ip"), name: "new_ip", type: .newValue, sources: [Fixture.base(0)],
            groupBy: ["actor"], valueFields: ["ip"], baseline: .until(try #require(Timestamp(parsing: Fixture.at(60)))))
        let then = CorrelationSpec(
            rule: Fixture.info("new-ip-then-clones"), type: .temporalOrdered,
            sources: [CorrelationSpec.Source(.correlation("new_ip"), name: "new_ip"), Fixture.base(1)],
            groupBy: ["actor"], timespan: try Fixture.span("30m"))
        let hits = [
            try Fixture.hit(0, 0, record: 0, ["actor": "a", "ip": "1.1.1.1"]),
            try Fixture.hit(0, 70, record: 1, ["actor": "a", "ip": "6.6.6.6"]),
            try Fixture.hit(1, 75, record: 2, ["actor": "a"]),
        ]
        let result = Fixture.run([then, newIP], hits)
        #expect(result.findings.map(\.rule.id) == ["new-ip-then-clones"])
        #expect(result.findings.map(\.location.record) == [2])
    }
}
