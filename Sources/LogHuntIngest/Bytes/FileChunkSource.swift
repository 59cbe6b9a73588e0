import LogHuntCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw bytes of a file or of standard input, in chunks of up to `chunkSize` bytes.
package struct FileChunkSource: ByteChunkSource {
    private let descriptor: FileDescriptor
    private let file: String
    private let sink: any DiagnosticSink
    private let chunkSize: Int
    private var done = false
    /// Bytes read from the descriptor so far (the on-disk size for plain files).
    package private(set) var bytesRead = 0

    /// Default read size: 1 MiB.
    package static let defaultChunkSize = 1 << 20

    /// Opens `source` for reading.
    /// - Parameters:
    ///   - source: the file or standard input.
    ///   - chunkSize: the largest chunk returned.
    ///   - sink: receives an `.unreadableInput` diagnostic when opening or reading fails.
    /// - Returns: `nil` (after the diagnostic) when the file cannot be opened.
    package init?(source: InputSource, chunkSize: Int = FileChunkSource.defaultChunkSize, sink: any DiagnosticSink) {
        switch source.kind {
        case .stdin:
            descriptor = FileDescriptor(borrowing: 0)
        case .file:
            guard let d = FileDescriptor(openingForReading: source.path) else {
                let code = errno
                let error: IngestError = code == ENOENT ? .notFound : .unreadable(reason: InputWalker.errnoText(code))
                sink.emit(Diagnostic(.warning, .unreadableInput, file: source.displayPath, message: error.description))
                return nil
            }
            descriptor = d
        }
        self.file = source.displayPath
        self.sink = sink
        self.chunkSize = max(1, chunkSize)
    }

    /// The next chunk of raw bytes, or `nil` at end of file or after a read error (reported).
    package mutating func nextChunk() -> [UInt8]? {
        guard !done else { return nil }
        guard let bytes = descriptor.read(upTo: chunkSize) else {
            let reason = InputWalker.errnoText(errno)
            sink.emit(
                Diagnostic(
                    .warning, .unreadableInput, file: file, message: IngestError.unreadable(reason: reason).description)
            )
            done = true
            return nil
        }
        if bytes.isEmpty {
            done = true
            return nil
        }
        bytesRead += bytes.count
        return bytes
    }
}
