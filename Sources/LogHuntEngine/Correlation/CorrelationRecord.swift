import LogHuntCore

/// The small record a windowed correlation keeps per base-rule match (or per finding of a
/// chained correlation) instead of the event: time, location, which listed rule, the
/// interned group and value, and a number for the metric types.
struct CorrelationRecord: Sendable {
    /// The event's time.
    var time: Timestamp
    /// Where the event is.
    var location: SourceLocation
    /// Position of the matching rule in the spec's `sources`.
    var source: Int
    /// Interned group (`GroupTable`).
    var group: Int
    /// Interned (composite) value, or -1.
    var value: Int
    /// Further values when a value field held several (arrays fan out), for `value_count`.
    var extraValues: [Int]
    /// The numeric value for `value_sum`/`value_avg`/`value_percentile`, or NaN.
    var number: Double
    /// For records made from a chained correlation's finding: the events behind that finding
    /// (empty: the record's own location).
    var related: [SourceLocation]

    /// The order records are evaluated in: group, time, location, listed rule. Input order
    /// never matters.
    static func evaluationOrder(_ a: CorrelationRecord, _ b: CorrelationRecord) -> Bool {
        if a.group != b.group { return a.group < b.group }
        if a.time != b.time { return a.time < b.time }
        if a.location != b.location { return a.location < b.location }
        return a.source < b.source
    }

    /// `records` in `evaluationOrder`. Sorts small integer keys (group, time, position) and
    /// compares the records themselves only on ties, which is several times faster than
    /// moving the records (strings and arrays) around.
    /// - Parameter records: the records, in any order.
    /// - Returns: the records, sorted.
    static func sorted(_ records: [CorrelationRecord]) -> [CorrelationRecord] {
        var keys = records.indices.map {
            SortKey(group: records[$0].group, time: records[$0].time.nanoseconds, index: $0)
        }
        keys.sort { a, b in
            if a.group != b.group { return a.group < b.group }
            if a.time != b.time { return a.time < b.time }
            return evaluationOrder(records[a.index], records[b.index])
        }
        return keys.map { records[$0.index] }
    }
}

/// The integer part of a record's sort key, with its position.
private struct SortKey {
    var group: Int
    var time: Int64
    var index: Int
}
