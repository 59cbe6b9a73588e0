/// A pull source of byte chunks: raw file bytes, or bytes after decompression.
///
/// Chunks are `[UInt8]` values, so a facade can produce them on one thread (reading and
/// inflating) and frame them on another.
package protocol ByteChunkSource {
    /// The next chunk, or `nil` at the end of the input (or after an error, which the source
    /// has already reported). Chunks are never empty.
    mutating func nextChunk() -> [UInt8]?
}
