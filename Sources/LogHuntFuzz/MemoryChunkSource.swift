import LogHuntIngest

/// A `ByteChunkSource` over chunks already in memory (fuzz inputs cut into pieces).
struct MemoryChunkSource: ByteChunkSource {
    private var chunks: [[UInt8]]
    private var index = 0

    /// Creates the source; empty chunks are dropped (the protocol promises non-empty chunks).
    init(chunks: [[UInt8]]) {
        self.chunks = chunks.filter { !$0.isEmpty }
    }

    /// The next chunk, or nil at the end.
    mutating func nextChunk() -> [UInt8]? {
        guard index < chunks.count else { return nil }
        defer { index += 1 }
        return chunks[index]
    }
}
