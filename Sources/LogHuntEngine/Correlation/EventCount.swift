import LogHuntCore

/// `event_count`: the number of matching events in the window (an event matched by several
/// listed rules counts once: the correlator removes such duplicates before the window).
struct EventCount: WindowAggregate {
    private var count = 0

    /// An empty window (`WindowAggregate`).
    init(spec: CorrelationSpec) {}
    /// A record enters the window (`WindowAggregate`).
    mutating func add(_ record: CorrelationRecord) { count += 1 }
    /// The oldest record leaves the window (`WindowAggregate`).
    mutating func remove(_ record: CorrelationRecord) { count -= 1 }
    /// The aggregate for the condition (`WindowAggregate`).
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double { Double(count) }
}
