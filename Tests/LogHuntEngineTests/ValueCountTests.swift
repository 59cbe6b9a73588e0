import LogHuntCore
import PropertyBased
import Testing

@testable import LogHuntEngine

/// `value_count`'s window aggregate: dense counts by value id, other ids in a dictionary, and
/// one instance reused group after group.
@Suite struct ValueCountTests {
    static func record(_ value: Int, extra: [Int] = [], group: Int = 0, minute: Double = 0, line: Int = 1)
        -> CorrelationRecord
    {
        CorrelationRecord(
            time: Timestamp(nanoseconds: Int64(minute * 60e9)),
            location: SourceLocation(file: "v.json", line: line, record: line),
            source: 0, group: group, value: value, extraValues: extra, number: .nan, related: [])
    }

    /// Ids the table gives (small), the id of a record without a value (-1), and ids beyond the
    /// dense range.
    static let ids = [0, 1, 2, 3, 63, 64, 65, 1_000, -1, ValueCount.denseLimit, ValueCount.denseLimit + 7]

    @Test func countsDistinctValuesAsASetWould() async throws {
        let spec = try #require(Self.spec())
        // A window as the sliding window keeps it: records enter at the back, leave at the front.
        let input = zip(
            Gen.int(in: 0..<Self.ids.count).array(of: 1...4).array(of: 1...60), Gen.int(in: 0...3).array(of: 60))
        await propertyCheck(count: 300, input: input) { picks, leaves in
            var window = ValueCount(spec: spec)
            var queue: [CorrelationRecord] = []
            for (k, pick) in picks.enumerated() {
                let values = pick.map { Self.ids[$0] }
                let r = Self.record(values[0], extra: Array(values.dropFirst()))
                window.add(r)
                queue.append(r)
                for _ in 0..<min(leaves[k], queue.count - 1) { window.remove(queue.removeFirst()) }
                var multiset: [Int: Int] = [:]
                for q in queue {
                    multiset[q.value, default: 0] += 1
                    for v in q.extraValues { multiset[v, default: 0] += 1 }
                }
                #expect(window.value(windowStart: r.time, current: r) == Double(multiset.count))
            }
            for q in queue { window.remove(q) }
            #expect(window.isEmpty)
            #expect(window.value(windowStart: Timestamp(nanoseconds: 0), current: Self.record(0)) == 0)
        }
    }

    @Test func removingWhatWasNeverAddedChangesNothing() throws {
        var window = ValueCount(spec: try #require(Self.spec()))
        window.remove(Self.record(5))
        window.remove(Self.record(-1))
        #expect(window.isEmpty)
        window.add(Self.record(5, extra: [5, 9]))
        #expect(window.value(windowStart: Timestamp(nanoseconds: 0), current: Self.record(5)) == 2)
    }

    /// One window drained after each group gives each group the episodes a new window would.
    @Test func aReusedWindowGivesEveryGroupTheEpisodesOfANewOne() async throws {
        let spec = try #require(Self.spec())
        let input = zip(
            Gen.int(in: 0...3).array(of: 1...80), Gen.int(in: 0..<Self.ids.count).array(of: 80),
            Gen.int(in: 0...30).array(of: 80))
        await propertyCheck(count: 200, input: input) { groups, picks, minutes in
            var records: [CorrelationRecord] = []
            for (k, g) in groups.enumerated() {
                records.append(Self.record(Self.ids[picks[k]], group: g, minute: Double(minutes[k]), line: k + 1))
            }
            records.sort(by: CorrelationRecord.evaluationOrder)
            var shared = ValueCount(spec: spec)
            var lo = 0
            while lo < records.count {
                var hi = lo + 1
                while hi < records.count, records[hi].group == records[lo].group { hi += 1 }
                let fresh = SlidingWindow.episodes(records, lo..<hi, spec: spec, aggregate: ValueCount.self)
                let reused = SlidingWindow.episodes(records, lo..<hi, spec: spec, window: &shared)
                #expect(reused.map(\.completing) == fresh.map(\.completing))
                #expect(reused.map(\.windowFirst) == fresh.map(\.windowFirst))
                #expect(reused.map(\.last) == fresh.map(\.last))
                #expect(reused.map(\.value) == fresh.map(\.value))
                #expect(shared.isEmpty)
                lo = hi
            }
        }
    }

    /// `value_count` of at least 3 distinct values in 10 minutes, grouped by actor.
    static func spec() -> CorrelationSpec? {
        guard let span = try? Fixture.span("10m") else { return nil }
        return CorrelationSpec(
            rule: Fixture.info("repos"), type: .valueCount, sources: [Fixture.base(0)], groupBy: ["actor"],
            timespan: span, condition: CorrelationThreshold([.init(.gte, 3)]), valueFields: ["repo"])
    }
}
