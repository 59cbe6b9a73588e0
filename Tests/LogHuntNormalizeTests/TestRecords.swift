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

    /// Every record of a file: the whole file as one JSON value (array, wrapper object or a
    /// single object), else one JSON value per non-blank line. Lines that do not parse are
    /// counted as failures.
    static func records(inFile path: String) throws -> (records: [JSONDocument], failures: Int) {
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        if bytes.starts(with: [0x1F, 0x8B]) { bytes = gunzip(bytes, file: path) }
        if let whole = try? JSONParser.parse(bytes) {
            return (split(whole), 0)
        }
        var out: [JSONDocument] = []
        var failures = 0
        for line in bytes.split(separator: 0x0A, omittingEmptySubsequences: true) {
            let trimmed = Array(line)
            guard trimmed.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x09 }) else { continue }
            if let doc = try? JSONParser.parse(trimmed) {
                out.append(contentsOf: split(doc))
            } else {
                failures += 1
            }
        }
        return (out, failures)
    }

    /// The decompressed bytes of a gzip file, through Ingest's decoder.
    static func gunzip(_ bytes: [UInt8], file: String) -> [UInt8] {
        var source = GzipChunkSource(
            base: OneChunk(bytes: bytes), file: file, limits: Limits(), sink: DiscardingDiagnosticSink())
        var out: [UInt8] = []
        while let chunk = source.nextChunk() { out += chunk }
        return out
    }

    /// A byte source holding one chunk.
    struct OneChunk: ByteChunkSource {
        var bytes: [UInt8]?
        mutating func nextChunk() -> [UInt8]? {
            defer { bytes = nil }
            return bytes
        }
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
