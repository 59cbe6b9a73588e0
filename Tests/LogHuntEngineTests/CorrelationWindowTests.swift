import LogHuntCore
import LogHuntEngine
import LogHuntNormalize
import Testing

@Suite struct CorrelationWindowTests {
    /// ≥ 10 clones by one actor within 10 minutes.
    private func clones(_ threshold: Double = 10, span: String = "10m") throws -> CorrelationSpec {
        CorrelationSpec(
            rule: Fixture.info("many-clones"), type: .eventCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span(span), condition: CorrelationThreshold([.init(.gte, threshold)]))
    }

    @Test func eventCountBurstAcrossAFixedBucketBoundaryFires() throws {
        // 10:55 … 11:04, one a minute: fixed 10-minute buckets (10:50–11:00, 11:00–11:10)
        // would see 5 and 5; a sliding window sees 10.
        let hits = try (0..<10).map { try Fixture.hit(0, 55 + Double($0), record: $0, ["actor": "alice"]) }
        let result = Fixture.run([try clones()], hits)
        #expect(result.findings.count == 1)
        let f = try #require(result.findings.first)
        #expect(f.rule.kind == .correlation)
        #expect(f.timestamp == Timestamp(parsing: Fixture.at(64)))
        #expect(f.location.record == 9)
        #expect(f.related.count == 10)
        let detail = try #require(f.correlation)
        #expect(detail.type == "event_count")
        #expect(detail.value == 10)
        #expect(detail.group == [JSONMember(key: "actor", value: .string("alice"))])
        #expect(detail.windowStart == Timestamp(parsing: Fixture.at(55)))
    }

    @Test func burstOf24ClonesIsOneFindingWithAllEventsRelated() throws {
        let hits = try (0..<24).map { try Fixture.hit(0, Double($0) * 0.25, record: $0, ["actor": "alice"]) }
        let result = Fixture.run([try clones()], hits)
        #expect(result.findings.count == 1)
        let f = try #require(result.findings.first)
        #expect(f.location.record == 9)
        #expect(f.related.count == 24)
        #expect(f.relatedOmitted == 0)
    }

    @Test func aSecondBurstAfterTheConditionWasFalseFiresAgain() throws {
        var hits = try (0..<10).map { try Fixture.hit(0, Double($0), record: $0, ["actor": "alice"]) }
        hits += try (0..<10).map { try Fixture.hit(0, 120 + Double($0), record: 10 + $0, ["actor": "alice"]) }
        let result = Fixture.run([try clones()], hits)
        #expect(result.findings.map(\.location.record) == [9, 19])
    }

    @Test func eventsSpreadWiderThanTheWindowDoNotFire() throws {
        let hits = try (0..<10).map { try Fixture.hit(0, Double($0) * 2, record: $0, ["actor": "alice"]) }
        #expect(Fixture.run([try clones()], hits).findings.isEmpty)
    }

