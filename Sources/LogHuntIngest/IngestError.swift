/// What can go wrong while reading an input; the text of ingest diagnostics.
///
/// Ingest never throws these across the stage boundary: each becomes the `message` of a
/// `Diagnostic` (with the file and line added by the diagnostic itself).
package enum IngestError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The path does not exist.
    case notFound
    /// The path exists but cannot be opened or read (`errno` text).
    case unreadable(reason: String)
    /// A FIFO, socket or device, which could block or never end.
    case notRegularFile(kind: String)
    /// A directory that leads back to one of its ancestors.
    case symlinkLoop
    /// A directory tree deeper than `Limits.maxDirectoryDepth`.
    case directoryTooDeep(limit: Int)
    /// A gzip stream that ends in the middle of a member.
    case truncatedGzip(member: Int)
    /// A gzip stream with corrupt data.
    case corruptGzip(member: Int, reason: String)
    /// Bytes after the last gzip member that are neither a member nor zero padding.
    case trailingGarbageAfterGzip
    /// A gzip stream that expands more than the configured ratio.
    case gzipBomb(ratio: Int)
    /// Content that is neither JSON nor CSV.
    case unrecognisedFormat
    /// Too many consecutive lines that are not records; the rest of the file is skipped.
    case tooManyBadLines(count: Int)
    /// An element of a record array (or wrapper) that is not a JSON object.
    case elementNotObject
    /// A line of text that is not a JSON record.
    case notARecord
    /// A record cut off by the end of the input.
    case truncatedRecord
    /// A JSON array (or wrapper object) that is not closed at the end of the input.
    case unterminatedArray
    /// A line over `Limits.maxLineBytes`.
    case lineTooLong(limit: Int)
    /// A record over `Limits.maxRecordBytes`.
    case recordTooLarge(limit: Int)
    /// A CSV row whose quoted field never ends.
    case unterminatedQuotedField
    /// Invalid UTF-8 that was replaced with U+FFFD.
    case invalidUTF8(sequences: Int)
    /// A record that is not valid JSON.
    case malformedJSON(JSONParseError)

    /// What is wrong, lowercase, without location.
    package var description: String {
        switch self {
        case .notFound: "no such file or directory"
        case .unreadable(let reason): "cannot read input: \(reason)"
        case .notRegularFile(let kind): "not a regular file (\(kind)); skipped"
        case .symlinkLoop: "directory loop (symbolic link back to an ancestor); skipped"
        case .directoryTooDeep(let limit): "directory nesting deeper than \(limit) levels; skipped"
        case .truncatedGzip(let member): "gzip stream truncated in member \(member); records after this point are lost"
        case .corruptGzip(let member, let reason):
            "damaged gzip data in member \(member) (\(reason)); records after this point are lost"
        case .trailingGarbageAfterGzip: "data after the last gzip member is not gzip; ignored"
        case .gzipBomb(let ratio): "gzip stream expands more than \(ratio) times; rest of file skipped"
        case .unrecognisedFormat: "not a JSON or CSV log (binary or unknown format); file skipped"
        case .tooManyBadLines(let count): "\(count) consecutive lines are not records; rest of file skipped"
        case .elementNotObject: "array element is not a JSON object; skipped"
        case .notARecord: "text that is not a JSON record; skipped to the next line"
        case .truncatedRecord: "record truncated by the end of the input"
        case .unterminatedArray: "JSON array not closed at the end of the input"
        case .lineTooLong(let limit): "line longer than \(limit) bytes; skipped to the next line"
        case .recordTooLarge(let limit): "record larger than \(limit) bytes; skipped"
        case .unterminatedQuotedField: "CSV quoted field never ends; row skipped"
        case .invalidUTF8(let n): "invalid UTF-8 (\(n) sequence\(n == 1 ? "" : "s")) replaced with U+FFFD"
        case .malformedJSON(let error): error.description
        }
    }
}
