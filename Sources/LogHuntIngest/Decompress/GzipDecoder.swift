import CZlib
import LogHuntCore

/// A zlib inflate stream (gzip or zlib framing, detected from the header), reset for every
/// member of a multi-member file. The only file that imports CZlib (house rule 7).
///
/// A class because it owns the C `z_stream` and its internal state; the stream lives at a
/// fixed heap address because zlib keeps a pointer back to it. Not `Sendable`: one reader
/// owns it.
package final class GzipDecoder {
    /// The outcome of one `inflate` call.
    package enum Status: Equatable {
        /// Progress was made; call again.
        case ok
        /// The current member ended (more members may follow).
        case memberEnd
        /// More input is needed to continue.
        case needInput
        /// The data is damaged; the text says how.
        case damaged(String)
    }

    private let stream: UnsafeMutablePointer<z_stream>
    private let ready: Bool

    /// Creates an inflater; `nil` when zlib cannot allocate its state.
    package init?() {
        stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        // 15 + 32: maximum window, auto-detect gzip or zlib headers.
        let status = inflateInit2_(stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size))
        ready = status == Z_OK
        if !ready {
            stream.deinitialize(count: 1)
            stream.deallocate()
            return nil
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
    }

    /// Prepares for the next member of a multi-member stream.
    package func reset() {
        inflateReset(stream)
    }

    /// Inflates from `input` into `output`.
    /// - Parameters:
    ///   - input: compressed bytes.
    ///   - output: where decompressed bytes go.
    /// - Returns: the status, the input bytes consumed and the output bytes produced.
    package func inflate(
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> (status: Status, consumed: Int, produced: Int) {
        guard let outBase = output.baseAddress, output.count > 0 else { return (.ok, 0, 0) }
        let inBase = input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self)) }
        stream.pointee.next_in = inBase
        stream.pointee.avail_in = uInt(input.count)
        stream.pointee.next_out = outBase.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = uInt(output.count)
        let ret = CZlib.inflate(stream, Z_NO_FLUSH)
        let consumed = input.count - Int(stream.pointee.avail_in)
        let produced = output.count - Int(stream.pointee.avail_out)
        stream.pointee.next_in = nil
        stream.pointee.next_out = nil
        switch ret {
        case Z_OK: return (.ok, consumed, produced)
        case Z_STREAM_END: return (.memberEnd, consumed, produced)
        case Z_BUF_ERROR: return (consumed == 0 && produced == 0 ? .needInput : .ok, consumed, produced)
        case Z_NEED_DICT: return (.damaged("needs a preset dictionary"), consumed, produced)
        case Z_MEM_ERROR: return (.damaged("out of memory"), consumed, produced)
        default:
            let text = stream.pointee.msg.map { String(cString: $0) } ?? "invalid data"
            return (.damaged(text), consumed, produced)
        }
    }
}

