import CByteScan

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

    /// The number of newline bytes in `buffer` (64 at a time, `lh_count_byte`).
    package static func countNewlines(_ buffer: UnsafeRawBufferPointer) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        return Int(lh_count_byte(base.assumingMemoryBound(to: UInt8.self), Int64(buffer.count), 0x0A))
    }

    /// The length of the leading run of ASCII bytes in `buffer` (64 at a time, `lh_ascii_prefix`).
    package static func asciiPrefix(_ buffer: UnsafeBufferPointer<UInt8>) -> Int {
        guard let base = buffer.baseAddress, !buffer.isEmpty else { return 0 }
        return Int(lh_ascii_prefix(base, Int64(buffer.count)))
    }
}
