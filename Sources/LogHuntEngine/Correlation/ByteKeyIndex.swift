import CByteScan

/// Keys (byte strings) → dense positions 0, 1, 2, … in insertion order, looked up from bytes
/// in place: the first-seen tracker asks it once per event with a key it has just assembled
/// in a scratch buffer, so no `String` is made (a heap allocation past 15 bytes) and none is
/// hashed for the common answer "known".
///
/// Open addressing with linear probing over a power-of-two table at most half full; each
/// probe compares a stored hash before the key bytes. Hashes are the standard library's
/// seeded `Hasher` (SipHash), so input crafted to collide cannot turn lookups quadratic.
/// The keys live back to back in one byte arena.
struct ByteKeyIndex: Sendable {
    /// Per table slot: the position + 1 (0: empty).
    private var table: [Int32] = Array(repeating: 0, count: 16)
    /// Per table slot: the key's hash (valid where `table` is not 0).
    private var hashes: [Int] = Array(repeating: 0, count: 16)
    /// Every key's bytes, back to back.
    private var arena: [UInt8] = []
    /// Per position: where its key starts in `arena` (the key ends where the next starts).
    private var starts: [Int] = [0]

    /// The number of keys.
    var count: Int { starts.count - 1 }

    /// The key at `position`, as text (keys are inserted from `String`s, so they are UTF-8).
    /// - Parameter position: a position below `count`.
    /// - Returns: the key.
    func key(at position: Int) -> String {
        String(decoding: arena[starts[position]..<starts[position + 1]], as: UTF8.self)
    }

    /// The position of `key`, or nil when it was never inserted.
    /// - Parameter key: the key's bytes.
    /// - Returns: its position.
    func position(of key: UnsafeRawBufferPointer) -> Int? {
        let h = Self.hash(key)
        let mask = table.count - 1
        var i = h & mask
        while true {
            let entry = Int(table[i])
            if entry == 0 { return nil }
            if hashes[i] == h, equals(entry - 1, key) { return entry - 1 }
            i = (i + 1) & mask
        }
    }

    /// The position of `key`, or nil when it was never inserted.
    /// - Parameter key: the key.
    /// - Returns: its position.
    func position(of key: String) -> Int? {
        var key = key
        return key.withUTF8 { position(of: UnsafeRawBufferPointer($0)) }
    }

    /// Adds `key`, which must not be present, at position `count`.
    /// - Parameter key: the key.
    /// - Returns: its position.
    @discardableResult
    mutating func insert(_ key: String) -> Int {
        var key = key
        return key.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let position = count
            // Positions are stored in 32 bits (the trackers cap their keys well below).
            precondition(position < Int(Int32.max), "ByteKeyIndex holds at most Int32.max - 1 keys")
            if 2 * (position + 1) > table.count { grow() }
            place(position, hash: Self.hash(raw))
            arena.append(contentsOf: bytes)
            starts.append(arena.count)
            return position
        }
    }

    private func equals(_ position: Int, _ key: UnsafeRawBufferPointer) -> Bool {
        let start = starts[position]
        guard starts[position + 1] - start == key.count else { return false }
        guard let wanted = key.baseAddress, !key.isEmpty else { return true }
        return arena.withUnsafeBufferPointer { stored in
            lh_bytes_equal(stored.baseAddress! + start, wanted.assumingMemoryBound(to: UInt8.self), Int64(key.count))
                != 0
        }
    }

    private mutating func place(_ position: Int, hash h: Int) {
        let mask = table.count - 1
        var i = h & mask
        while table[i] != 0 { i = (i + 1) & mask }
        table[i] = Int32(truncatingIfNeeded: position + 1)
        hashes[i] = h
    }

    private mutating func grow() {
        let old = (table, hashes)
        table = Array(repeating: 0, count: old.0.count * 2)
        hashes = Array(repeating: 0, count: old.0.count * 2)
        for (i, entry) in old.0.enumerated() where entry != 0 { place(Int(entry) - 1, hash: old.1[i]) }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }
}
