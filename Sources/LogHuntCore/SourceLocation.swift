#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a record came from: the file as given or found, the 1-based line (after
/// decompression) where the record starts, and its 0-based index within the file.
///
/// The file is held as a number from `SourcePaths` (each path interned once per process), so
/// a location is plain data: copying one into every record, event, match and correlation
/// record costs no reference counting. Before, each copy retained the path string of its
/// file, one string shared by the producer and both consumer threads, whose reference count
/// then moved between the cores on every copy.
package struct SourceLocation: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    /// The file's number in `SourcePaths.shared`.
    package var fileID: UInt32
    /// 1-based line of the decompressed stream where the record starts.
    package var line: Int
    /// 0-based index of the record within its file.
    package var record: Int

    /// Creates a location, interning `file`.
    package init(file: String, line: Int, record: Int) {
        self.init(fileID: SourcePaths.shared.id(for: file), line: line, record: record)
    }

    /// Creates a location in a file already interned (`SourcePaths.shared.id(for:)`).
    package init(fileID: UInt32, line: Int, record: Int) {
        self.fileID = fileID
        self.line = line
        self.record = record
    }

    /// The path as given on the command line or found while walking a directory; `-` for stdin.
    package var file: String {
        get { SourcePaths.shared.path(fileID) }
        set { fileID = SourcePaths.shared.id(for: newValue) }
    }

    /// `FILE:LINE`, the form diagnostics use.
    package var description: String { "\(file):\(line)" }

    /// By path (text order), then record index, then line.
    package static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.fileID != b.fileID { return a.file < b.file }
        if a.record != b.record { return a.record < b.record }
        return a.line < b.line
    }

    private enum CodingKeys: String, CodingKey {
        case file, line, record
    }

    /// Decodes `{"file", "line", "record"}` (the path itself, not its process-local number).
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            file: try c.decode(String.self, forKey: .file), line: try c.decode(Int.self, forKey: .line),
            record: try c.decode(Int.self, forKey: .record))
    }

    /// Encodes the path, line and record.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(file, forKey: .file)
        try c.encode(line, forKey: .line)
        try c.encode(record, forKey: .record)
    }
}

/// The input paths of this process, each interned once: a path's number is stable for the
/// life of the process, and the same path always gets the same number (so locations compare
/// equal exactly when their paths do).
///
/// Paths live in chunks that are never moved or freed. A pthread mutex (which
/// ThreadSanitizer understands, unlike the standard library's `Mutex`, whose futex it does not
/// see) guards registration and reads; a path is read only to print or order locations of
/// different files, never per record.
package final class SourcePaths: @unchecked Sendable {
    /// The process's paths.
    package static let shared = SourcePaths()

    private static let chunkBits = 10
    private static let chunkSize = 1 << chunkBits
    private static let maxChunks = 1 << 14

    private struct Registry {
        var ids: [String: UInt32] = [:]
        var count = 0
    }

    private var registry = Registry()
    private let lock: UnsafeMutablePointer<pthread_mutex_t>
    /// `maxChunks` slots, each nil or a chunk of `chunkSize` initialised paths (up to `count`).
    private let chunks: UnsafeMutablePointer<UnsafeMutablePointer<String>?>

    private init() {
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
        chunks = .allocate(capacity: Self.maxChunks)
        chunks.initialize(repeating: nil, count: Self.maxChunks)
    }

    /// The number of `path`, interning it on first use.
    /// - Parameter path: a path as displayed.
    /// - Returns: its number.
    package func id(for path: String) -> UInt32 {
        withLock { r in
            if let known = r.ids[path] { return known }
            let id = r.count
            let last = Self.maxChunks * Self.chunkSize - 1
            // Past 16 M distinct paths every new one shares the last number, which names no file
            // (a location then says so rather than naming another file).
            if id > last { return UInt32(last) }
            let chunk = id >> Self.chunkBits
            if chunks[chunk] == nil {
                chunks[chunk] = .allocate(capacity: Self.chunkSize)
            }
            let text = id == last ? "(one of the inputs past the first \(last))" : path
            (chunks[chunk]! + (id & (Self.chunkSize - 1))).initialize(to: text)
            r.count = id + 1
            if id < last { r.ids[path] = UInt32(id) }
            return UInt32(id)
        }
    }

    /// The path numbered `id` (empty for a number never handed out).
    /// - Parameter id: a number from `id(for:)`.
    /// - Returns: the path.
    package func path(_ id: UInt32) -> String {
        let i = Int(id)
        return withLock { r in
            guard i < r.count, let chunk = chunks[i >> Self.chunkBits] else { return "" }
            return chunk[i & (Self.chunkSize - 1)]
        }
    }

    private func withLock<R>(_ body: (inout Registry) -> R) -> R {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return body(&registry)
    }
}
