#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Word-at-a-time byte searches used on the hot path.
package enum ByteScan {
    /// The index of the first `byte` in `buffer[from..<to]`, or `nil` (memchr).
    @inline(__always)
    package static func find(_ byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = buffer.baseAddress else { return nil }
        guard let hit = memchr(base + from, Int32(byte), to - from) else { return nil }
        return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
    }

    /// The number of newline bytes in `buffer`, eight bytes at a time.
    package static func countNewlines(_ buffer: UnsafeRawBufferPointer) -> Int {
        let n = buffer.count
        guard let base = buffer.baseAddress else { return 0 }
        var i = 0
        var count = 0
        let ones: UInt64 = 0x0101_0101_0101_0101
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        let newlines = ones &* 0x0A
        while i + 8 <= n {
            let x = base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ newlines
            // High bit of each byte set where the byte of x is non-zero (exact, no borrows).
            let nonZero = ((x & lows) &+ lows) | x
            count += (~nonZero & ~lows).nonzeroBitCount
            i += 8
        }
        while i < n {
            if base.load(fromByteOffset: i, as: UInt8.self) == 0x0A { count += 1 }
            i += 1
        }
        return count
    }
}
