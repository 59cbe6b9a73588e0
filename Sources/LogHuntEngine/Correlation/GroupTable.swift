import LogHuntCore

/// Interns group keys (case-folded) and remembers how each group is spelled: the spelling of
/// its earliest record (by time, then location), so reports do not depend on input order.
struct GroupTable: Sendable {
    private var ids: [String: Int] = [:]
    /// The spelling of each group's values, in group-by order.
    private(set) var values: [[String]] = []
    private var representative: [(Timestamp, SourceLocation)] = []

    /// Number of distinct groups.
    var count: Int { values.count }

    /// The earliest (time, location) seen for group `id`.
    /// - Parameter id: a group id.
    /// - Returns: its representative record's time and location.
    func representative(of id: Int) -> (Timestamp, SourceLocation) { representative[id] }

    /// The id of the group spelled `parts` seen at (`time`, `location`), creating it when new
    /// and there is room.
    /// - Parameters:
    ///   - parts: the group-by values.
    ///   - time: the record's time.
    ///   - location: the record's location.
    ///   - limit: the most groups kept.
    /// - Returns: the id, or nil when the group is new and the table is full.
    mutating func intern(_ parts: [String], time: Timestamp, location: SourceLocation, limit: Int) -> Int? {
        let key = parts.count == 1 ? parts[0].foldedKey : parts.map(\.foldedKey).joined(separator: "\u{1F}")
        if let id = ids[key] {
            let (t, l) = representative[id]
            if time < t || (time == t && location < l) {
                representative[id] = (time, location)
                values[id] = parts
            }
            return id
        }
        guard values.count < limit else { return nil }
        let id = values.count
        ids[key] = id
        values.append(parts)
        representative.append((time, location))
        return id
    }
}
