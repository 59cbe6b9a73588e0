import LogHuntCore
import LogHuntNormalize

/// `new_value` (first seen, after Elastic's new-terms rules): keeps, per case-folded
/// (group, value) key, only its earliest occurrence (by time, then location) — memory grows
/// with distinct keys, never with events, and the result does not depend on input order.
///
/// At the end a key is new when its earliest occurrence is not before the baseline cut-off
/// (`baseline-until`, or the earliest event seen, including `--state`, plus `baseline`) and
/// `--state` does not remember it from an earlier time.
struct NewValue: Sendable {
    /// The earliest occurrence of one key.
    struct Entry: Sendable {
        var time: Timestamp
        var location: SourceLocation
        /// The group and value spellings, for the finding: empty for an occurrence before a
        /// fixed `baseline-until`, which is never reported (it keeps memory per key small).
        var group: [String]
        var value: [String]
        /// Kept only while the occurrence could still be reported (not before a fixed
        /// `baseline-until`, not already remembered earlier by `--state`).
        var event: StoredEvent?
    }

    /// Key → position in `slots` (the key at position `i` is the one whose earliest
    /// occurrence is `slots[i]`). Entries live in an array so that reading one entry's time
    /// (every occurrence of a known key) reads it in place instead of copying the entry.
    private var index = ByteKeyIndex()
    private var slots: [Entry] = []
    /// Earliest event time of this run's matches.
    private(set) var earliest: Timestamp?
    /// Whether a new key was refused because the table was full.
    private(set) var limitReached = false
    private let remembered: CorrelationState.Baseline?
    private let fixedCutoff: Timestamp?
    private let limit: Int

    /// A tracker for `spec`, with what `--state` remembers for it.
    /// - Parameters:
    ///   - spec: the `new_value` correlation.
    ///   - remembered: its baseline from `--state`, when it fits the rule.
    ///   - limit: the most keys kept.
    init(spec: CorrelationSpec, remembered: CorrelationState.Baseline?, limit: Int) {
        self.remembered = remembered
        // `ByteKeyIndex` numbers keys with 32 bits.
        self.limit = min(limit, Int(Int32.max) - 1)
        if case .until(let t) = spec.baseline { fixedCutoff = t } else { fixedCutoff = nil }
    }

    /// Notes one occurrence of each value tuple (arrays fan out into several).
    /// - Parameters:
    ///   - time: the event's time.
    ///   - location: the event's location.
    ///   - group: the group-by values.
    ///   - values: the (composite) values found on the event.
    ///   - event: the event, kept for the finding when it may be reported.
    mutating func note(time: Timestamp, location: SourceLocation, group: [String], values: [[String]], event: Event?) {
        earliest = earliest.map { min($0, time) } ?? time
        // Before a fixed `baseline-until`, an occurrence is never reported: no event needed.
        let mayReport = event != nil && (fixedCutoff.map { time >= $0 } ?? true)
        var stored: StoredEvent?
        for value in values {
            let key = CorrelationState.key(group: group, value: value)
            // Remembered from an earlier time: never new, and the state already has it.
            if let remembered, let seen = remembered.firstSeen[key], seen < time { continue }
            // One hash of the key on the common path (the key is known and not earlier).
            let existing = index.position(of: key)
            if let existing {
                if !isBefore(time, location, slot: existing) { continue }
            } else if slots.count >= limit {
                limitReached = true
                continue
            }
            if mayReport, stored == nil, let event { stored = StoredEvent(event) }
            let baselineOnly = fixedCutoff.map { time < $0 } ?? false
            let entry = Entry(
                time: time, location: location, group: baselineOnly ? [] : group, value: baselineOnly ? [] : value,
                event: stored)
            if let existing {
                slots[existing] = entry
            } else {
                index.insert(key)
                slots.append(entry)
            }
        }
    }

