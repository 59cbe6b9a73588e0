import CISAL
import CZlib
import LogHuntCore

/// A gzip inflate stream, reset for every member of a multi-member file. ISA-L (igzip) inflates
/// gzip members, about twice as fast as zlib (0.49 s against 1.06 s of CPU for the 1 GiB
/// CloudTrail benchmark corpus); zlib does what ISA-L does not do the same way. The only file
/// that imports CISAL and CZlib (house rule 7).
///
/// The decoder reads each member's gzip header itself and gives ISA-L the deflate data and the
/// trailer (`ISAL_GZIP_NO_HDR_VER`: CRC-32 and length still checked): ISA-L's own header reader
/// forgets the flags when a header with optional fields (such as the file name `gzip` stores)
/// arrives in more than one piece.
///
/// zlib (windowBits 15 + 32, gzip or zlib framing detected from the header) takes over a member:
/// - whose header is not plain gzip (`1f 8b 08`, no reserved flag bits, no header CRC): zlib
///   framing, headers that zlib rejects ("unknown header flags set"), and the rare header CRC,
///   which zlib checks;
/// - where ISA-L stops at damage, or where the input ends inside the member (a truncated file).
///   ISA-L decodes several codes per table lookup, so at a cut it leaves the last bytes whose
///   codes are complete undecoded, and how much it has delivered when it meets damage depends
///   on where the input pieces ended. So the decoder keeps the member's compressed bytes (up to
///   `replayLimit`); zlib re-inflates them from the member's start, drops what ISA-L already
///   delivered and delivers the rest, with zlib's own message. Truncated and damaged members thus
///   give what zlib alone gave.
///
/// What ISA-L cannot match:
/// - Past `replayLimit` compressed bytes in one member nothing is kept (house rule 4). Damage
///   there is reported with ISA-L's reason after the bytes ISA-L decoded before it, and a cut
///   there can lose the last few bytes before it.
/// - ISA-L accepts some damaged deflate headers that zlib rejects at once (incomplete Huffman
///   codes) and stops later, at the first code it cannot decode or at the CRC. When such damage
///   falls where an earlier input piece ended, the garbage bytes ISA-L decoded after it have
///   already been delivered before the diagnostic.
///
/// A class because it owns the C `inflate_state` and `z_stream`, at fixed heap addresses (zlib
/// keeps a pointer back to its stream). Not `Sendable`: one reader owns it.
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

    /// Which library inflates the current member.
    private enum Engine {
        /// ISA-L, keeping the compressed bytes while `replayable`.
        case isal
        /// zlib: first the kept bytes from `replayOffset` (dropping `zlibSkip` decoded bytes), then
        /// the caller's input.
        case zlib
        /// ISA-L stopped at damage with nothing kept: `held` is delivered, then `reason`.
        case failed(reason: String)
    }

    /// Compressed bytes kept in 1 MiB pieces: nothing is copied again as they grow, and the pieces
    /// a finished file frees fit the next file's.
    private struct KeptBytes {
        static let pieceSize = 1 << 20
        private var pieces: [[UInt8]] = []
        private(set) var count = 0

        mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
            var rest = bytes[...]
            while !rest.isEmpty {
                if pieces.last.map({ $0.count == Self.pieceSize }) ?? true {
                    pieces.append([])
                    pieces[pieces.count - 1].reserveCapacity(Self.pieceSize)
                }
                let n = min(rest.count, Self.pieceSize - pieces[pieces.count - 1].count)
                pieces[pieces.count - 1].append(contentsOf: UnsafeBufferPointer(rebasing: rest.prefix(n)))
                rest = rest.dropFirst(n)
            }
            count += bytes.count
        }

        mutating func removeAll() {
            pieces = []
            count = 0
        }

        /// Calls `body` with the kept bytes from `offset` to the end of the piece that holds it.
        func withBytes<R>(from offset: Int, _ body: (UnsafeRawBufferPointer) -> R) -> R {
            pieces[offset / Self.pieceSize].withUnsafeBytes { raw in
                body(UnsafeRawBufferPointer(rebasing: raw[(offset % Self.pieceSize)...]))
            }
        }
    }

    /// The parts of a gzip header (RFC 1952), in order.
    private enum HeaderField: Int, Comparable {
        case fixed, extraLength, extra, name, comment, done
        static func < (a: HeaderField, b: HeaderField) -> Bool { a.rawValue < b.rawValue }
    }

    private let isal: UnsafeMutablePointer<inflate_state>
    private let zlib: UnsafeMutablePointer<z_stream>
    /// A valid pointer for ISA-L when there is no input.
    private let noInput: UnsafeMutablePointer<UInt8>
    private let useISAL: Bool
    private var engine: Engine
    /// The compressed bytes of the current member ISA-L has read, while `replayable`.
    private var retained = KeptBytes()
    private var replayable = true
    /// How many of `retained` zlib has read.
    private var replayOffset = 0
    /// Where the decoder is in the current member's gzip header.
    private var header = HeaderField.fixed
    /// Bytes read of the fixed header part or of the extra field's length.
    private var headerCount = 0
    private var headerFlags: UInt8 = 0
    /// The extra field's length, then how much of it is left.
    private var extraLeft = 0
    /// Decompressed bytes of the current member delivered.
    private var memberOut = 0
    /// Decompressed bytes zlib must still drop because ISA-L delivered them.
    private var zlibSkip = 0
    private var scratch: [UInt8] = []
    private var held: [UInt8] = []
    private var heldOffset = 0
    /// The most compressed bytes of one member kept for zlib to re-read (16 MiB, about 100 MB of
    /// JSON; CloudTrail files are a few MB).
    var replayLimit = 16 << 20
    /// Members zlib took over from ISA-L (tests check that plain valid gzip never needs it).
    private(set) var zlibMembers = 0

    /// Creates an inflater; `nil` when ISA-L's or zlib's state cannot be allocated.
    package convenience init?() {
        self.init(useISAL: true)
    }

    /// Creates an inflater.
    /// - Parameter useISAL: false inflates every member with zlib alone, as loghunt did before
    ///   ISA-L (the reference the tests compare with).
    init?(useISAL: Bool) {
        zlib = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        zlib.initialize(to: z_stream())
        // 15 + 32: maximum window, auto-detect gzip or zlib headers.
        guard inflateInit2_(zlib, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            zlib.deinitialize(count: 1)
            zlib.deallocate()
            return nil
        }
        // 87 KB: zero it on the heap rather than building a value on the stack.
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: MemoryLayout<inflate_state>.size, alignment: MemoryLayout<inflate_state>.alignment)
        raw.initializeMemory(as: UInt8.self, repeating: 0, count: MemoryLayout<inflate_state>.size)
        isal = raw.bindMemory(to: inflate_state.self, capacity: 1)
        isal_inflate_init(isal)
        isal.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
        noInput = UnsafeMutablePointer<UInt8>.allocate(capacity: 8)
        noInput.initialize(repeating: 0, count: 8)
        self.useISAL = useISAL
        engine = useISAL ? .isal : .zlib
    }

    deinit {
        inflateEnd(zlib)
        zlib.deinitialize(count: 1)
        zlib.deallocate()
        UnsafeMutableRawPointer(isal).deallocate()
        noInput.deallocate()
    }

    /// Prepares for the next member of a multi-member stream.
    package func reset() {
        isal_inflate_reset(isal)
        isal.pointee.crc_flag = UInt32(ISAL_GZIP_NO_HDR_VER)
        if !useISAL { inflateReset(zlib) }
        engine = useISAL ? .isal : .zlib
        retained.removeAll()
        replayable = true
        replayOffset = 0
        header = .fixed
        headerCount = 0
        headerFlags = 0
        extraLeft = 0
        memberOut = 0
        zlibSkip = 0
        held = []
        heldOffset = 0
    }

    /// Inflates from `input` into `output`.
    ///
    /// ISA-L reads its input ahead of its output, so an `input` can be consumed before all of
    /// its bytes have come out. An empty `input` says none is coming for now: the decoder then
    /// delivers everything it can decode from what it has read; call it until it makes no
    /// progress (`.needInput`) before calling the member truncated.
    /// - Parameters:
    ///   - input: compressed bytes.
    ///   - output: where decompressed bytes go.
    /// - Returns: the status, the input bytes consumed and the output bytes produced.
    package func inflate(
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> (status: Status, consumed: Int, produced: Int) {
        guard output.baseAddress != nil, output.count > 0 else { return (.ok, 0, 0) }
        var consumed = 0
        var produced = 0
        while true {
            if produced == output.count { return (.ok, consumed, produced) }
            let out = UnsafeMutableRawBufferPointer(rebasing: output[produced...])
            switch engine {
            case .isal:
                let step = isalStep(input: UnsafeRawBufferPointer(rebasing: input[consumed...]), output: out)
                consumed += step.consumed
                produced += step.produced
                if let status = step.status { return (status, consumed, produced) }
            case .zlib:
                if replayOffset < retained.count {
                    // zlib catches up on the member's kept bytes before it reads new input.
                    let step = retained.withBytes(from: replayOffset) { zlibStep(input: $0, output: out) }
                    replayOffset += step.consumed
                    produced += step.produced
                    switch step.ret {
                    case Z_OK, Z_BUF_ERROR:
                        if replayOffset < retained.count && step.consumed == 0 && step.produced == 0 {
                            return (.damaged("no progress re-reading the member"), consumed, produced)
                        }
                        if replayOffset == retained.count {
                            retained.removeAll()
                            replayOffset = 0
                        }
                        continue
                    case Z_STREAM_END where replayOffset == retained.count && zlibSkip == 0:
                        retained.removeAll()
                        replayOffset = 0
                        return (.memberEnd, consumed, produced)
                    case Z_STREAM_END:
                        return (.damaged("zlib ends the member before ISA-L did"), consumed, produced)
                    default:
                        return (.damaged(zlibReason(step.ret)), consumed, produced)
                    }
                }
                let step = zlibStep(input: UnsafeRawBufferPointer(rebasing: input[consumed...]), output: out)
                consumed += step.consumed
                produced += step.produced
                switch step.ret {
                case Z_OK: return (.ok, consumed, produced)
                case Z_STREAM_END where zlibSkip == 0: return (.memberEnd, consumed, produced)
                case Z_STREAM_END: return (.damaged("zlib ends the member before ISA-L did"), consumed, produced)
                case Z_BUF_ERROR: return (consumed == 0 && produced == 0 ? .needInput : .ok, consumed, produced)
                default: return (.damaged(zlibReason(step.ret)), consumed, produced)
                }
            case .failed(let reason):
                let count = min(held.count - heldOffset, out.count)
                held.withUnsafeBytes { raw in
                    out.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[heldOffset..<(heldOffset + count)]))
                }
                heldOffset += count
                memberOut += count
                produced += count
                return (heldOffset < held.count ? .ok : .damaged(reason), consumed, produced)
            }
        }
    }

    // MARK: ISA-L

    /// Reads the rest of the gzip header, then one `isal_inflate` call; a `nil` status when zlib
    /// takes the member over (nothing of this call counted).
    private func isalStep(
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> (status: Status?, consumed: Int, produced: Int) {
        var headerBytes = 0
        if header != .done {
            guard let count = readHeader(input) else {
                takeOverWithZlib()
                return (nil, 0, 0)
            }
            keep(UnsafeRawBufferPointer(rebasing: input[..<count]))
            headerBytes = count
        }
        let deflate = UnsafeRawBufferPointer(rebasing: input[headerBytes...])
        if header != .done && headerBytes > 0 { return (.ok, headerBytes, 0) }
        let (ret, consumed, produced) =
            header == .done ? runISAL(input: deflate, output: output) : (0, 0, 0)
        if ret < 0 {
            if replayable {
                // The header bytes of this call are kept; zlib re-reads them and goes on after them.
                takeOverWithZlib()
                return (nil, headerBytes, 0)
            }
            memberOut += produced
            var count: UInt32 = 0
            let bytes = loghunt_isal_held_output(isal, &count)
            held = Array(UnsafeBufferPointer(start: bytes, count: Int(count)))
            heldOffset = 0
            engine = .failed(reason: isalReason(ret))
            return (nil, headerBytes + consumed, produced)
        }
        keep(UnsafeRawBufferPointer(rebasing: deflate[..<consumed]))
        memberOut += produced
        let total = headerBytes + consumed
        if isal.pointee.block_state == ISAL_BLOCK_FINISH { return (.memberEnd, total, produced) }
        if total > 0 || produced > 0 { return (.ok, total, produced) }
        if input.isEmpty && replayable {
            // The input ended inside the member: zlib decodes the last codes ISA-L left.
            takeOverWithZlib()
            return (nil, 0, 0)
        }
        return (.needInput, 0, 0)
    }

    /// Reads gzip header bytes from the start of `input` until the header ends.
    /// - Returns: how many bytes were header, or `nil` when the header is not one ISA-L should
    ///   take (see the type's comment): zlib reads it instead.
    private func readHeader(_ input: UnsafeRawBufferPointer) -> Int? {
        var i = 0
        while i < input.count && header != .done {
            let byte = input[i]
            i += 1
            switch header {
            case .fixed:
                switch headerCount {
                case 0: if byte != 0x1F { return nil }
                case 1: if byte != 0x8B { return nil }
                case 2: if byte != 8 { return nil }  // deflate
                case 3:
                    // FHCRC (2) and the reserved bits (0xE0) go to zlib.
                    if byte & 0xE2 != 0 { return nil }
                    headerFlags = byte
                default: break
                }
                headerCount += 1
                if headerCount == 10 { header = nextHeaderField(after: .fixed) }
            case .extraLength:
                extraLeft |= Int(byte) << (8 * headerCount)
                headerCount += 1
                if headerCount == 2 { header = extraLeft > 0 ? .extra : nextHeaderField(after: .extra) }
            case .extra:
                let skip = min(extraLeft - 1, input.count - i)
                i += skip
                extraLeft -= 1 + skip
                if extraLeft == 0 { header = nextHeaderField(after: .extra) }
            case .name, .comment:
                if byte == 0 { header = nextHeaderField(after: header) }
            case .done:
                break
            }
        }
        return i
    }

    /// The header part after `field`, given the flags: FEXTRA 4, FNAME 8, FCOMMENT 16.
    private func nextHeaderField(after field: HeaderField) -> HeaderField {
        if field < .extraLength && headerFlags & 0x04 != 0 {
            headerCount = 0
            extraLeft = 0
            return .extraLength
        }
        if field < .name && headerFlags & 0x08 != 0 { return .name }
        if field < .comment && headerFlags & 0x10 != 0 { return .comment }
        return .done
    }

    private func runISAL(
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> (ret: Int32, consumed: Int, produced: Int) {
        let inCount = UInt32(clamping: input.count)
        let outCount = UInt32(clamping: output.count)
        isal.pointee.next_in =
            input.baseAddress.map { UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: UInt8.self)) } ?? noInput
        isal.pointee.avail_in = inCount
        isal.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: UInt8.self)
        isal.pointee.avail_out = outCount
        var ret = isal_inflate(isal)
        // After an error ISA-L can hand back more input than it was given (bits it had read
        // in an earlier call); that is never a position to go on from.
        let lost = isal.pointee.avail_in > inCount || isal.pointee.avail_out > outCount
        if lost && ret >= 0 { ret = Self.lostPlace }
        let consumed = Int(inCount - min(inCount, isal.pointee.avail_in))
        let produced = Int(outCount - min(outCount, isal.pointee.avail_out))
        isal.pointee.next_in = nil
        isal.pointee.next_out = nil
        return (ret, consumed, produced)
    }

    /// Not an ISA-L code: `runISAL`'s result when ISA-L's counts do not add up.
    private static let lostPlace: Int32 = -1000

    /// Appends ISA-L's input to the kept bytes, or stops keeping them past `replayLimit`.
    private func keep(_ bytes: UnsafeRawBufferPointer) {
        guard replayable, let base = bytes.baseAddress, !bytes.isEmpty else { return }
        guard retained.count + bytes.count <= replayLimit else {
            replayable = false
            retained.removeAll()
            return
        }
        retained.append(UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: bytes.count))
    }

    /// zlib re-reads the member from its start, dropping the bytes already delivered.
    private func takeOverWithZlib() {
        inflateReset(zlib)
        zlibSkip = memberOut
        replayOffset = 0
        engine = .zlib
        zlibMembers += 1
    }

    private func isalReason(_ ret: Int32) -> String {
        switch ret {
        case ISAL_INVALID_BLOCK: "invalid deflate block"
        case ISAL_INVALID_SYMBOL: "invalid deflate code"
        case ISAL_INVALID_LOOKBACK: "invalid distance too far back"
        // ISA-L compares the trailer's CRC-32 and length together.
        case ISAL_INCORRECT_CHECKSUM: "incorrect data or length check"
        case Self.lostPlace: "ISA-L lost its place in the input"
        default: "invalid data (ISA-L error \(ret))"
        }
    }

    // MARK: zlib

    /// zlib inflates `input`, first dropping `zlibSkip` decoded bytes into `scratch`.
    private func zlibStep(
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> (ret: Int32, consumed: Int, produced: Int) {
        var consumed = 0
        while zlibSkip > 0 {
            if scratch.isEmpty { scratch = [UInt8](repeating: 0, count: 1 << 16) }
            let room = min(zlibSkip, scratch.count)
            let step = scratch.withUnsafeMutableBytes { raw in
                runZlib(
                    input: UnsafeRawBufferPointer(rebasing: input[consumed...]),
                    output: UnsafeMutableRawBufferPointer(rebasing: raw[..<room]))
            }
            consumed += step.consumed
            zlibSkip -= step.produced
            if step.ret != Z_OK { return (step.ret == Z_BUF_ERROR && consumed > 0 ? Z_OK : step.ret, consumed, 0) }
        }
        let step = runZlib(input: UnsafeRawBufferPointer(rebasing: input[consumed...]), output: output)
        let ret = step.ret == Z_BUF_ERROR && consumed > 0 ? Z_OK : step.ret
        return (ret, consumed + step.consumed, step.produced)
    }

    private func runZlib(
        input: UnsafeRawBufferPointer, output: UnsafeMutableRawBufferPointer
    ) -> (ret: Int32, consumed: Int, produced: Int) {
        let inCount = uInt(clamping: input.count)
        let outCount = uInt(clamping: output.count)
        zlib.pointee.next_in = input.baseAddress.map {
            UnsafeMutablePointer(mutating: $0.assumingMemoryBound(to: Bytef.self))
        }
        zlib.pointee.avail_in = inCount
        zlib.pointee.next_out = output.baseAddress?.assumingMemoryBound(to: Bytef.self)
        zlib.pointee.avail_out = outCount
        let ret = CZlib.inflate(zlib, Z_NO_FLUSH)
        let consumed = Int(inCount - zlib.pointee.avail_in)
        let produced = Int(outCount - zlib.pointee.avail_out)
        zlib.pointee.next_in = nil
        zlib.pointee.next_out = nil
        return (ret, consumed, produced)
    }

    private func zlibReason(_ ret: Int32) -> String {
        switch ret {
        case Z_NEED_DICT: "needs a preset dictionary"
        case Z_MEM_ERROR: "out of memory"
        default: zlib.pointee.msg.map { String(cString: $0) } ?? "invalid data"
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
        self.init(
            base: base, initialInput: initialInput, file: file, limits: limits, outputSize: outputSize, sink: sink,
            decoder: GzipDecoder())
    }

    /// Creates the source over a given decoder (tests pass a zlib-only one, or a small replay limit).
    init(
        base: Base, initialInput: [UInt8], file: String, limits: Limits, outputSize: Int, sink: any DiagnosticSink,
        decoder: GzipDecoder?
    ) {
        self.base = base
        self.decoder = decoder
        self.file = file
        self.limits = limits
        self.sink = sink
        self.outputSize = max(64, outputSize)
        self.input = initialInput
        if decoder == nil {
            sink.emit(
                Diagnostic(
                    .warning, .damagedGzip, file: file,
                    message: IngestError.corruptGzip(member: 1, reason: "cannot initialise the inflater").description))
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
                // At the end of the input the decoder is called with none: it may still hold bytes it
                // has read but not delivered.
                let exhausted = !refill()
                let result = input.withUnsafeBytes { raw in
                    decoder.inflate(
                        input: UnsafeRawBufferPointer(rebasing: raw[inputOffset...]),
                        output: UnsafeMutableRawBufferPointer(
                            rebasing: UnsafeMutableRawBufferPointer(outBuffer)[filled...]))
                }
                if result.produced > 0, let outBase = outBuffer.baseAddress {
                    newlines += ByteScan.countNewlines(
                        UnsafeRawBufferPointer(start: outBase + filled, count: result.produced))
                }
                inputOffset += result.consumed
                bytesConsumed += result.consumed
                filled += result.produced
                bytesDecoded += result.produced
                if exhausted && result.produced == 0 && (result.status == .ok || result.status == .needInput) {
                    report(.damagedGzip, .truncatedGzip(member: members + 1))
                    stop = true
                    return
                }
                switch result.status {
                case .ok:
                    break
                case .memberEnd:
                    members += 1
                    betweenMembers = true
                case .needInput:
                    if inputOffset < input.count {
                        // The decoder refuses input it has: treat as damage rather than loop.
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
