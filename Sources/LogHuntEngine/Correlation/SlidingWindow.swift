import LogHuntCore

/// One episode of a windowed correlation: the condition became true at `completing` and
/// stayed true through `last` (evaluated at each of the group's records).
struct Episode: Sendable {
    /// Index (into the sorted records) of the record that made the condition true.
    var completing: Int
    /// Index of the first record of the window at that moment.
    var windowFirst: Int
    /// Index of the last record while the condition held.
    var last: Int
    /// The aggregate when the condition became true.
    var value: Double
}

/// Evaluates backward-inclusive sliding windows `[t − timespan, t]` at every record of a
/// group (pySigma-backend-sqlite's semantics, not fixed buckets) and cuts the result into
/// episodes: a finding when the condition becomes true, and another only after it was false
/// at some later record. A burst of 24 clones is one finding, not 24.
enum SlidingWindow {
    /// The episodes of one group.
    /// - Parameters:
    ///   - records: all records, sorted by `CorrelationRecord.evaluationOrder`.
    ///   - range: the group's records.
    ///   - spec: the correlation.
    ///   - aggregate: the type's aggregate.
    /// - Returns: the episodes, in time order.
    static func episodes<A: WindowAggregate>(
        _ records: [CorrelationRecord], _ range: Range<Int>, spec: CorrelationSpec, aggregate: A.Type
    ) -> [Episode] {
        var window = A(spec: spec)
        return episodes(records, range, spec: spec, window: &window)
    }

    /// `episodes(_:_:spec:aggregate:)` with a window the caller keeps: it must be empty. An
    /// aggregate that `drainsToEmpty` is empty again afterwards (every record still in it is
    /// removed), so it serves the next group as a new one would; any other is left as it is.
    static func episodes<A: WindowAggregate>(
        _ records: [CorrelationRecord], _ range: Range<Int>, spec: CorrelationSpec, window: inout A
    ) -> [Episode] {
        let span = spec.timespan?.nanoseconds ?? 0
        var first = range.lowerBound
        var out: [Episode] = []
        var active = false
        // Records are read in place: a copy of one retains its arrays and file name.
        records.withUnsafeBufferPointer { records in
            for i in range {
                window.add(records[i])
                let time = records[i].time
                let start = Timestamp(nanoseconds: time.nanoseconds &- span)
                while first < i, records[first].time < start {
                    window.remove(records[first])
                    first += 1
                }
                let v = window.value(windowStart: start, current: records[i])
                if spec.condition.holds(for: v) {
                    if active, let last = out.indices.last {
                        out[last].last = i
                    } else {
                        out.append(Episode(completing: i, windowFirst: first, last: i, value: v))
                        active = true
                    }
                } else {
                    active = false
                }
            }
            // Only a window that serves the next group needs emptying.
            while A.drainsToEmpty, first < range.upperBound {
                window.remove(records[first])
                first += 1
            }
        }
        return out
    }
}
