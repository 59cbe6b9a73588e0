import LogHuntCore
import LogHuntEngine
import PropertyBased
import Testing

/// Exports are newest-first and files arrive in any order: every result must be the same
/// whatever order the matches are ingested in.
@Suite struct CorrelationOrderTests {
    private static func specs() throws -> [CorrelationSpec] {
        let tenMinutes = try Fixture.span("10m")
        return [
            CorrelationSpec(
                rule: Fixture.info("count"), type: .eventCount, sources: [Fixture.base(0)], groupBy: ["actor"],
                timespan: tenMinutes, condition: CorrelationThreshold([.init(.gte, 4)])),
            CorrelationSpec(
                rule: Fixture.info("repos"), type: .valueCount, sources: [Fixture.base(0)], groupBy: ["actor"],
                timespan: tenMinutes, condition: CorrelationThreshold([.init(.gte, 3)]), valueFields: ["repo"]),
            CorrelationSpec(
                rule: Fixture.info("ordered"), type: .temporalOrdered, sources: [Fixture.base(1), Fixture.base(0)],
                groupBy: ["actor"], timespan: tenMinutes),
            CorrelationSpec(
                rule: Fixture.info("temporal"), type: .temporal, sources: [Fixture.base(0), Fixture.base(1)],
                groupBy: ["actor"], timespan: try Fixture.span("3m")),
            CorrelationSpec(
                rule: Fixture.info("sum"), type: .valueSum, sources: [Fixture.base(0)], groupBy: ["actor"],
                timespan: tenMinutes, condition: CorrelationThreshold([.init(.gte, 100)]), valueFields: ["bytes"]),
            CorrelationSpec(
                rule: Fixture.info("p75"), type: .valuePercentile(75), sources: [Fixture.base(0)], groupBy: ["actor"],
                timespan: tenMinutes, condition: CorrelationThreshold([.init(.gte, 30)]), valueFields: ["bytes"]),
            CorrelationSpec(
                rule: Fixture.info("new-ip"), type: .newValue, sources: [Fixture.base(0), Fixture.base(1)],
                groupBy: ["actor"], valueFields: ["ip"], baseline: .period(try Fixture.span("20m"))),
        ]
    }

    /// Forty-eight matches over an hour and three files, with ties in time.
    private static func hits() throws -> [Hit] {
        let actors = ["alice", "bob", "Alice"]
        var out: [Hit] = []
        for i in 0..<40 {
            let minute = Double((i * 7) % 60) + (i % 5 == 0 ? 0 : 0.5)
            out.append(
                try Fixture.hit(
                    i % 4 == 0 ? 1 : 0, minute, record: i / 2, file: i % 2 == 0 ? "a.json" : "b.json",
                    [
                        "actor": actors[i % 3], "repo": "r\(i % 5)", "bytes": String((i * 13) % 50),
                        "ip": "10.0.0.\(i % 7)",
                    ]))
        }
        // Ties: the same instants again, from a third file.
        for i in 0..<8 {
            out.append(
                try Fixture.hit(
                    i % 2, Double((i * 7) % 60), record: i, file: "c.json",
                    ["actor": actors[i % 3], "repo": "r\(i)", "bytes": "45", "ip": "10.0.1.\(i % 3)"]))
        }
        return out
    }

    /// Ingests one hit as `Fixture.run` does.
    private static func feed(_ correlator: Correlator, _ h: Hit) {
        correlator.ingest(
            Match(rule: h.rule, timestamp: h.event.timestamp, location: h.event.location),
            event: h.event)
    }

    private static func sortedByTime(_ hits: [Hit]) -> [Hit] {
        hits.sorted { a, b in
            let (x, y) = (a.event.timestamp?.nanoseconds ?? 0, b.event.timestamp?.nanoseconds ?? 0)
            return x != y ? x < y : a.event.location < b.event.location
        }
    }

    @Test func theScenarioProducesFindingsOfEveryKind() throws {
        let result = Fixture.run(try Self.specs(), Self.sortedByTime(try Self.hits()))
        let ids = Set(result.findings.map(\.rule.id))
        #expect(ids == ["count", "repos", "ordered", "temporal", "sum", "p75", "new-ip"])
    }

    @Test func newestFirstInputGivesIdenticalFindings() throws {
        let specs = try Self.specs()
        let oldestFirst = Self.sortedByTime(try Self.hits())
        let expected = Fixture.summary(Fixture.run(specs, oldestFirst).findings)
        #expect(!expected.isEmpty)
        #expect(Fixture.summary(Fixture.run(specs, oldestFirst.reversed()).findings) == expected)
    }

