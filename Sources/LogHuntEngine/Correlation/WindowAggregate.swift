import LogHuntCore

/// The aggregate of one correlation type over a sliding window of one group's records:
/// records enter in evaluation order and leave when they fall out of `[t − timespan, t]`.
protocol WindowAggregate {
    /// An empty window for `spec`.
    init(spec: CorrelationSpec)
    /// A record enters the window.
    mutating func add(_ record: CorrelationRecord)
    /// The oldest record leaves the window.
    mutating func remove(_ record: CorrelationRecord)
    /// The aggregate the condition is compared with, after `current` entered.
    /// - Parameters:
    ///   - windowStart: `t − timespan` of the current record.
    ///   - current: the record that just entered.
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double
    /// True when removing every record that was added leaves the aggregate exactly as a new
    /// one, so that one instance can serve group after group (no per-group allocation).
    static var drainsToEmpty: Bool { get }
}

extension WindowAggregate {
    /// A new instance per group unless the type says otherwise.
    static var drainsToEmpty: Bool { false }
}
