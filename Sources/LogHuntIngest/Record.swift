import LogHuntCore

/// How the records of an input were packed.
package enum ContainerFormat: String, Sendable, Hashable, Codable {
    /// One JSON value per line.
    case ndjson
    /// A top-level JSON array of records.
    case jsonArray
    /// A wrapper object such as `{"Records": [...]}`; the key is in `Record.wrapperKey`.
    case wrapper
    /// `aws cloudtrail lookup-events` output: `{"Events": [{"CloudTrailEvent": "<json>"}]}`.
    case lookupEvents
    /// CloudWatch Logs `filter-log-events` output: `{"events": [{"message": "<json>"}]}`.
    case cloudWatchEvents
    /// A CSV export read by its header.
    case csv
    /// A single bare JSON object.
    case singleObject
}

/// One raw record read from an input, with where it came from.
package struct Record: Sendable {
    /// The record as parsed JSON (for CSV: a JSON object synthesised from the row).
    package var document: JSONDocument
    /// File, 1-based line where the record starts, 0-based record index.
    package var location: SourceLocation
    /// The container the record was found in.
    package var container: ContainerFormat
    /// Invalid UTF-8 sequences replaced with U+FFFD before parsing (0 for clean records).
    package var utf8Repairs: Int

    /// Creates a record.
    package init(document: JSONDocument, location: SourceLocation, container: ContainerFormat, utf8Repairs: Int = 0) {
        self.document = document
        self.location = location
        self.container = container
        self.utf8Repairs = utf8Repairs
    }
}
