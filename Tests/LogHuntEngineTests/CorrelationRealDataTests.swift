import Foundation
import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import LogHuntTestSupport
import Testing

/// Correlations over real third-party samples, read in place from `../shared/realdata`.
@Suite struct CorrelationRealDataTests {
    /// The NDJSON records of a sample, normalised.
    private static func events(_ relative: String) throws -> [Event] {
        let path = TestPaths.realData(relative)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let normalizer = Normalizer()
        var out: [Event] = []
        var line = 0
        for chunk in data.split(separator: 0x0A, omittingEmptySubsequences: false) {
            line += 1
            guard !chunk.isEmpty else { continue }
            let doc = try JSONParser.parse(Array(chunk))
            out.append(
                normalizer.normalize(
                    document: doc, location: SourceLocation(file: relative, line: line, record: out.count)))
        }
        return out
    }

    @Test func cloudTrailKeyAndAddressFirstSeenIsTheSameNewestFirst() async throws {
        let events = try Self.events("cloudtrail/ec2_proxy_s3_exfiltration_2020-09-14011940.json")
        #expect(events.count > 50)
        let spec = CorrelationSpec(
            rule: Fixture.info("aws-key-new-ip"), type: .newValue, sources: [Fixture.base(0)], groupBy: ["user.name"],
            valueFields: ["credential.id", "source.ip"], baseline: .period(try Fixture.span("5m")))
        let burst = CorrelationSpec(
            rule: Fixture.info("aws-many-calls"), type: .eventCount, sources: [Fixture.base(0)],
            groupBy: ["credential.id"], timespan: try Fixture.span("1m"),
            condition: CorrelationThreshold([.init(.gte, 20)]))
        let hits = events.map { Hit(rule: 0, event: $0) }
        let oldestFirst = Fixture.run([spec, burst], hits)
        let expected = Fixture.summary(oldestFirst.findings)
        // The sample's story: bursts of calls with one session key, then that role's key used
        // from an address it had not used in the first five minutes.
        #expect(oldestFirst.findings.map(\.rule.id) == ["aws-many-calls", "aws-many-calls", "aws-key-new-ip"])
        #expect(Fixture.summary(Fixture.run([spec, burst], hits.reversed()).findings) == expected)
        await propertyShuffle(hits, specs: [spec, burst], expected: expected)
        // Every new pair is reported once, on an event that carries it.
        for f in oldestFirst.findings where f.rule.id == "aws-key-new-ip" {
            let event = try #require(f.event)
            let pair = try #require(f.correlation?.newValue)
            #expect(
                pair == (event.fieldValues("credential.id") + event.fieldValues("source.ip")).joined(separator: "|"))
        }
        let keys = try #require(oldestFirst.state.rules["aws-key-new-ip"])
        #expect(keys.firstSeen.count >= oldestFirst.findings.filter { $0.rule.id == "aws-key-new-ip" }.count)
    }

    private func propertyShuffle(_ hits: [Hit], specs: [CorrelationSpec], expected: [String]) async {
        for seed in 0..<5 {
            var generator = SplitMix64(seed: UInt64(seed))
            let shuffled = hits.shuffled(using: &generator)
            #expect(Fixture.summary(Fixture.run(specs, shuffled).findings) == expected)
        }
    }
}
