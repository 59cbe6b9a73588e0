import LogHuntCore
import Testing

@testable import LogHuntIngest

#if canImport(Glibc)
import Glibc
#endif

/// What framing and parsing one input produced.
struct Framed {
    var records: [Record]
    var diagnostics: [Diagnostic]
    var malformed: Int

    /// `line` of every good record.
    var lines: [Int] { records.map(\.location.line) }
    /// `record` index of every good record.
    var indices: [Int] { records.map(\.location.record) }
    /// `FILE:LINE: message` of every diagnostic.
    var messages: [String] { diagnostics.map(\.description) }
    /// `(code, line)` of every diagnostic.
    var codesAndLines: [String] { diagnostics.map { "\($0.code):\($0.line ?? 0)" } }

    /// The decoded value of string member `key` of every good record.
    func strings(_ key: String) -> [String] {
        records.map { r in r.document.member(r.document.root, key).flatMap { r.document.scalarText($0) } ?? "<missing>"
        }
    }
}

/// A chunk source over an in-memory byte array (tests).
struct ArrayChunkSource: ByteChunkSource {
    var bytes: [UInt8]
    var chunkSize: Int
    var offset = 0

    mutating func nextChunk() -> [UInt8]? {
        guard offset < bytes.count else { return nil }
        let end = min(bytes.count, offset + chunkSize)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// Frames and parses `bytes` fed in chunks of `chunkSize`.
func frame(_ bytes: [UInt8], chunkSize: Int = 1 << 20, limits: Limits = Limits(), file: String = "t.json") -> Framed {
    let sink = DiagnosticCollector()
    var reader = RecordReader(
        chunks: ArrayChunkSource(bytes: bytes, chunkSize: max(1, chunkSize)), file: file, limits: limits, sink: sink)
    var records: [Record] = []
    while let r = reader.next() { records.append(r) }
    return Framed(records: records, diagnostics: sink.diagnostics, malformed: reader.statistics.malformed)
}

/// Frames and parses a string.
func frame(_ text: String, chunkSize: Int = 1 << 20, limits: Limits = Limits(), file: String = "t.json") -> Framed {
    frame(Array(text.utf8), chunkSize: chunkSize, limits: limits, file: file)
}

/// Reads a file through the whole ingest path (open, gzip sniff, frame, parse).
func read(path: String, display: String? = nil, chunkSize: Int = 1 << 20, limits: Limits = Limits()) -> (
    Framed, IngestStatistics
) {
    let sink = DiagnosticCollector()
    var reader = RecordReader(
        source: InputSource(displayPath: display ?? path, path: path), limits: limits, sink: sink, chunkSize: chunkSize)
    var records: [Record] = []
    while let r = reader.next() { records.append(r) }
    let stats = reader.statistics
    return (Framed(records: records, diagnostics: sink.diagnostics, malformed: stats.malformed), stats)
}

/// A fresh temporary directory, removed by `cleanup()`.
struct TempDir {
    let path: String

    init() {
        var template = Array("/tmp/loghunt-ingest-XXXXXX".utf8CString)
        let made: String? = template.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress, let p = mkdtemp(base) else { return nil }
            return String(cString: p)
        }
        path = made ?? "/tmp/loghunt-ingest-fallback"
    }

    /// Writes `bytes` to `name` (creating parent folders) and returns the full path.
    @discardableResult
    func write(_ name: String, _ bytes: [UInt8]) -> String {
        let full = path + "/" + name
        var dir = full
        while let slash = dir.lastIndex(of: "/"), dir[..<slash] != path {
            dir = String(dir[..<slash])
            mkdirAll(dir)
            break
        }
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd >= 0 {
            _ = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            close(fd)
        }
        return full
    }

    @discardableResult
    func write(_ name: String, _ text: String) -> String { write(name, Array(text.utf8)) }

    func mkdirAll(_ dir: String) {
        var current = ""
        for part in dir.split(separator: "/") {
            current += "/" + part
            mkdir(current, 0o755)
        }
    }

    func cleanup() {
        _ = run("/usr/bin/rm", ["-rf", path])
    }
}

/// Runs a program and returns its exit status.
@discardableResult
func run(_ program: String, _ args: [String]) -> Int32 {
    var pid: pid_t = 0
    let argv = ([program] + args).map { strdup($0) } + [nil]
    defer { for p in argv { free(p) } }
    guard posix_spawn(&pid, program, nil, nil, argv, environ) == 0 else { return -1 }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    return status
}

/// Reads a whole (small, test) file.
func readAll(_ path: String) -> [UInt8] {
    guard let fd = FileDescriptor(openingForReading: path) else { return [] }
    var out: [UInt8] = []
    while let chunk = fd.read(upTo: 1 << 16), !chunk.isEmpty { out += chunk }
    return out
}

/// Gzip-compresses `bytes` as one member with the system `gzip`.
func gzipMember(_ bytes: [UInt8]) -> [UInt8] {
    let dir = TempDir()
    defer { dir.cleanup() }
    let path = dir.write("member", bytes)
    run("/usr/bin/gzip", ["-n", "-f", path])
    return readAll(path + ".gz")
}
