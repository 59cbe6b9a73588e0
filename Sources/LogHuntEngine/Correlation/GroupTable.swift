import LogHuntCore

/// Interns group keys (case-folded) and remembers how each group is spelled: the spelling of
/// its earliest record (by time, then location), so reports do not depend on input order.
struct GroupTable: Sendable {
    /// Folded key → group id (ids are positions in `values`).
    private var ids = ByteKeyIndex()
    /// The spelling of each group's values, in group-by order.
    private(set) var values: [[String]] = []
    private var representative: [(Timestamp, SourceLocation)] = []

    /// Number of distinct groups.
    var count: Int { values.count }

    /// The earliest (time, location) seen for group `id`.
    /// - Parameter id: a group id.
    /// - Returns: its representative record's time and location.
    func representative(of id: Int) -> (Timestamp, SourceLocation) { representative[id] }

    /// The case-folded key of a group spelled `parts`: the parts' `foldedKey`s joined with
    /// U+001F (what the fast paths assemble from an event's bytes).
    /// - Parameter parts: the group-by values.
    /// - Returns: the key.
    static func key(_ parts: [String]) -> String {
        parts.count == 1 ? parts[0].foldedKey : parts.map(\.foldedKey).joined(separator: "\u{1F}")
    }

    /// The id of the group whose folded key (`key(_:)`) is `key`, or nil when there is none.
    /// - Parameter key: the key's UTF-8.
    /// - Returns: the id.
    func id(ofKey key: UnsafeRawBufferPointer) -> Int? { ids.position(of: key) }

    /// Whether an occurrence at (`time`, `location`) would become group `id`'s representative
    /// (`intern` would take its spelling).
    /// - Parameters:
    ///   - time: the occurrence's time.
    ///   - location: its location.
    ///   - id: a group id.
    /// - Returns: true when it is earlier than the representative.
    func isBefore(_ time: Timestamp, _ location: SourceLocation, representativeOf id: Int) -> Bool {
        let (t, l) = representative[id]
        return time < t || (time == t && location < l)
    }

    /// The id of the group spelled `parts` seen at (`time`, `location`), creating it when new
    /// and there is room.
    /// - Parameters:
    ///   - parts: the group-by values.
    ///   - time: the record's time.
    ///   - location: the record's location.
    ///   - limit: the most groups kept.
    /// - Returns: the id, or nil when the group is new and the table is full.
    mutating func intern(_ parts: [String], time: Timestamp, location: SourceLocation, limit: Int) -> Int? {
        let key = Self.key(parts)
        if let id = ids.position(of: key) {
            let (t, l) = representative[id]
            if time < t || (time == t && location < l) {
                representative[id] = (time, location)
                values[id] = parts
            }
            return id
        }
        guard values.count < limit else { return nil }
        let id = ids.insert(key)
        values.append(parts)
        representative.append((time, location))
        return id
    }
}
