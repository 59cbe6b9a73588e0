import LogHuntCore
import LogHuntEngine
import Testing

/// `new_value`: first-seen values after a baseline, modelled on Elastic's new-terms rules.
@Suite struct CorrelationNewValueTests {
    static func newIP(_ baseline: CorrelationSpec.Baseline?, fields: [String] = ["actor_ip"], id: String = "new-ip")
        -> CorrelationSpec
    {
        CorrelationSpec(
            rule: Fixture.info(id), type: .newValue, sources: [Fixture.base(0)], groupBy: ["actor"],
            valueFields: fields,
            baseline: baseline)
    }

    static func until(_ minutes: Double) throws -> CorrelationSpec.Baseline {
        .until(try #require(Timestamp(parsing: Fixture.at(minutes))))
    }

    @Test func baselineUntilFlagsOnlyTheFirstNewOccurrence() throws {
        let hits = [
            try Fixture.hit(0, 0, record: 0, ["actor": "alice", "actor_ip": "1.1.1.1"]),
            try Fixture.hit(0, 10, record: 1, ["actor": "alice", "actor_ip": "2.2.2.2"]),  // baseline
            try Fixture.hit(0, 70, record: 2, ["actor": "alice", "actor_ip": "1.1.1.1"]),  // seen
            try Fixture.hit(0, 80, record: 3, ["actor": "alice", "actor_ip": "9.9.9.9"]),  // new
            try Fixture.hit(0, 90, record: 4, ["actor": "Alice", "actor_ip": "9.9.9.9"]),  // already reported
        ]
        let result = Fixture.run([Self.newIP(try Self.until(60))], hits)
        #expect(result.findings.count == 1)
        let f = try #require(result.findings.first)
        #expect(f.rule.kind == .newValue)
        #expect(f.location.record == 3)
        let detail = try #require(f.correlation)
        #expect(detail.type == "new_value")
        #expect(detail.newValue == "9.9.9.9")
        #expect(detail.group == [JSONMember(key: "actor", value: .string("alice"))])
        // The first new occurrence keeps its event, so the finding can carry event and raw.
        let event = try #require(f.event)
        #expect(event.fieldValues("actor_ip") == ["9.9.9.9"])
        #expect(f.notes == ["first seen after the baseline (events before 2022-12-21T11:00:00Z)"])
    }

    @Test func baselinePeriodIsMeasuredFromTheEarliestEvent() throws {
        let spec = Self.newIP(.period(try Fixture.span("14d")))
        let day = 24.0 * 60
        let hits = [
            try Fixture.hit(0, 20 * day, record: 0, ["actor": "alice", "actor_ip": "3.3.3.3"]),  // new (day 20)
            try Fixture.hit(0, 0, record: 1, ["actor": "alice", "actor_ip": "1.1.1.1"]),  // earliest: day 0
            try Fixture.hit(0, 13 * day, record: 2, ["actor": "alice", "actor_ip": "2.2.2.2"]),  // baseline
            try Fixture.hit(0, 15 * day, record: 3, ["actor": "alice", "actor_ip": "2.2.2.2"]),  // seen
            try Fixture.hit(0, 14 * day, record: 4, ["actor": "alice", "actor_ip": "4.4.4.4"]),  // new: at the cut-off
        ]
        let result = Fixture.run([spec], hits)
        #expect(result.findings.map(\.location.record) == [4, 0])
        let values = result.findings.compactMap { $0.correlation?.newValue }
        #expect(values == ["4.4.4.4", "3.3.3.3"])
    }

    @Test func compositeFieldsAreOneValue() throws {
        let spec = Self.newIP(try Self.until(60), fields: ["hashed_token", "actor_ip"], id: "token-ip")
        let hits = [
            try Fixture.hit(0, 0, record: 0, ["actor": "ci", "hashed_token": "T1", "actor_ip": "1.1.1.1"]),
            try Fixture.hit(0, 1, record: 1, ["actor": "ci", "hashed_token": "T2", "actor_ip": "2.2.2.2"]),
            // Both parts were seen, but never together.
            try Fixture.hit(0, 61, record: 2, ["actor": "ci", "hashed_token": "T1", "actor_ip": "2.2.2.2"]),
            try Fixture.hit(0, 62, record: 3, ["actor": "ci", "hashed_token": "t2", "actor_ip": "2.2.2.2"]),
            // A missing part: left out and counted.
            try Fixture.hit(0, 63, record: 4, ["actor": "ci", "actor_ip": "5.5.5.5"]),
        ]
        let result = Fixture.run([spec], hits)
        #expect(result.findings.map(\.location.record) == [2])
        let value = try #require(result.findings.first?.correlation).newValue
        #expect(value == "T1|2.2.2.2")
        #expect(
            result.diagnostics.map(\.message) == [
                "correlation rule token-ip left out 1 matches without a group-by or value field"
            ])
    }

