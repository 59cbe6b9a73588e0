import LogHuntCore

/// `temporal`: the number of distinct listed rules that matched in the window, in any order.
/// An event matched by several listed rules counts for each of them.
struct Temporal: WindowAggregate {
    private var counts: [Int]

    /// An empty window (`WindowAggregate`).
    init(spec: CorrelationSpec) { counts = Array(repeating: 0, count: spec.sources.count) }

    /// A record enters the window (`WindowAggregate`).
    mutating func add(_ record: CorrelationRecord) { counts[record.source] += 1 }
    /// The oldest record leaves the window (`WindowAggregate`).
    mutating func remove(_ record: CorrelationRecord) { counts[record.source] -= 1 }

    /// The aggregate for the condition (`WindowAggregate`).
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double {
        Double(counts.reduce(0) { $0 + ($1 > 0 ? 1 : 0) })
    }
}
