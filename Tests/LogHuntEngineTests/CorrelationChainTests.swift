import LogHuntCore
import LogHuntEngine
import Testing

/// Chained correlations (a correlation over other correlations' findings) and `generate`.
@Suite struct CorrelationChainTests {
    /// Inner: ≥ 3 clones by an actor in 10 minutes. Outer: a token created (rule 1), then such
    /// a burst (inner), within an hour, same actor (the inner group field is `actor`, the
    /// token rule's field is `creator`).
    private func chain(generateOuter: Bool = false) throws -> [CorrelationSpec] {
        let inner = CorrelationSpec(
            rule: Fixture.info("clone-burst"), name: "clone_burst", type: .eventCount, sources: [Fixture.base(0)],
            groupBy: ["actor"], timespan: try Fixture.span("10m"), condition: CorrelationThreshold([.init(.gte, 3)]))
        let outer = CorrelationSpec(
            rule: Fixture.info("token-then-burst"), type: .temporalOrdered,
            sources: [
                Fixture.base(1, aliases: ["actor": "creator"]),
                CorrelationSpec.Source(.correlation("clone_burst"), name: "clone_burst"),
            ],
            groupBy: ["actor"], timespan: try Fixture.span("1h"), generate: generateOuter)
        return [outer, inner]
    }

    private func scenario() throws -> [Hit] {
        var hits = [try Fixture.hit(1, 0, record: 0, file: "token.json", ["creator": "alice"])]
        for i in 0..<3 { hits.append(try Fixture.hit(0, 20 + Double(i), record: i, ["actor": "alice"])) }
        // bob bursts too, but never created a token.
        for i in 0..<3 { hits.append(try Fixture.hit(0, 30 + Double(i), record: 10 + i, ["actor": "bob"])) }
        return hits
    }

    @Test func outerCorrelationFiresOnInnerFindings() throws {
        let result = Fixture.run(try chain(), try scenario())
        #expect(result.findings.count == 1)
        let f = try #require(result.findings.first)
        #expect(f.rule.id == "token-then-burst")
        // Completed by the inner finding, i.e. the third clone.
        #expect(f.location == SourceLocation(file: "audit.json", line: 3, record: 2))
        // The events behind it: the token event and the three clones behind the inner finding.
        #expect(f.related.map(\.record) == [0, 0, 1, 2])
        let firstRelated = try #require(f.related.first)
        #expect(firstRelated.file == "token.json")
    }

    @Test func innerFindingsAreReportedOnlyWithGenerate() throws {
        let hidden = Fixture.run(try chain(generateOuter: false), try scenario())
        #expect(!hidden.findings.contains { $0.rule.id == "clone-burst" })
        let shown = Fixture.run(try chain(generateOuter: true), try scenario())
        #expect(shown.findings.filter { $0.rule.id == "clone-burst" }.count == 2)
    }

    @Test func chainOrderDoesNotDependOnSpecOrderOrInputOrder() throws {
        let specs = try chain()
        let expected = Fixture.summary(Fixture.run(specs, try scenario()).findings)
        #expect(Fixture.summary(Fixture.run(specs.reversed(), try scenario().reversed()).findings) == expected)
    }

    @Test func baseRulesReferencedWithoutGenerateAreSuppressed() throws {
        let specs = try chain()
        #expect(CorrelationSpec.suppressedBaseRules(specs) == [1, 0])
        let generating = CorrelationSpec(
            rule: Fixture.info("g"), type: .eventCount, sources: [Fixture.base(0)], timespan: try Fixture.span("1m"),
            condition: CorrelationThreshold([.init(.gte, 1)]), generate: true)
        #expect(CorrelationSpec.suppressedBaseRules(specs + [generating]) == [1])
        #expect(Correlator(specs: specs + [generating]).suppressedBaseRules == [1])
    }

    @Test func referencesByIdWorkLikeNames() throws {
        var specs = try chain()
        specs[0].sources[1] = CorrelationSpec.Source(.correlation("clone-burst"), name: "clone-burst")
        #expect(Fixture.run(specs, try scenario()).findings.count == 1)
    }

    @Test func unknownReferencesAndCyclesAreReportedNotFatal() throws {
        let dangling = CorrelationSpec(
            rule: Fixture.info("dangling"), type: .eventCount,
            sources: [CorrelationSpec.Source(.correlation("nope"), name: "nope")], timespan: try Fixture.span("1m"))
        let a = CorrelationSpec(
            rule: Fixture.info("a"), type: .eventCount, sources: [CorrelationSpec.Source(.correlation("b"), name: "b")],
            timespan: try Fixture.span("1m"))
        let b = CorrelationSpec(
            rule: Fixture.info("b"), type: .eventCount,
            sources: [CorrelationSpec.Source(.correlation("a"), name: "a"), Fixture.base(0)],
            timespan: try Fixture.span("1m"), condition: CorrelationThreshold([.init(.gte, 1)]))
        let hits = [try Fixture.hit(0, 0, record: 0, ["actor": "x"])]
        let result = Fixture.run([dangling, a, b], hits)
        #expect(result.findings.isEmpty)
        let messages = result.diagnostics.map(\.message)
        #expect(messages.contains("correlation rule dangling refers to an unknown rule 'nope'"))
        #expect(messages.contains("correlation rule a is part of a cycle of correlation references and was left out"))
        #expect(messages.contains("correlation rule b is part of a cycle of correlation references and was left out"))
    }
}
