import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import Testing

/// One base-rule match for the correlator: the rule index and the event.
struct Hit: Sendable {
    var rule: Int
    var event: Event
}

/// Builds events, specs and runs for the correlation tests.
enum Fixture {
    /// 2022-12-21T10:00:00Z, the tests' origin.
    static let origin = Timestamp(seconds: 1_671_616_800)

    /// ISO text of `origin + minutes`.
    static func at(_ minutes: Double) -> String {
        origin.adding(nanoseconds: Int64(minutes * 60_000_000_000)).iso8601
    }

    /// A GitHub-like event at `origin + minutes`, from raw JSON built from `fields`.
    static func event(
        _ minutes: Double?, record: Int, file: String = "audit.json", _ fields: [String: JSONValue] = [:]
    ) throws -> Event {
        var members = [JSONMember]()
        if let minutes { members.append(JSONMember(key: "@timestamp", value: .string(at(minutes)))) }
        for key in fields.keys.sorted() {
            if let v = fields[key] { members.append(JSONMember(key: key, value: v)) }
        }
        let raw = try JSONParser.parse(Array(JSONValue.object(members).serialized().utf8))
        let time = minutes.flatMap { Timestamp(parsing: at($0)) }
        return Event(
            location: SourceLocation(file: file, line: record + 1, record: record), raw: raw, provider: .github,
            timestamp: time)
    }

    /// A hit of base rule `rule` at `origin + minutes` with string fields.
    static func hit(
        _ rule: Int, _ minutes: Double?, record: Int, file: String = "audit.json", _ fields: [String: String] = [:]
    ) throws -> Hit {
        try Hit(rule: rule, event: event(minutes, record: record, file: file, fields.mapValues { .string($0) }))
    }

    /// Rule metadata.
    static func info(_ id: String) -> RuleInfo { RuleInfo(id: id, title: "test \(id)", level: .high) }

    /// A base-rule source.
    static func base(_ index: Int, aliases: [String: String] = [:]) -> CorrelationSpec.Source {
        CorrelationSpec.Source(.rule(index), name: "base\(index)", aliases: aliases)
    }

    /// A time span such as `10m`.
    static func span(_ text: String) throws -> TimeSpan { try #require(TimeSpan(parsing: text)) }

    /// Runs the correlator over `hits` in the given order.
    static func run(
        _ specs: [CorrelationSpec], _ hits: [Hit], state: CorrelationState = CorrelationState(),
        limits: Limits = Limits()
    ) -> CorrelationResult {
        let correlator = Correlator(specs: specs, state: state, limits: limits)
        for h in hits {
            correlator.ingest(
                Match(rule: h.rule, timestamp: h.event.timestamp, location: h.event.location),
                event: h.event)
        }
        return correlator.finish()
    }

    /// A comparable line per finding: rule, time, location, group, aggregate, new value,
    /// related locations and omitted count.
    static func summary(_ findings: [Finding]) -> [String] {
        findings.map { f in
            let group = (f.correlation?.group ?? []).map { "\($0.key)=\($0.value.stringValue ?? "?")" }
            let related = f.related.map { "\($0.file)#\($0.record)" }.joined(separator: ",")
            return [
                f.rule.id, f.timestamp.map(\.iso8601) ?? "-", "\(f.location.file)#\(f.location.record)",
                group.joined(separator: ";"), f.correlation?.value.map { String($0) } ?? "-",
                f.correlation?.newValue ?? "-", related, String(f.relatedOmitted),
            ].joined(separator: " | ")
        }
    }
}

@Suite struct CorrelationHarnessTests {
    @Test func eventsCarryTheirTimeAndFields() throws {
        let e = try Fixture.event(5, record: 3, ["actor": .string("alice")])
        #expect(e.fieldValues("actor") == ["alice"])
        let time = try #require(e.timestamp)
        #expect(time.iso8601 == "2022-12-21T10:05:00Z")
        #expect(e.location.record == 3)
    }
}
