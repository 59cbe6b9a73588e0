import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import PropertyBased
import Testing

/// The known-key fast paths (`Correlator.knownKeyFastPath`: `new_value`, and the windowed
/// types' `knownWindowed`) against the general
/// path on the same matches: the same findings, diagnostics and remembered state, whatever
/// the values look like (case, non-ASCII, numbers, booleans, null, arrays, escapes, missing
/// fields, ECS fields) and whatever the order.
@Suite struct CorrelationFastPathTests {
    static let actors: [JSONValue?] = [
        .string("alice"), .string("Alice"), .string("ALICE"), .string("bob"), .string("Bøb"), .string("BØB"),
        .string("K\u{212A}"), .string("a\"q"), .number("7"), .bool(true), .null, .array([.string("alice")]), nil,
        .string(""),
    ]
    static let values: [JSONValue?] = [
        .string("1.1.1.1"), .string("2.2.2.2"), .string("FR"), .string("fr"), .string("ß"), .number("443"),
        .number("4.43e2"), .bool(false), .null, .array([.string("1.1.1.1"), .string("3.3.3.3")]),
        .array([.string("fr")]), .array([]), .object([]), nil, .string("tab\there"),
    ]
    /// `loc.cc` through arrays of objects: several values on one path (fan-out).
    static let locations: [JSONValue?] = [
        .object([JSONMember(key: "cc", value: .string("FR"))]),
        .array([
            .object([JSONMember(key: "cc", value: .string("fr"))]),
            .object([JSONMember(key: "cc", value: .string("DE"))]),
        ]),
        .array([
            .object([JSONMember(key: "cc", value: .string("DE"))]),
            .object([JSONMember(key: "cc", value: .string("US"))]),
        ]),
        .array([.object([JSONMember(key: "cc", value: .null)]), .object([JSONMember(key: "cc", value: .string("US"))])]
        ),
        nil,
    ]
    static let groupFields = [["actor"], ["user.name"], ["actor", "org"], [], ["loc.cc"]]
    static let valueFields = [
        ["actor_ip"], ["country"], ["actor_ip", "country"], ["source.ip"], ["user.name"], ["loc.cc"],
        ["actor", "loc.cc"],
    ]

    static func spec(group: [String], values: [String], stateful: Bool) -> CorrelationSpec {
        CorrelationSpec(
            rule: Fixture.info("fast"), type: .newValue, sources: [Fixture.base(0)], groupBy: group,
            valueFields: values,
            baseline: stateful ? nil : .until(Fixture.origin.adding(nanoseconds: 30 * 60_000_000_000)))
    }

    static func run(
        _ spec: CorrelationSpec, _ events: [Event], fast: Bool, state: CorrelationState = CorrelationState()
    ) -> CorrelationResult {
        let correlator = Correlator(specs: [spec], state: state, limits: Limits())
        correlator.knownKeyFastPath = fast
        for e in events {
            correlator.ingest(Match(rule: 0, timestamp: e.timestamp, location: e.location), event: e)
        }
        return correlator.finish()
    }

    static func events(_ picks: [(Int, Int, Int, Int)]) throws -> [Event] {
        let normalizer = Normalizer()
        return try picks.enumerated().map { k, pick in
            var fields: [String: JSONValue] = [:]
            if let a = actors[pick.0 % actors.count] { fields["actor"] = a }
            if let v = values[pick.1 % values.count] { fields["actor_ip"] = v }
            if let c = values[pick.2 % values.count] { fields["country"] = c }
            fields["org"] = .string(pick.3 % 2 == 0 ? "acme" : "Acme")
            if let l = locations[(pick.0 + pick.2) % locations.count] { fields["loc"] = l }
            fields["action"] = .string("git.clone")
            // Two in three records are wide enough for a root index (eight members or more),
            // through which one- and two-key fields are read; one in five has the flat key too.
            if pick.3 % 3 != 0 { for f in 0..<4 { fields["pad\(f)"] = .number("\(f)") } }
            if pick.1 % 5 == 0 { fields["loc.cc"] = values[pick.2 % values.count] ?? .null }
            let raw = try Fixture.event(Double(pick.3 % 60), record: k, fields)
            return normalizer.normalize(document: raw.raw, location: raw.location)
        }
    }

