/// Counts for one input (or, summed with `+=`, for many).
///
/// `records + malformed` is every record seen, so the contract's
/// `summary.records == events hunted + malformed` holds when the facade counts `records`
/// as events and adds `malformed`.
package struct IngestStatistics: Sendable, Hashable, Codable {
    /// Bytes read from disk (compressed size for gzip inputs).
    package var bytesRead = 0
    /// Bytes after decompression (equal to `bytesRead` for plain inputs).
    package var bytesDecoded = 0
    /// Records parsed successfully.
    package var records = 0
    /// Records lost: framing problems plus records that failed to parse (each reported).
    package var malformed = 0
    /// Gzip members fully decoded.
    package var gzipMembers = 0
    /// Records kept after invalid UTF-8 was repaired (each reported).
    package var utf8Repairs = 0

    /// Zero counts.
    package init() {}

    /// Adds `other` into `lhs`.
    package static func += (lhs: inout IngestStatistics, other: IngestStatistics) {
        lhs.bytesRead += other.bytesRead
        lhs.bytesDecoded += other.bytesDecoded
        lhs.records += other.records
        lhs.malformed += other.malformed
        lhs.gzipMembers += other.gzipMembers
        lhs.utf8Repairs += other.utf8Repairs
    }
}
