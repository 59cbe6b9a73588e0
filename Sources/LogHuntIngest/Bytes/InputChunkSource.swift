import LogHuntCore

/// The decoded bytes of one input: raw bytes, or their decompression when the content starts
/// with the gzip magic `1f 8b` (whatever the file is called).
package struct InputChunkSource: ByteChunkSource {
    private enum Inner {
        case plain(FileChunkSource)
        case gzip(GzipChunkSource<FileChunkSource>)
        case finished
    }

    private var inner: Inner
    private var pending: [UInt8]?
    /// Bytes decoded so far (equal to bytes read for plain inputs).
    package private(set) var bytesDecoded = 0

    /// Opens an input and sniffs its compression.
    /// - Parameters:
    ///   - source: the file or standard input.
    ///   - limits: gzip expansion limits.
    ///   - chunkSize: read size (and decompressed chunk size); small values are for tests.
    ///   - sink: receives diagnostics for unreadable or damaged input.
    /// - Returns: `nil` (after a diagnostic) when the input cannot be opened.
    package static func open(
        _ source: InputSource, limits: Limits, chunkSize: Int = FileChunkSource.defaultChunkSize,
        sink: any DiagnosticSink
    ) -> InputChunkSource? {
        guard var file = FileChunkSource(source: source, chunkSize: chunkSize, sink: sink) else { return nil }
        var first: [UInt8] = []
        while first.count < 2, let more = file.nextChunk() { first += more }
        if first.count >= 2 && first[0] == 0x1F && first[1] == 0x8B {
            let gzip = GzipChunkSource(
                base: file, initialInput: first, file: source.displayPath, limits: limits, outputSize: chunkSize,
                sink: sink)
            return InputChunkSource(inner: .gzip(gzip), pending: nil)
        }
        return InputChunkSource(inner: .plain(file), pending: first.isEmpty ? nil : first)
    }

    private init(inner: Inner, pending: [UInt8]?) {
        self.inner = inner
        self.pending = pending
    }

    /// True when the content is gzip-compressed.
    package var isCompressed: Bool {
        if case .gzip = inner { return true }
        return false
    }

    /// Bytes read from disk (compressed size for gzip inputs).
    package var bytesRead: Int {
        switch inner {
        case .plain(let f): f.bytesRead
        case .gzip(let g): g.underlying.bytesRead
        case .finished: 0
        }
    }

    /// Gzip members completely decoded (0 for plain inputs).
    package var gzipMembers: Int {
        if case .gzip(let g) = inner { return g.members }
        return 0
    }

    /// The next decoded chunk, or `nil` at the end.
    package mutating func nextChunk() -> [UInt8]? {
        if let first = pending {
            pending = nil
            bytesDecoded += first.count
            return first
        }
        let chunk: [UInt8]?
        switch inner {
        case .plain(var f):
            inner = .finished
            chunk = f.nextChunk()
            inner = .plain(f)
        case .gzip(var g):
            inner = .finished
            chunk = g.nextChunk()
            inner = .gzip(g)
        case .finished:
            chunk = nil
        }
        if let chunk { bytesDecoded += chunk.count }
        return chunk
    }
}
