import LogHuntCore

/// A pull iterator over the records of one input: chunks → (gzip) → framer → parse, on the
/// calling thread. Every problem goes to the sink; `statistics` counts what was read.
///
/// For pipelining (inflate on one thread, framing and parsing on another) use
/// `init(chunks:file:limits:sink:)` with a chunk source fed from the other thread.
package struct RecordReader {
    private var input: InputChunkSource?
    private var chunks: (any ByteChunkSource)?
    private var framer: RecordFramer
    private let limits: Limits
    private let sink: any DiagnosticSink
    private var finished = false
    private var parsed = IngestStatistics()

    /// Opens `source` for reading (an unreadable input reports a diagnostic and yields nothing).
    /// - Parameters:
    ///   - source: the file or standard input.
    ///   - limits: every resource limit.
    ///   - sink: receives the diagnostics.
    ///   - chunkSize: read and inflate size; small values are for tests.
    package init(
        source: InputSource, limits: Limits, sink: any DiagnosticSink, chunkSize: Int = FileChunkSource.defaultChunkSize
    ) {
        self.input = InputChunkSource.open(source, limits: limits, chunkSize: chunkSize, sink: sink)
        self.framer = RecordFramer(file: source.displayPath, limits: limits, sink: sink)
        self.limits = limits
        self.sink = sink
    }

    /// Reads records from already decoded chunks (for example, inflated on another thread).
    /// - Parameters:
    ///   - chunks: decoded bytes of one input.
    ///   - file: the display path.
    ///   - limits: every resource limit.
    ///   - sink: receives the diagnostics.
    package init(chunks: any ByteChunkSource, file: String, limits: Limits, sink: any DiagnosticSink) {
        self.chunks = chunks
        self.framer = RecordFramer(file: file, limits: limits, sink: sink)
        self.limits = limits
        self.sink = sink
    }

    /// Counts so far (complete once `next()` has returned nil). For the chunks initialiser,
    /// `bytesRead`, `bytesDecoded` and `gzipMembers` are the chunk producer's to count.
    package var statistics: IngestStatistics {
        var s = parsed
        s.malformed += framer.malformed
        if let input {
            s.bytesRead = input.bytesRead
            s.bytesDecoded = input.bytesDecoded
            s.gzipMembers = input.gzipMembers
        }
        return s
    }

    private mutating func nextChunk() -> [UInt8]? {
        if input != nil { return input?.nextChunk() }
        return chunks?.nextChunk()
    }

    /// The next good record, or nil at the end of the input.
    package mutating func next() -> Record? {
        while true {
            if let raw = framer.next() {
                if let record = raw.parse(limits: limits, sink: sink) {
                    parsed.records += 1
                    if record.utf8Repairs > 0 { parsed.utf8Repairs += 1 }
                    return record
                }
                parsed.malformed += 1
                continue
            }
            if framer.isDone || finished { return nil }
            if let chunk = nextChunk() {
                framer.push(chunk)
            } else {
                framer.finish()
                finished = true
            }
        }
    }
}