    @Test func fastAndGeneralPathsAgree() async {
        let pick = zip(Gen.int(in: 0...99), Gen.int(in: 0...99), Gen.int(in: 0...99), Gen.int(in: 0...99))
        await propertyCheck(
            count: 300, input: zip(pick.array(of: 1...40), Gen.int(in: 0...4), Gen.int(in: 0...6), Gen.bool)
        ) { picks, g, v, stateful in
            let events = try Self.events(picks)
            if picks.count > 10 { #expect(events.contains { !$0.rootMembers.isEmpty }) }
            let spec = Self.spec(group: Self.groupFields[g], values: Self.valueFields[v], stateful: stateful)
            let general = Self.run(spec, events, fast: false)
            let fast = Self.run(spec, events, fast: true)
            #expect(Fixture.summary(fast.findings) == Fixture.summary(general.findings))
            #expect(fast.findings.map { $0.event?.location } == general.findings.map { $0.event?.location })
            #expect(fast.state == general.state)
            #expect(fast.diagnostics.map(\.message) == general.diagnostics.map(\.message))
            // With the first run's state remembered (the fast path steps aside for it).
            let again = Self.run(spec, events.reversed(), fast: true, state: general.state)
            let againGeneral = Self.run(spec, events.reversed(), fast: false, state: general.state)
            #expect(Fixture.summary(again.findings) == Fixture.summary(againGeneral.findings))
            #expect(again.state == againGeneral.state)
        }
    }

    /// The windowed fast path (`value_count`, `event_count`): same findings (with their
    /// windows, values, groups' spellings and related locations) and diagnostics as the
    /// general path, in input order and reversed, kept in memory or spilled every few records.
    @Test func windowedFastAndGeneralPathsAgree() async throws {
        let pick = zip(Gen.int(in: 0...99), Gen.int(in: 0...99), Gen.int(in: 0...99), Gen.int(in: 0...99))
        let shape = zip(Gen.int(in: 0...4), Gen.int(in: 0...6), Gen.bool, Gen.int(in: 1...4))
        await propertyCheck(count: 300, input: zip(pick.array(of: 1...40), shape, Gen.bool)) { picks, shape, spill in
            let (g, v, counted, threshold) = shape
            let events = try Self.events(picks)
            let spec = CorrelationSpec(
                rule: Fixture.info("window"), type: counted ? .valueCount : .eventCount, sources: [Fixture.base(0)],
                groupBy: Self.groupFields[g], timespan: try Fixture.span("5m"),
                condition: CorrelationThreshold([.init(.gte, Double(threshold))]),
                valueFields: counted ? Self.valueFields[v] : [])
            for order in [events, events.reversed()] {
                var results: [CorrelationResult] = []
                for fast in [false, true] {
                    let correlator = Correlator(specs: [spec], state: CorrelationState(), limits: Limits())
                    correlator.knownKeyFastPath = fast
                    if spill { correlator.spillAfter = 3 }
                    for e in order {
                        correlator.ingest(Match(rule: 0, timestamp: e.timestamp, location: e.location), event: e)
                    }
                    results.append(correlator.finish())
                }
                let (general, fast) = (results[0], results[1])
                #expect(Fixture.summary(fast.findings) == Fixture.summary(general.findings))
                #expect(fast.findings.map(\.correlation) == general.findings.map(\.correlation))
                #expect(fast.findings.map(\.related) == general.findings.map(\.related))
                #expect(fast.diagnostics.map(\.message) == general.diagnostics.map(\.message))
            }
        }
    }

    /// Keys are compared as bytes; a name written with a combining accent and the same name
    /// precomposed (one `String`) must still be one group and one value, on both paths.
    @Test func canonicallyEquivalentSpellingsAreOneKey() throws {
        let spellings = ["Jos\u{E9}", "Jose\u{301}", "JOSE\u{301}"]
        let events = try spellings.enumerated().map { k, name in
            try Fixture.event(Double(k), record: k, ["actor": .string(name), "country": .string(name)])
        }
        let window = CorrelationSpec(
            rule: Fixture.info("window"), type: .valueCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: try Fixture.span("5m"), condition: CorrelationThreshold([.init(.gte, 1)]),
            valueFields: ["country"])
        let firstSeen = Self.spec(group: ["actor"], values: ["country"], stateful: true)
        for fast in [false, true] {
            let counted = Self.run(window, events, fast: fast)
            #expect(counted.findings.count == 1, "fast=\(fast)")
            #expect(counted.findings.first?.related.count == 3, "fast=\(fast)")
            let seen = Self.run(firstSeen, events, fast: fast)
            #expect(seen.state.rules.values.first?.firstSeen.count == 1, "fast=\(fast)")
        }
    }

    @Test func knownKeysAreSettledWithoutTheGeneralPath() throws {
        // Same result either way, and a plain repeat really is a known key (case-folded).
        let events = try Self.events([(0, 0, 2, 1), (1, 0, 2, 50), (2, 0, 3, 55), (3, 1, 2, 56)])
        let spec = Self.spec(group: ["actor"], values: ["actor_ip"], stateful: false)
        let fast = Self.run(spec, events, fast: true)
        #expect(Fixture.summary(fast.findings) == Fixture.summary(Self.run(spec, events, fast: false).findings))
        #expect(fast.findings.compactMap { $0.correlation?.newValue } == ["2.2.2.2"])
        #expect(fast.state.rules.values.first?.firstSeen.count == 2)
    }
}
