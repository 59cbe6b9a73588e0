import LogHuntCore

/// The text of one record as framed from its input, not yet parsed.
package struct RawRecord: Sendable, Hashable {
    /// The record's JSON text (for CSV: a JSON object synthesised from the row).
    package var bytes: [UInt8]
    /// File, 1-based line where the record starts, 0-based record index.
    package var location: SourceLocation
    /// The container the record was found in.
    package var container: ContainerFormat

    /// Creates a raw record.
    package init(bytes: [UInt8], location: SourceLocation, container: ContainerFormat) {
        self.bytes = bytes
        self.location = location
        self.container = container
    }

    /// Parses the record: repairs invalid UTF-8 (counted in `Record.utf8Repairs`), then
    /// builds the JSON tape within the limits.
    /// - Parameter limits: `maxRecordBytes` and `maxDepth`.
    /// - Returns: the record, or the diagnostic saying why it is unusable: `.limitExceeded`
    ///   (too large, too deep) or `.malformedRecord` (not JSON, not an object), at FILE:LINE.
    package func parse(limits: Limits) -> Result<Record, Diagnostic> {
        if bytes.count > limits.maxRecordBytes {
            return .failure(
                .warning(
                    .limitExceeded, at: location, IngestError.recordTooLarge(limit: limits.maxRecordBytes).description))
        }
        var text = bytes
        let repairs = UTF8Repair.repair(&text)
        let document: JSONDocument
        do {
            document = try JSONParser.parse(text, maxDepth: limits.maxDepth)
        } catch {
            let code: Diagnostic.Code
            switch error.reason {
            case .tooDeep, .tooLarge: code = .limitExceeded
            default: code = .malformedRecord
            }
            return .failure(.warning(code, at: location, IngestError.malformedJSON(error).description))
        }
        guard document.isObject(document.root) else {
            return .failure(.warning(.malformedRecord, at: location, IngestError.notARecord.description))
        }
        return .success(Record(document: document, location: location, container: container, utf8Repairs: repairs))
    }

    /// Parses the record and sends its diagnostics to `sink`: the failure, or the
    /// `.invalidUTF8` warning of a record that was repaired and kept.
    /// - Parameters:
    ///   - limits: `maxRecordBytes` and `maxDepth`.
    ///   - sink: receives the diagnostics.
    /// - Returns: the record, or nil when it is unusable (count it as malformed).
    package func parse(limits: Limits, sink: any DiagnosticSink) -> Record? {
        switch parse(limits: limits) {
        case .success(let record):
            if record.utf8Repairs > 0 {
                sink.emit(
                    .warning(
                        .invalidUTF8, at: location, IngestError.invalidUTF8(sequences: record.utf8Repairs).description))
            }
            return record
        case .failure(let diagnostic):
            sink.emit(diagnostic)
            return nil
        }
    }
}
