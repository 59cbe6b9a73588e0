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
///
/// The table, the hashes, the arena and the key starts are plain memory behind one storage
/// object (copied on write): a lookup holds one reference, where four arrays were each retained
/// and released around a probe that found a slot.
struct ByteKeyIndex: Sendable {
    private var storage = Storage()

    /// The number of keys.
    var count: Int { storage.count }

    /// The key at `position`, as text (keys are inserted from `String`s, so they are UTF-8).
    /// - Parameter position: a position below `count`.
    /// - Returns: the key.
    func key(at position: Int) -> String {
        let s = storage
        let start = s.starts[position]
        return String(
            decoding: UnsafeBufferPointer(start: s.arena + start, count: s.starts[position + 1] - start), as: UTF8.self)
    }

    /// The position of `key`, or nil when it was never inserted.
    /// - Parameter key: the key's bytes.
    /// - Returns: its position.
    func position(of key: UnsafeRawBufferPointer) -> Int? {
        let h = Self.hash(key)
        let s = storage
        let mask = s.slotCount - 1
        var i = h & mask
        while true {
            let entry = Int(s.table[i])
            if entry == 0 { return nil }
            if s.hashes[i] == h, s.equals(entry - 1, key) { return entry - 1 }
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

    /// Inserts `key` (not already present) at the next position.
    /// - Parameter key: the key.
    /// - Returns: its position (`count` before the call).
    @discardableResult
    mutating func insert(_ key: String) -> Int {
        if !isKnownUniquelyReferenced(&storage) { storage = storage.copy() }
        var key = key
        return key.withUTF8 { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            let s = storage
            let position = s.count
            // Positions are stored in 32 bits (the trackers cap their keys well below).
            precondition(position < Int(Int32.max), "ByteKeyIndex holds at most Int32.max - 1 keys")
            if 2 * (position + 1) > s.slotCount { s.grow() }
            s.place(position, hash: Self.hash(raw))
            s.append(raw)
            return position
        }
    }

    private static func hash(_ bytes: UnsafeRawBufferPointer) -> Int {
        var hasher = Hasher()
        hasher.combine(bytes: bytes)
        return hasher.finalize()
    }

    /// The index's memory. Mutated only through a uniquely referenced `ByteKeyIndex`.
    private final class Storage: @unchecked Sendable {
        /// Per table slot: the position + 1 (0: empty).
        private(set) var table: UnsafeMutablePointer<Int32>
        /// Per table slot: the key's hash (valid where `table` is not 0).
        private(set) var hashes: UnsafeMutablePointer<Int>
        private(set) var slotCount: Int
        /// Every key's bytes, back to back.
        private(set) var arena: UnsafeMutablePointer<UInt8>
        private var arenaCount = 0
        private var arenaCapacity: Int
        /// Per position: where its key starts in `arena` (the key ends where the next starts);
        /// `count + 1` entries.
        private(set) var starts: UnsafeMutablePointer<Int>
        private(set) var count = 0
        private var startsCapacity: Int

        init(slots: Int = 16, arenaCapacity: Int = 64, startsCapacity: Int = 16) {
            slotCount = slots
            table = .allocate(capacity: slots)
            table.initialize(repeating: 0, count: slots)
            hashes = .allocate(capacity: slots)
            hashes.initialize(repeating: 0, count: slots)
            self.arenaCapacity = max(arenaCapacity, 1)
            arena = .allocate(capacity: self.arenaCapacity)
            self.startsCapacity = max(startsCapacity, 2)
            starts = .allocate(capacity: self.startsCapacity)
            starts[0] = 0
        }

        deinit {
            table.deallocate()
            hashes.deallocate()
            arena.deallocate()
            starts.deallocate()
        }

        func copy() -> Storage {
            let c = Storage(slots: slotCount, arenaCapacity: arenaCapacity, startsCapacity: startsCapacity)
            c.table.update(from: table, count: slotCount)
            c.hashes.update(from: hashes, count: slotCount)
            c.arena.update(from: arena, count: arenaCount)
            c.arenaCount = arenaCount
            c.starts.update(from: starts, count: count + 1)
            c.count = count
            return c
        }

        @inline(__always)
        func equals(_ position: Int, _ key: UnsafeRawBufferPointer) -> Bool {
            let start = starts[position]
            guard starts[position + 1] - start == key.count else { return false }
            guard let wanted = key.baseAddress, !key.isEmpty else { return true }
            return lh_bytes_equal(arena + start, wanted.assumingMemoryBound(to: UInt8.self), Int64(key.count)) != 0
        }

        func place(_ position: Int, hash h: Int) {
            let mask = slotCount - 1
            var i = h & mask
            while table[i] != 0 { i = (i + 1) & mask }
            table[i] = Int32(truncatingIfNeeded: position + 1)
            hashes[i] = h
        }

        /// Appends a key's bytes as the next position's.
        func append(_ bytes: UnsafeRawBufferPointer) {
            if arenaCount + bytes.count > arenaCapacity {
                let bigger = UnsafeMutablePointer<UInt8>.allocate(
                    capacity: max(arenaCount + bytes.count, 2 * arenaCapacity))
                bigger.update(from: arena, count: arenaCount)
                arena.deallocate()
                arena = bigger
                arenaCapacity = max(arenaCount + bytes.count, 2 * arenaCapacity)
            }
            if let base = bytes.baseAddress, !bytes.isEmpty {
                (arena + arenaCount).update(from: base.assumingMemoryBound(to: UInt8.self), count: bytes.count)
            }
            arenaCount += bytes.count
            if count + 2 > startsCapacity {
                let bigger = UnsafeMutablePointer<Int>.allocate(capacity: 2 * startsCapacity)
                bigger.update(from: starts, count: count + 1)
                starts.deallocate()
                starts = bigger
                startsCapacity *= 2
            }
            count += 1
            starts[count] = arenaCount
        }

        /// Doubles the table.
        func grow() {
            let oldTable = table
            let oldHashes = hashes
            let oldCount = slotCount
            slotCount *= 2
            table = .allocate(capacity: slotCount)
            table.initialize(repeating: 0, count: slotCount)
            hashes = .allocate(capacity: slotCount)
            hashes.initialize(repeating: 0, count: slotCount)
            for i in 0..<oldCount where oldTable[i] != 0 { place(Int(oldTable[i]) - 1, hash: oldHashes[i]) }
            oldTable.deallocate()
            oldHashes.deallocate()
        }
    }
}
