import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize

/// Test helpers: records from literals, and a small framing reader for the real samples
/// (NDJSON, a JSON array, or a wrapper object) until Ingest's RecordReader is on main.
enum TestRecords {
    /// A record parsed from JSON text.
    static func record(_ text: String, file: String = "test.json", line: Int = 1) throws -> Record {
        let doc = try JSONParser.parse(Array(text.utf8))
        return Record(
            document: doc, location: SourceLocation(file: file, line: line, record: line - 1), container: .ndjson)
    }

    /// Normalises one JSON text with the default normaliser.
    static func event(_ text: String) throws -> Event {
        Normalizer().normalize(try record(text))
    }

    /// Every record of a file, read by Ingest's `RecordReader` (gzip, NDJSON, arrays,
    /// wrappers, lookup-events, CSV), with the number of malformed records it reported.
    static func records(inFile path: String) throws -> (records: [JSONDocument], failures: Int) {
        var reader = RecordReader(
            source: InputSource(displayPath: path), limits: Limits(), sink: DiscardingDiagnosticSink())
        var out: [JSONDocument] = []
        while let record = reader.next() { out.append(record.document) }
        return (out, reader.statistics.malformed)
    }

    /// Every record of a JSON value: the elements of an array or of a wrapper's array.
    static func split(_ doc: JSONDocument) -> [JSONDocument] {
        var container = doc.root
        if doc.isObject(doc.root) {
            for key in ["Records", "records", "Events", "events", "value"] {
                if let v = doc.member(doc.root, key), doc.kind(v) == .array {
                    container = v
                    break
                }
            }
        }
        guard doc.kind(container) == .array else { return [doc] }
        return doc.elements(container).compactMap { try? JSONParser.parse(Array(doc.rawBytes($0))) }
    }
}
