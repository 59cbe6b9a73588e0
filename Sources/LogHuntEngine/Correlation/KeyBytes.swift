import CByteScan

/// The correlator's reusable key buffer: bytes appended, folded and looked up in place, with
/// no array uniqueness or capacity bookkeeping per append (the fast paths build two or three
/// keys per event). Owned by one `Correlator`, which frees it in its `deinit`; never copied out.
struct KeyBytes {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// The bytes held.
    private(set) var count = 0

    /// An empty buffer with room for `capacity` bytes (it grows as needed).
    init(capacity: Int = 256) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory (once, by the owner's `deinit`).
    func deallocate() { base.deallocate() }

    /// Empties the buffer (keeping its memory).
    @inline(__always)
    mutating func removeAll() { count = 0 }

    /// Appends one byte.
    @inline(__always)
    mutating func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    /// Appends `bytes` with ASCII upper-case letters lowered. False on a byte at or above 0x80
    /// (the key then needs Unicode folding; the buffer's contents are unspecified and the
    /// caller starts a new key).
    @inline(__always)
    mutating func appendFolded(_ bytes: UnsafeRawBufferPointer) -> Bool {
        let n = bytes.count
        guard n > 0, let source = bytes.baseAddress else { return true }
        if count + n > capacity { grow(count + n) }
        let ascii = lh_fold_ascii_copy(base + count, source.assumingMemoryBound(to: UInt8.self), Int64(n))
        count += n
        return ascii != 0
    }

    /// Calls `body` with the bytes held.
    @inline(__always)
    func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        body(UnsafeRawBufferPointer(start: base, count: count))
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.update(from: base, count: count)
        base.deallocate()
        base = bigger
        capacity = newCapacity
    }
}
