import LogHuntCore

/// `temporal_ordered`: the length of the longest prefix of the listed rules matched in that
/// order, at strictly increasing times, with every event inside the window.
///
/// For each step `k` it keeps the latest start time of a chain covering steps `0…k` (a later
/// start fits more windows), so each record is handled in O(steps). Records of one instant
/// never extend each other's chains (strictly increasing times).
struct TemporalOrdered: WindowAggregate {
    private var committed: [Int64?]
    private var pending: [Int64?]
    private var pendingTime: Int64?

    /// An empty window (`WindowAggregate`).
    init(spec: CorrelationSpec) {
        committed = Array(repeating: nil, count: spec.sources.count)
        pending = committed
    }

    /// A record enters the window (`WindowAggregate`).
    mutating func add(_ record: CorrelationRecord) {
        let t = record.time.nanoseconds
        if pendingTime != t {
            for k in committed.indices { committed[k] = later(committed[k], pending[k]) }
            for k in pending.indices { pending[k] = nil }
            pendingTime = t
        }
        let k = record.source
        let start: Int64? = k == 0 ? t : committed[k - 1]
        pending[k] = later(pending[k], start)
    }

    /// Expiry is handled by comparing chain starts with the window start.
    mutating func remove(_ record: CorrelationRecord) {}

    /// The aggregate for the condition (`WindowAggregate`).
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double {
        var longest = 0
        for k in committed.indices {
            if let s = later(committed[k], pending[k]), s >= windowStart.nanoseconds { longest = k + 1 }
        }
        return Double(longest)
    }

    private func later(_ a: Int64?, _ b: Int64?) -> Int64? {
        switch (a, b) {
        case (let x?, let y?): max(x, y)
        case (let x?, nil): x
        case (nil, let y): y
        }
    }
}
