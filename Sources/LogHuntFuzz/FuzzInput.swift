/// One fuzz input plus a deterministic stream of small numbers derived from it (chunk sizes,
/// limit choices), so a crash file always replays the same way.
struct FuzzInput {
    /// The input bytes.
    let bytes: [UInt8]
    private var state: UInt64

    /// Wraps the bytes and seeds the number stream with their FNV-1a hash.
    init(_ bytes: [UInt8]) {
        self.bytes = bytes
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        state = h | 1
    }

    /// The next pseudo-random number (xorshift64*).
    mutating func next() -> UInt64 {
        state ^= state >> 12
        state ^= state << 25
        state ^= state >> 27
        return state &* 0x2545_F491_4F6C_DD1D
    }

    /// A number in `1...limit` biased towards small values (chunk sizes).
    mutating func chunkSize(upTo limit: Int) -> Int {
        let r = next()
        let cap = max(1, limit >> Int(r & 7))
        return 1 + Int((r >> 8) % UInt64(cap))
    }

    /// The bytes split into consecutive chunks of pseudo-random sizes (at most `limit` each).
    mutating func chunks(upTo limit: Int) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var start = 0
        while start < bytes.count {
            let end = min(bytes.count, start + chunkSize(upTo: limit))
            out.append(Array(bytes[start..<end]))
            start = end
        }
        return out
    }
}