/// The decompressed bytes of a gzip stream read from another chunk source: every member,
/// zero padding after the last member skipped, bounded expansion.
///
/// Problems become diagnostics on the file with the approximate decompressed line where the
/// data stopped; everything decoded before the cut is still returned.
package struct GzipChunkSource<Base: ByteChunkSource>: ByteChunkSource {
    private var base: Base
    private let decoder: GzipDecoder?
    private let file: String
    private let limits: Limits
    private let sink: any DiagnosticSink
    private let outputSize: Int
    private var input: [UInt8]
    private var inputOffset = 0
    private var betweenMembers = false
    private var baseDone = false
    private var done = false
    private var newlines = 0
    /// Compressed bytes consumed.
    package private(set) var bytesConsumed = 0
    /// Decompressed bytes produced.
    package private(set) var bytesDecoded = 0
    /// Members completely decoded.
    package private(set) var members = 0

    /// Creates the source.
    /// - Parameters:
    ///   - base: the compressed bytes (after `initialInput`).
    ///   - initialInput: compressed bytes already read from `base` (when sniffing the magic).
    ///   - file: the display path, for diagnostics.
    ///   - limits: `maxGzipRatio` and `gzipRatioGrace`.
    ///   - outputSize: the size of each decompressed chunk.
    ///   - sink: receives `.damagedGzip` and `.limitExceeded` diagnostics.
    package init(
        base: Base, initialInput: [UInt8] = [], file: String, limits: Limits, outputSize: Int = 1 << 20,
        sink: any DiagnosticSink
    ) {
        self.base = base
        self.decoder = GzipDecoder()
        self.file = file
        self.limits = limits
        self.sink = sink
        self.outputSize = max(64, outputSize)
        self.input = initialInput
        if decoder == nil {
            sink.emit(
                Diagnostic(
                    .warning, .damagedGzip, file: file,
                    message: IngestError.corruptGzip(member: 1, reason: "cannot initialise zlib").description))
            done = true
        }
    }

    /// The base source, for its statistics.
    package var underlying: Base { base }

    private var approximateLine: Int { newlines + 1 }

    private func report(_ code: Diagnostic.Code, _ error: IngestError) {
        sink.emit(Diagnostic(.warning, code, file: file, line: approximateLine, message: error.description))
    }

    /// Fills `input` when it is used up; false at the end of the base source.
    private mutating func refill() -> Bool {
        while inputOffset >= input.count {
            if baseDone { return false }
            guard let next = base.nextChunk() else {
                baseDone = true
                return false
            }
            input = next
            inputOffset = 0
        }
        return true
    }

    /// The next decompressed chunk, or `nil` at the end (or after a reported problem).
    package mutating func nextChunk() -> [UInt8]? {
        guard !done, let decoder else { return nil }
        var stop = false
        let chunk = [UInt8](unsafeUninitializedCapacity: outputSize) { outBuffer, initialised in
            initialised = 0
            var filled = 0
            defer { initialised = filled }
            while filled < outputSize {
                if betweenMembers {
                    // Skip zero padding; anything else must start another member.
                    while true {
                        guard refill() else {
                            stop = true
                            return
                        }
                        while inputOffset < input.count && input[inputOffset] == 0 { inputOffset += 1 }
                        if inputOffset < input.count { break }
                    }
                    if input[inputOffset] != 0x1F {
                        report(.damagedGzip, .trailingGarbageAfterGzip)
                        stop = true
                        return
                    }
                    decoder.reset()
                    betweenMembers = false
                }
                // With the input used up, the decoder may still hold output: a copy in progress
                // when the previous call filled the buffer, even the end of the member. Drain it
                // with an empty call; only a call that makes no progress means truncation.
                let hasInput = refill()
                let result = input.withUnsafeBytes { raw in
                    decoder.inflate(
                        input: hasInput
                            ? UnsafeRawBufferPointer(rebasing: raw[inputOffset...])
                            : UnsafeRawBufferPointer(start: nil, count: 0),
                        output: UnsafeMutableRawBufferPointer(
                            rebasing: UnsafeMutableRawBufferPointer(outBuffer)[filled...]))
                }
                if !hasInput, result.produced == 0, result.status != .memberEnd {
                    report(.damagedGzip, .truncatedGzip(member: members + 1))
                    stop = true
                    return
                }
                if result.produced > 0, let outBase = outBuffer.baseAddress {
                    newlines += ByteScan.countNewlines(
                        UnsafeRawBufferPointer(start: outBase + filled, count: result.produced))
                }
                inputOffset += result.consumed
                bytesConsumed += result.consumed
                filled += result.produced
                bytesDecoded += result.produced
                switch result.status {
                case .ok:
                    break
                case .memberEnd:
                    members += 1
                    betweenMembers = true
                case .needInput:
                    if inputOffset < input.count {
                        // zlib refuses input it has: treat as damage rather than loop.
                        report(.damagedGzip, .corruptGzip(member: members + 1, reason: "no progress"))
                        stop = true
                        return
                    }
                case .damaged(let reason):
                    report(.damagedGzip, .corruptGzip(member: members + 1, reason: reason))
                    stop = true
                    return
                }
                if bytesDecoded > limits.gzipRatioGrace && bytesDecoded / max(1, bytesConsumed) > limits.maxGzipRatio {
                    report(.limitExceeded, .gzipBomb(ratio: limits.maxGzipRatio))
                    stop = true
                    return
                }
            }
        }
        if stop { done = true }
        return chunk.isEmpty ? nil : chunk
    }
}
