import LogHuntReport

/// Where a streaming command (`normalize`) writes: standard output as it goes, or `-o FILE`
/// through an atomic temporary file committed at the end.
///
/// `@unchecked Sendable`: used by one thread at a time (ordered delivery holds a lock).
final class OutputStream: @unchecked Sendable {
    private let console: Console
    private let file: AtomicFileStream?
    private var buffer: [UInt8] = []
    private(set) var pipeClosed = false

    /// Opens the destination.
    /// - Throws: `ReportError` when `-o FILE` cannot be created.
    init(path: String?, console: Console) throws(ReportError) {
        self.console = console
        self.file = try path.map { (p: String) throws(ReportError) in try AtomicFileStream(path: p) }
        buffer.reserveCapacity(1 << 20)
    }

    /// Appends bytes, flushing every megabyte.
    func write(_ bytes: [UInt8]) {
        buffer.append(contentsOf: bytes)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// Writes out what is buffered.
    func flush() {
        guard !buffer.isEmpty else { return }
        if let file {
            file.write(buffer)
        } else if !pipeClosed {
            if !console.writeOut(buffer) { pipeClosed = true }
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes and, for `-o FILE`, moves the file into place.
    func close() throws(ReportError) {
        flush()
        try file?.commit()
    }
}