    /// `note` for the common case, decided without building the group and value arrays: one
    /// value tuple whose `key` is already known with an occurrence not later than this one.
    /// Then nothing but `earliest` changes, exactly as in `note`, and the result is true;
    /// otherwise (a new or earlier key, or a `--state` baseline to consult) nothing changes and
    /// the caller goes through `note`.
    /// - Parameters:
    ///   - key: the UTF-8 of `CorrelationState.key(group:value:)` of the occurrence.
    ///   - time: the event's time.
    ///   - location: the event's location.
    /// - Returns: whether the occurrence was fully handled.
    mutating func noteKnown(key: UnsafeRawBufferPointer, time: Timestamp, location: SourceLocation) -> Bool {
        guard remembered == nil, let existing = index.position(of: key), !isBefore(time, location, slot: existing)
        else {
            return false
        }
        earliest = earliest.map { min($0, time) } ?? time
        return true
    }

    /// Whether an occurrence at `time` and `location` comes before the one kept in `slot` (the
    /// earliest occurrence of a key wins; the location breaks ties). Reads the slot's fields in
    /// place: copying the entry would retain its arrays and event.
    @inline(__always)
    private func isBefore(_ time: Timestamp, _ location: SourceLocation, slot: Int) -> Bool {
        let kept = slots[slot].time
        return time < kept || (time == kept && location < slots[slot].location)
    }

    /// Folds in another tracker of the same rule (a worker's shard): per key the earlier
    /// occurrence wins, as if every event had been noted here.
    /// - Parameter other: the other tracker.
    mutating func absorb(_ other: NewValue) {
        if let e = other.earliest { earliest = earliest.map { min($0, e) } ?? e }
        limitReached = limitReached || other.limitReached
        for theirs in other.slots.indices {
            let key = other.index.key(at: theirs)
            let entry = other.slots[theirs]
            if let mine = index.position(of: key) {
                if isBefore(entry.time, entry.location, slot: mine) { slots[mine] = entry }
                continue
            }
            guard slots.count < limit else {
                limitReached = true
                continue
            }
            index.insert(key)
            slots.append(entry)
        }
    }

    /// The cut-off: occurrences at or after it are past the baseline (nil: none this run).
    /// - Parameter spec: the correlation.
    /// - Returns: the instant, `Int64.min` nanoseconds when there is no baseline but `--state`.
    func cutoff(_ spec: CorrelationSpec) -> Timestamp? {
        switch spec.baseline {
        case .until(let t): return t
        case .period(let span):
            let starts = [earliest, remembered?.earliest].compactMap { $0 }
            guard let start = starts.min() else { return nil }
            return start.adding(nanoseconds: span.nanoseconds)
        case nil:
            return Timestamp(nanoseconds: .min)
        }
    }

    /// The keys that are new, sorted by (time, location, key).
    /// - Parameter spec: the correlation.
    /// - Returns: the entries to report.
    func newEntries(_ spec: CorrelationSpec) -> [(key: String, entry: Entry)] {
        guard let cut = cutoff(spec) else { return [] }
        var out: [(key: String, entry: Entry)] = []
        for i in slots.indices where slots[i].time >= cut {
            let key = index.key(at: i)
            if let seen = remembered?.firstSeen[key], seen < slots[i].time { continue }
            out.append((key, slots[i]))
        }
        out.sort { a, b in
            if a.entry.time != b.entry.time { return a.entry.time < b.entry.time }
            if a.entry.location != b.entry.location { return a.entry.location < b.entry.location }
            return a.key < b.key
        }
        return out
    }

    /// This run's keys folded into the remembered baseline.
    /// - Parameter spec: the correlation.
    /// - Returns: what `--state` keeps for the rule from now on.
    func updatedBaseline(_ spec: CorrelationSpec) -> CorrelationState.Baseline {
        var baseline = remembered ?? CorrelationState.Baseline(groupBy: spec.groupBy, fields: spec.valueFields)
        var mine = CorrelationState.Baseline(groupBy: spec.groupBy, fields: spec.valueFields, earliest: earliest)
        mine.firstSeen.reserveCapacity(slots.count)
        for i in slots.indices { mine.firstSeen[index.key(at: i)] = slots[i].time }
        baseline.merge(mine)
        return baseline
    }
}
