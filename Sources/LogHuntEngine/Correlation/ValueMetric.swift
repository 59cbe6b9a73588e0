import LogHuntCore

/// `value_sum`, `value_avg` and `value_percentile` over the numeric value field in the window.
/// Percentiles interpolate linearly at rank `(n−1)·p/100` over the sorted values; without a
/// percentile, the aggregate is the share (0–100) of the window's events that carry the
/// completing event's value.
struct ValueMetric: WindowAggregate {
    private enum Mode {
        case sum, average
        case percentile(Double)
        case share
    }

    private let mode: Mode
    private var sum = 0.0
    private var count = 0
    private var sorted: [Double] = []
    private var valueCounts: [Int: Int] = [:]

    /// An empty window (`WindowAggregate`).
    init(spec: CorrelationSpec) {
        switch spec.type {
        case .valueAvg: mode = .average
        case .valuePercentile(let p?): mode = .percentile(min(100, max(0, p)))
        case .valuePercentile(nil): mode = .share
        default: mode = .sum
        }
    }

    /// A record enters the window (`WindowAggregate`).
    mutating func add(_ record: CorrelationRecord) {
        count += 1
        switch mode {
        case .sum, .average: sum += record.number
        case .percentile: sorted.insert(record.number, at: insertionPoint(record.number))
        case .share: valueCounts[record.value, default: 0] += 1
        }
    }

    /// The oldest record leaves the window (`WindowAggregate`).
    mutating func remove(_ record: CorrelationRecord) {
        count -= 1
        switch mode {
        case .sum, .average: sum -= record.number
        case .percentile:
            let i = insertionPoint(record.number)
            if i < sorted.count, sorted[i] == record.number { sorted.remove(at: i) }
        case .share:
            if let c = valueCounts[record.value] { valueCounts[record.value] = c <= 1 ? nil : c - 1 }
        }
    }

    /// The first index whose value is not less than `x`.
    private func insertionPoint(_ x: Double) -> Int {
        var lo = 0
        var hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < x { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// The aggregate for the condition (`WindowAggregate`).
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double {
        guard count > 0 else { return .nan }
        switch mode {
        case .sum: return sum
        case .average: return sum / Double(count)
        case .percentile(let p): return Self.percentile(sorted, p)
        case .share: return 100 * Double(valueCounts[current.value] ?? 0) / Double(count)
        }
    }

    /// The `p`-th percentile of ascending `values` by linear interpolation at rank `(n−1)·p/100`.
    /// - Parameters:
    ///   - values: sorted ascending, not empty.
    ///   - p: 0…100.
    /// - Returns: the interpolated value (NaN when empty).
    static func percentile(_ values: [Double], _ p: Double) -> Double {
        guard let first = values.first else { return .nan }
        guard values.count > 1 else { return first }
        let rank = Double(values.count - 1) * p / 100
        let lo = Int(rank.rounded(.down))
        let hi = min(values.count - 1, lo + 1)
        return values[lo] + (values[hi] - values[lo]) * (rank - Double(lo))
    }
}