    @Test func filesInEitherOrderGiveIdenticalFindings() throws {
        let specs = try Self.specs()
        let all = Self.sortedByTime(try Self.hits())
        let expected = Fixture.summary(Fixture.run(specs, all).findings)
        func file(_ name: String) -> [Hit] { all.filter { $0.event.location.file == name } }
        #expect(
            Fixture.summary(Fixture.run(specs, file("c.json") + file("b.json") + file("a.json")).findings) == expected)
        #expect(
            Fixture.summary(Fixture.run(specs, file("b.json") + file("a.json").reversed() + file("c.json")).findings)
                == expected)
    }

    @Test func anyShuffleGivesIdenticalFindings() async throws {
        let specs = try Self.specs()
        let hits = try Self.hits()
        let expected = Fixture.summary(Fixture.run(specs, Self.sortedByTime(hits)).findings)
        await propertyCheck(count: 50, input: Gen.shuffled(Array(hits.indices))) { order in
            let shuffled = order.map { hits[$0] }
            #expect(Fixture.summary(Fixture.run(specs, shuffled).findings) == expected)
        }
    }

    /// `hunt` gives every worker a correlator of its own and folds them into one at the end:
    /// any split of the matches over up to four shards, in any order, gives the findings of
    /// one correlator fed everything.
    @Test func shardedCorrelatorsAbsorbedGiveIdenticalFindings() async throws {
        let specs = try Self.specs()
        let hits = try Self.hits()
        let expected = Fixture.summary(Fixture.run(specs, Self.sortedByTime(hits)).findings)
        let input = zip(Gen.shuffled(Array(hits.indices)), Gen.int(in: 0...3).array(of: hits.count...hits.count))
        await propertyCheck(count: 50, input: input) { order, shardOf in
            let shards = (0..<4).map { _ in Correlator(specs: specs) }
            for (k, i) in order.enumerated() {
                let h = hits[i]
                Self.feed(shards[shardOf[k]], h)
            }
            let merged = Correlator(specs: specs)
            for shard in shards { merged.absorb(shard) }
            #expect(Fixture.summary(merged.finish().findings) == expected)
        }
    }

    /// Windowed correlations write sorted runs to a temporary file past `spillAfter` records and
    /// merge them in `finish()`: with runs of a few records, on several shards, in any order, the
    /// findings are those of one correlator that kept everything in memory.
    @Test func spilledRunsGiveIdenticalFindings() async throws {
        let specs = try Self.specs()
        let hits = try Self.hits()
        // Few related locations per finding, so the count of the rest is compared too.
        var limits = Limits()
        limits.maxRelated = 3
        let reference = Fixture.run(specs, Self.sortedByTime(hits), limits: limits).findings
        #expect(reference.contains { $0.relatedOmitted > 0 })
        let expected = Fixture.summary(reference)
        let input = zip(
            Gen.shuffled(Array(hits.indices)), Gen.int(in: 0...2).array(of: hits.count...hits.count), Gen.int(in: 1...7)
        )
        await propertyCheck(count: 40, input: input) { order, shardOf, spillAfter in
            let shards = (0..<3).map { _ in
                let c = Correlator(specs: specs, limits: limits)
                c.spillAfter = spillAfter
                return c
            }
            for (k, i) in order.enumerated() {
                let h = hits[i]
                Self.feed(shards[shardOf[k]], h)
            }
            #expect(shards.map(\.spilledRecords).reduce(0, +) > 0)
            let merged = Correlator(specs: specs, limits: limits)
            merged.spillAfter = spillAfter
            for shard in shards { merged.absorb(shard) }
            #expect(Fixture.summary(merged.finish().findings) == expected, "spill after \(spillAfter)")
        }
    }

    @Test func absorbingAtTheKeyLimitStaysWithinIt() throws {
        let specs = try Self.specs()
        let hits = Self.sortedByTime(try Self.hits())
        var limits = Limits()
        limits.maxCorrelationKeys = 3
        let a = Correlator(specs: specs, limits: limits)
        let b = Correlator(specs: specs, limits: limits)
        for (k, h) in hits.enumerated() {
            Self.feed(k % 2 == 0 ? a : b, h)
        }
        let merged = Correlator(specs: specs, limits: limits)
        merged.absorb(a)
        merged.absorb(b)
        let result = merged.finish()
        #expect(result.diagnostics.contains { $0.message.contains("reached the limit of 3 keys") })
    }

    @Test func findingsComeInEventTimeOrder() throws {
        let findings = Fixture.run(try Self.specs(), try Self.hits()).findings
        let times = findings.compactMap(\.timestamp)
        #expect(times.count == findings.count)
        #expect(times == times.sorted())
    }
}

/// Correlation keys fold case with a fast path for ASCII; it must agree with `lowercased()`.
@Suite struct KeyFoldingTests {
    @Test func foldedKeyEqualsLowercased() async {
        let alphabet: [Character] = ["a", "Z", "0", "-", ".", "@", " ", "É", "ß", "İ", "Σ", "ﬁ", "😀", "\u{1F}", "K"]
        await propertyCheck(count: 500, input: Gen.element(of: alphabet).array(of: 0...24)) { chars in
            let s = String(chars.compactMap { $0 })
            #expect(s.foldedKey == s.lowercased(), "\(s.debugDescription)")
        }
        for s in ["", "acme-circleci-bot", "ACME-CircleCI-Bot", "Straße", "İstanbul", "ΣΑΣ", "US", "us"] {
            #expect(s.foldedKey == s.lowercased())
        }
    }
}
