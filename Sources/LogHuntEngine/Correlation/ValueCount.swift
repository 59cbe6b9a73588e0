import LogHuntCore

/// `value_count`: the number of distinct values (case-folded; a list of fields is one
/// composite value) of the value field in the window.
struct ValueCount: WindowAggregate {
    private var counts: [Int: Int] = [:]

    /// An empty window (`WindowAggregate`).
    init(spec: CorrelationSpec) {}

    /// A record enters the window (`WindowAggregate`).
    mutating func add(_ record: CorrelationRecord) {
        counts[record.value, default: 0] += 1
        for v in record.extraValues { counts[v, default: 0] += 1 }
    }

    /// The oldest record leaves the window (`WindowAggregate`).
    mutating func remove(_ record: CorrelationRecord) {
        drop(record.value)
        for v in record.extraValues { drop(v) }
    }

    private mutating func drop(_ v: Int) {
        guard let c = counts[v] else { return }
        if c <= 1 { counts[v] = nil } else { counts[v] = c - 1 }
    }

    /// The aggregate for the condition (`WindowAggregate`).
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double { Double(counts.count) }
}
