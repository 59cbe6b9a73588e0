import LogHuntCore

/// `event_count`: the number of matching events in the window (an event matched by several
/// listed rules counts once: the correlator removes such duplicates before the window).
struct EventCount: WindowAggregate {
    private var count = 0

    init(spec: CorrelationSpec) {}
    mutating func add(_ record: CorrelationRecord) { count += 1 }
    mutating func remove(_ record: CorrelationRecord) { count -= 1 }
    func value(windowStart: Timestamp, current: CorrelationRecord) -> Double { Double(count) }
}