    @Test func aGroupNeverSeenInTheBaselineCountsAsNew() throws {
        let hits = [
            try Fixture.hit(0, 0, record: 0, ["actor": "alice", "actor_ip": "1.1.1.1"]),
            try Fixture.hit(0, 70, record: 1, ["actor": "mallory", "actor_ip": "1.1.1.1"]),
        ]
        let result = Fixture.run([Self.newIP(try Self.until(60))], hits)
        #expect(result.findings.map(\.location.record) == [1])
    }

    @Test func arrayValuesFanOutIntoOneFindingPerNewElement() throws {
        let spec = Self.newIP(try Self.until(60), fields: ["scopes"], id: "new-scope")
        let old = try Fixture.event(0, record: 0, ["actor": .string("a"), "scopes": .array([.string("repo")])])
        let new = try Fixture.event(
            70, record: 1,
            ["actor": .string("a"), "scopes": .array([.string("repo"), .string("admin:org"), .string("gist")])])
        let result = Fixture.run([spec], [Hit(rule: 0, event: new), Hit(rule: 0, event: old)])
        let values = result.findings.compactMap { $0.correlation?.newValue }
        #expect(values == ["admin:org", "gist"])
    }

    @Test func withoutABaselineOnlyStateCounts() throws {
        let hits = [try Fixture.hit(0, 0, record: 0, ["actor": "a", "actor_ip": "1.1.1.1"])]
        #expect(Fixture.run([Self.newIP(nil)], hits).findings.count == 1)
    }

    @Test func newestFirstGivesTheSameFirstOccurrences() throws {
        let spec = Self.newIP(.period(try Fixture.span("30m")))
        var hits: [Hit] = []
        for i in 0..<30 {
            hits.append(
                try Fixture.hit(
                    0, Double(i) * 3, record: i, ["actor": i % 2 == 0 ? "a" : "b", "actor_ip": "10.0.0.\(i % 7)"]))
        }
        let forward = Fixture.summary(Fixture.run([spec], hits).findings)
        #expect(!forward.isEmpty)
        #expect(Fixture.summary(Fixture.run([spec], hits.reversed()).findings) == forward)
    }

    @Test func keyLimitWarns() throws {
        var limits = Limits()
        limits.maxCorrelationKeys = 2
        let hits = try (0..<4).map {
            try Fixture.hit(0, Double($0), record: $0, ["actor": "a", "actor_ip": "ip\($0)"])
        }
        let result = Fixture.run([Self.newIP(nil)], hits, limits: limits)
        #expect(result.findings.count == 2)
        #expect(result.diagnostics.contains { $0.code == .stateLimit })
    }

    @Test func resultStateRemembersEveryKeyWithItsFirstTime() throws {
        let hits = [
            try Fixture.hit(0, 5, record: 0, ["actor": "Alice", "actor_ip": "1.1.1.1"]),
            try Fixture.hit(0, 1, record: 1, ["actor": "alice", "actor_ip": "1.1.1.1"]),
        ]
        let state = Fixture.run([Self.newIP(try Self.until(60))], hits).state
        let baseline = try #require(state.rules["new-ip"])
        #expect(baseline.groupBy == ["actor"])
        #expect(baseline.fields == ["actor_ip"])
        #expect(baseline.earliest == Timestamp(parsing: Fixture.at(1)))
        #expect(
            baseline.firstSeen == [
                CorrelationState.key(group: ["alice"], value: ["1.1.1.1"]): try #require(
                    Timestamp(parsing: Fixture.at(1)))
            ])
    }
}
