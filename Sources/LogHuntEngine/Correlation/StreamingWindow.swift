import LogHuntCore

/// `SlidingWindow.episodes` plus the finding's related locations, one record at a time: for
/// spilled correlations, whose groups may be too large to hold. Only the records inside the
/// current window are kept (a queue), and an open episode keeps its first `maxRelated`
/// locations and a count of the rest. Given the same records in evaluation order it reports
/// exactly the episodes, values, windows and related locations of the batch path.
struct StreamingWindow<A: WindowAggregate> {
    /// An episode ended: what its finding needs.
    struct Closed {
        var completing: CorrelationRecord
        var windowStart: Timestamp
        var value: Double
        var related: [SourceLocation]
        var omitted: Int
    }

    private let spec: CorrelationSpec
    private let span: Int64
    private let maxRelated: Int
    private var aggregate: A
    private var queue: [CorrelationRecord] = []
    private var head = 0
    private var open: Closed?
    private var previous: SourceLocation?

    init(spec: CorrelationSpec, maxRelated: Int) {
        self.spec = spec
        self.span = spec.timespan?.nanoseconds ?? 0
        self.maxRelated = maxRelated
        self.aggregate = A(spec: spec)
    }

    /// Takes the group's next record; returns an episode that ended before it, if any.
    mutating func add(_ r: CorrelationRecord) -> Closed? {
        aggregate.add(r)
        queue.append(r)
        let start = Timestamp(nanoseconds: r.time.nanoseconds &- span)
        while queue.count - head > 1, queue[head].time < start {
            aggregate.remove(queue[head])
            head += 1
        }
        if head > 4_096, head * 2 > queue.count {
            queue.removeFirst(head)
            head = 0
        }
        let v = aggregate.value(windowStart: start, current: r)
        guard spec.condition.holds(for: v) else {
            defer { open = nil }
            return open
        }
        if open != nil {
            note(r.location)
        } else {
            open = Closed(completing: r, windowStart: queue[head].time, value: v, related: [], omitted: 0)
            previous = nil
            for i in head..<queue.count { note(queue[i].location) }
        }
        return nil
    }

    /// Empties the window for the next group: the same state as a new window when the
    /// aggregate `drainsToEmpty` (every record still queued is removed from it).
    mutating func reset() {
        while head < queue.count {
            aggregate.remove(queue[head])
            head += 1
        }
        queue.removeAll(keepingCapacity: true)
        head = 0
        open = nil
        previous = nil
    }

    /// The episode still open at the end of the group, if any.
    mutating func finish() -> Closed? {
        defer { open = nil }
        return open
    }

    private mutating func note(_ location: SourceLocation) {
        guard location != previous else { return }
        previous = location
        if open!.related.count < maxRelated { open!.related.append(location) } else { open!.omitted += 1 }
    }
}