    @Test func windowIsInclusiveAtBothEnds() throws {
        // Exactly 10 minutes between the first and the tenth event: [t − 10m, t] holds all ten.
        let times: [Double] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10]
        let hits = try times.enumerated().map { try Fixture.hit(0, $1, record: $0, ["actor": "alice"]) }
        #expect(Fixture.run([try clones()], hits).findings.count == 1)
    }

    @Test func groupsAreCountedSeparatelyAndCaseInsensitively() throws {
        var hits: [Hit] = []
        for i in 0..<6 { hits.append(try Fixture.hit(0, Double(i), record: i, ["actor": "bob"])) }
        for i in 0..<5 {
            hits.append(try Fixture.hit(0, Double(i), record: 10 + i, ["actor": i == 0 ? "Alice" : "alice"]))
        }
        hits.append(try Fixture.hit(0, 6, record: 20, ["actor": "ALICE"]))
        let result = Fixture.run([try clones(6)], hits)
        #expect(result.findings.count == 2)
        let groups = result.findings.compactMap { $0.correlation?.group.first?.value.stringValue }
        // The group is spelled as its earliest event spells it.
        #expect(Set(groups) == ["bob", "Alice"])
    }

    @Test func rangeConditionNeedsBothBounds() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("range"), type: .eventCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span("1h"), condition: CorrelationThreshold([.init(.gte, 3), .init(.lte, 4)]))
        let hits = try (0..<6).map { try Fixture.hit(0, Double($0), record: $0, ["actor": "alice"]) }
        let result = Fixture.run([spec], hits)
        // True at the 3rd and 4th event (one episode), false from the 5th.
        #expect(result.findings.map(\.location.record) == [2])
        let relatedCount = result.findings.first.map(\.related.count)
        #expect(relatedCount == 4)
    }

    @Test func relatedIsCappedAndTheRestCounted() throws {
        var limits = Limits()
        limits.maxRelated = 5
        let hits = try (0..<12).map { try Fixture.hit(0, Double($0) * 0.1, record: $0, ["actor": "alice"]) }
        let result = Fixture.run([try clones()], hits, limits: limits)
        let f = try #require(result.findings.first)
        #expect(f.related.map(\.record) == [0, 1, 2, 3, 4])
        #expect(f.relatedOmitted == 7)
    }

    @Test func anEventMatchedByTwoListedRulesCountsOnce() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("either"), type: .eventCount, sources: [Fixture.base(0), Fixture.base(1)],
            groupBy: ["actor"], timespan: try Fixture.span("1h"), condition: CorrelationThreshold([.init(.gte, 3)]))
        var hits: [Hit] = []
        for i in 0..<2 {
            let h = try Fixture.hit(0, Double(i), record: i, ["actor": "alice"])
            hits.append(h)
            hits.append(Hit(rule: 1, event: h.event))
        }
        #expect(Fixture.run([spec], hits).findings.isEmpty)
        hits.append(try Fixture.hit(1, 3, record: 5, ["actor": "alice"]))
        #expect(Fixture.run([spec], hits).findings.count == 1)
    }

    @Test func noGroupByMeansOneGroup() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("all"), type: .eventCount, sources: [Fixture.base(0)], timespan: try Fixture.span("5m"),
            condition: CorrelationThreshold([.init(.gte, 3)]))
        let hits = try ["a", "b", "c"].enumerated().map { try Fixture.hit(0, Double($0), record: $0, ["actor": $1]) }
        let f = try #require(Fixture.run([spec], hits).findings.first)
        let detail = try #require(f.correlation)
        #expect(detail.group.isEmpty)
    }

    @Test func matchesWithoutTimestampOrGroupFieldAreLeftOutAndCounted() throws {
        var hits = try (0..<3).map { try Fixture.hit(0, Double($0), record: $0, ["actor": "alice"]) }
        hits.append(try Fixture.hit(0, nil, record: 7, ["actor": "alice"]))
        hits.append(try Fixture.hit(0, 1, record: 8, ["repo": "x"]))
        let result = Fixture.run([try clones(4)], hits)
        #expect(result.findings.isEmpty)
        let messages = result.diagnostics.map(\.message)
        #expect(messages.contains("correlation rule many-clones left out 1 matches without a timestamp"))
        #expect(messages.contains("correlation rule many-clones left out 1 matches without a group-by or value field"))
    }

    @Test func keyLimitWarnsAndStopsTrackingNewGroups() throws {
        var limits = Limits()
        limits.maxCorrelationKeys = 3
        let hits = try (0..<6).map { try Fixture.hit(0, Double($0), record: $0, ["actor": "user\($0)"]) }
        let result = Fixture.run([try clones(1)], hits, limits: limits)
        #expect(result.findings.count == 3)
        let warning = try #require(result.diagnostics.first { $0.code == .stateLimit })
        #expect(warning.severity == .warning)
        #expect(warning.message.contains("limit of 3 keys"))
    }

    // MARK: value_count

    @Test func valueCountCountsDistinctValuesCaseInsensitively() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("many-repos"), type: .valueCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span("10m"), condition: CorrelationThreshold([.init(.gte, 3)]), valueFields: ["repo"])
        let repos = ["r1", "R1", "r1", "r2", "r2", "r3"]
        let hits = try repos.enumerated().map {
            try Fixture.hit(0, 55 + Double($0), record: $0, ["actor": "a", "repo": $1])
        }
        let result = Fixture.run([spec], hits)
        #expect(result.findings.map(\.location.record) == [5])
        let value = try #require(result.findings.first?.correlation).value
        #expect(value == 3)
        // Sliding: the same three repos spread over 15 minutes never fit one 10-minute window.
        let wide = try ["r1", "r2", "r3"].enumerated().map {
            try Fixture.hit(0, Double($0) * 7.5, record: $0, ["actor": "a", "repo": $1])
        }
        #expect(Fixture.run([spec], wide).findings.isEmpty)
    }

    @Test func valueCountWithSeveralFieldsCountsCombinations() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("pairs"), type: .valueCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span("1h"), condition: CorrelationThreshold([.init(.gte, 3)]),
            valueFields: ["repo", "ip"])
        let pairs = [("r1", "1.1.1.1"), ("r1", "2.2.2.2"), ("r1", "1.1.1.1"), ("r2", "1.1.1.1")]
        let hits = try pairs.enumerated().map {
            try Fixture.hit(0, Double($0), record: $0, ["actor": "a", "repo": $1.0, "ip": $1.1])
        }
        #expect(Fixture.run([spec], hits).findings.map(\.location.record) == [3])
    }

    @Test func valueCountFansOutOverArrays() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("labels"), type: .valueCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span("1h"), condition: CorrelationThreshold([.init(.gte, 3)]), valueFields: ["repos"])
        let e = try Fixture.event(
            1, record: 0, ["actor": .string("a"), "repos": .array([.string("x"), .string("y")])])
        let e2 = try Fixture.event(2, record: 1, ["actor": .string("a"), "repos": .array([.string("z")])])
        let result = Fixture.run([spec], [Hit(rule: 0, event: e), Hit(rule: 0, event: e2)])
        #expect(result.findings.map(\.location.record) == [1])
    }

    // MARK: temporal

    private func temporal(_ type: CorrelationSpec.Kind, sources: Int = 2) throws -> CorrelationSpec {
        CorrelationSpec(
            rule: Fixture.info(type.name), type: type, sources: (0..<sources).map { Fixture.base($0) },
            groupBy: ["actor"], timespan: try Fixture.span("5m"))
    }

    @Test func temporalFiresOnAllRulesInAnyOrderWithinTheWindow() throws {
        let ab = [try Fixture.hit(0, 58, record: 0, ["actor": "a"]), try Fixture.hit(1, 61, record: 1, ["actor": "a"])]
        let ba = [try Fixture.hit(1, 58, record: 0, ["actor": "a"]), try Fixture.hit(0, 61, record: 1, ["actor": "a"])]
        #expect(Fixture.run([try temporal(.temporal)], ab).findings.map(\.location.record) == [1])
        #expect(Fixture.run([try temporal(.temporal)], ba).findings.map(\.location.record) == [1])
        let far = [try Fixture.hit(0, 0, record: 0, ["actor": "a"]), try Fixture.hit(1, 6, record: 1, ["actor": "a"])]
        #expect(Fixture.run([try temporal(.temporal)], far).findings.isEmpty)
        let otherGroup = [
            try Fixture.hit(0, 0, record: 0, ["actor": "a"]), try Fixture.hit(1, 1, record: 1, ["actor": "b"]),
        ]
        #expect(Fixture.run([try temporal(.temporal)], otherGroup).findings.isEmpty)
    }

    @Test func temporalWithAConditionCountsDistinctRules() throws {
        var spec = try temporal(.temporal, sources: 3)
        spec.condition = CorrelationThreshold([.init(.gte, 2)])
        let hits = [try Fixture.hit(2, 0, record: 0, ["actor": "a"]), try Fixture.hit(0, 1, record: 1, ["actor": "a"])]
        let f = try #require(Fixture.run([spec], hits).findings.first)
        let value = try #require(f.correlation).value
        #expect(value == 2)
        #expect(f.related.map(\.record) == [0, 1])
    }

    @Test func temporalOrderedNeedsTheListedOrder() throws {
        let spec = try temporal(.temporalOrdered)
        let ab = [try Fixture.hit(0, 1, record: 0, ["actor": "a"]), try Fixture.hit(1, 2, record: 1, ["actor": "a"])]
        let ba = [try Fixture.hit(1, 1, record: 0, ["actor": "a"]), try Fixture.hit(0, 2, record: 1, ["actor": "a"])]
        #expect(Fixture.run([spec], ab).findings.map(\.location.record) == [1])
        #expect(Fixture.run([spec], ba).findings.isEmpty)
    }

    @Test func temporalOrderedNeedsStrictlyIncreasingTimes() throws {
        let spec = try temporal(.temporalOrdered)
        let same = [try Fixture.hit(0, 1, record: 0, ["actor": "a"]), try Fixture.hit(1, 1, record: 1, ["actor": "a"])]
        #expect(Fixture.run([spec], same).findings.isEmpty)
    }

    @Test func temporalOrderedFindsAChainAmongNoise() throws {
        let spec = try temporal(.temporalOrdered, sources: 3)
        // c, a, c, b, a(late), c: the chain a(1) → b(3) → c(5) fits 5 minutes; c(0) and c(2) are too early.
        let plan: [(Int, Double)] = [(2, 0), (0, 1), (2, 2), (1, 3), (0, 4), (2, 5)]
        let hits = try plan.enumerated().map { try Fixture.hit($1.0, $1.1, record: $0, ["actor": "a"]) }
        let result = Fixture.run([spec], hits)
        #expect(result.findings.map(\.location.record) == [5])
        // The window is too short for a chain started 6 minutes before its end.
        let late: [(Int, Double)] = [(0, 0), (1, 3), (2, 6)]
        let lateHits = try late.enumerated().map { try Fixture.hit($1.0, $1.1, record: $0, ["actor": "a"]) }
        #expect(Fixture.run([spec], lateHits).findings.isEmpty)
    }

    // MARK: value_sum, value_avg, value_percentile

    private func metric(_ type: CorrelationSpec.Kind, _ condition: CorrelationThreshold) throws -> CorrelationSpec {
        CorrelationSpec(
            rule: Fixture.info(type.name), type: type, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span("10m"), condition: condition, valueFields: ["bytes"])
    }

    private func bytes(_ values: [String], step: Double = 1) throws -> [Hit] {
        try values.enumerated().map {
            try Fixture.hit(0, 55 + Double($0) * step, record: $0, ["actor": "a", "bytes": $1])
        }
    }

    @Test func valueSumOverASlidingWindow() throws {
        let spec = try metric(.valueSum, CorrelationThreshold([.init(.gt, 1000)]))
        let result = Fixture.run([spec], try bytes(["400", "400", "not a number", "300"]))
        #expect(result.findings.map(\.location.record) == [3])
        let value = try #require(result.findings.first?.correlation).value
        #expect(value == 1100)
        #expect(result.diagnostics.contains { $0.message.contains("1 matches without a group-by or value field") })
        // Spread over 30 minutes, no 10-minute window sums past 1000.
        #expect(Fixture.run([spec], try bytes(["400", "400", "300"], step: 6)).findings.isEmpty)
    }

    @Test func valueAvgOverASlidingWindow() throws {
        let spec = try metric(.valueAvg, CorrelationThreshold([.init(.gte, 50)]))
        let result = Fixture.run([spec], try bytes(["10", "90", "20", "200"]))
        #expect(result.findings.map(\.location.record) == [1, 3])
        let values = result.findings.compactMap { $0.correlation?.value }
        #expect(values == [50, 80])
    }

    @Test(arguments: [(90.0, 46.0), (50.0, 30.0), (0.0, 10.0), (100.0, 50.0), (25.0, 20.0)])
    func valuePercentileInterpolatesLinearly(percentile: Double, expected: Double) throws {
        // Ascending, so each percentile grows with the window and peaks with all five values.
        let hits = try bytes(["10", "20", "30", "40", "50"])
        let meets = try metric(.valuePercentile(percentile), CorrelationThreshold([.init(.gte, expected)]))
        let above = try metric(.valuePercentile(percentile), CorrelationThreshold([.init(.gt, expected)]))
        let first = try #require(Fixture.run([meets], hits).findings.first)
        let value = try #require(first.correlation).value
        #expect(value == expected)
        #expect(Fixture.run([above], hits).findings.isEmpty)
    }

    @Test func valuePercentileWithoutAPercentileIsTheShareOfTheValue() throws {
        // The spec's "appeared in less than 1% of all processes": share of the window's events.
        let spec = CorrelationSpec(
            rule: Fixture.info("rare"), type: .valuePercentile(nil), sources: [Fixture.base(0)], groupBy: ["host"],
            timespan: try Fixture.span("1h"), condition: CorrelationThreshold([.init(.lte, 20)]), valueFields: ["image"]
        )
        var hits = try (0..<9).map { try Fixture.hit(0, Double($0), record: $0, ["host": "h", "image": "bash"]) }
        hits.append(try Fixture.hit(0, 10, record: 9, ["host": "h", "image": "nc"]))
        let result = Fixture.run([spec], hits)
        #expect(result.findings.map(\.location.record) == [9])
        let value = try #require(result.findings.first?.correlation).value
        #expect(value == 10)
    }

    // MARK: aliases

    @Test func aliasesMapOneGroupFieldToEachRulesOwnField() throws {
        let spec = CorrelationSpec(
            rule: Fixture.info("token-then-clone"), type: .temporalOrdered,
            sources: [Fixture.base(0, aliases: ["who": "user"]), Fixture.base(1, aliases: ["who": "actor"])],
            groupBy: ["who"], timespan: try Fixture.span("30m"))
        let hits = [
            try Fixture.hit(0, 0, record: 0, file: "aws.json", ["user": "Alice"]),
            try Fixture.hit(1, 10, record: 0, file: "github.json", ["actor": "alice"]),
            try Fixture.hit(1, 11, record: 1, file: "github.json", ["actor": "bob"]),
        ]
        let result = Fixture.run([spec], hits)
        let f = try #require(result.findings.first)
        #expect(result.findings.count == 1)
        let group = try #require(f.correlation).group
        #expect(group == [JSONMember(key: "who", value: .string("Alice"))])
        #expect(f.related.map(\.file) == ["aws.json", "github.json"])
    }
}
