import LogHuntCore

/// `value_count`: the number of distinct values (case-folded; a list of fields is one
/// composite value) of the value field in the window.
///
/// Values arrive as the correlator's interned ids, which are dense from 0: the counts are an
/// array indexed by id (a hashed dictionary cost about half of a GitHub hunt's `finish()`),
/// and any other id (-1 for a record without a value, which counts as one value of its own)
/// goes to a dictionary. Removing every record that was added leaves the aggregate exactly as
/// new (`drainsToEmpty`), so one instance serves every group of a correlation.
struct ValueCount: WindowAggregate {
    /// Occurrences per dense id (grown on demand).
    private var counts: [Int] = []
    /// Ids with a non-zero count in `counts`.
    private var distinct = 0
    /// Occurrences of ids outside `0..<denseLimit`.
    private var other: [Int: Int] = [:]

    /// Ids from here on are counted in the dictionary (bounds the array at 8 MB).
    static let denseLimit = 1 << 20

    /// An empty window (`WindowAggregate`).
    init(spec: CorrelationSpec) {}

    static var drainsToEmpty: Bool { true }

    /// A record enters the window (`WindowAggregate`).
    mutating func add(_ record: CorrelationRecord) {
        bump(record.value)
        for v in record.extraValues { bump(v) }
    }

    /// The oldest record leaves the window (`WindowAggregate`).
    mutating func remove(_ record: CorrelationRecord) {
        drop(record.value)
        for v in record.extraValues { drop(v) }
    }

    private mutating func bump(_ v: Int) {
        guard v >= 0, v < Self.denseLimit else {
            other[v, default: 0] += 1
            return
        }
        if v >= counts.count {
            let size = min(Self.denseLimit, max(v + 1, 2 * counts.count, 64))
            counts.append(contentsOf: repeatElement(0, count: size - counts.count))
        }
        if counts[v] == 0 { distinct += 1 }
        counts[v] += 1
    }

    private mutating func drop(_ v: Int) {
        guard v >= 0, v < Self.denseLimit else {
            guard let c = other[v] else { return }
            if c <= 1 { other[v] = nil } else { other[v] = c - 1 }
            return
        }
        guard v < counts.count, counts[v] > 0 else { return }
        counts[v] -= 1
        if counts[v] == 0 { distinct -= 1 }
    }

    /// The aggregate for the condition (`WindowAggregate`).
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double { Double(distinct + other.count) }

    /// True when no record is in the window (what a new instance is).
    var isEmpty: Bool { distinct == 0 && other.isEmpty }
}
