import CByteScan
import LogHuntCore

/// Splits the decoded bytes of one input into records, whatever the container: NDJSON,
/// concatenated (pretty-printed) objects, JSON arrays (several in a row), wrapper objects
/// (`Records`, `records`, `value`, `items`, `Events` with `CloudTrailEvent` strings, `events`
/// with `message` strings), NDJSON of wrapper objects, a single object, or CSV.
///
/// Push decoded chunks with `push(_:)`, pull records with `next()` until it returns `nil`,
/// push the next chunk, and call `finish()` at the end of the input (then drain `next()`).
/// Framing is by hand over raw bytes: NDJSON lines are found with `memchr`, arrays stream
/// element by element with a structural scanner (strings, escapes, depth), so memory holds
/// one record plus one chunk, never the whole input. Line numbers are 1-based lines of the
/// decoded stream where each record starts; they stay right across chunk boundaries.
///
/// Problems in the framing itself (a non-object element, a truncated record, an over-long
/// line, an unrecognised file) are sent to the sink and counted in `malformed` when a record
/// is lost; a record that is framed but is not valid JSON is left to `RawRecord.parse`.
package struct RecordFramer {
    /// The display path, used in locations and diagnostics.
    package let file: String
    /// `file`'s number in `SourcePaths` (interned once, not per record).
    private let fileID: UInt32
    private let limits: Limits
    private let sink: any DiagnosticSink

    /// Unconsumed decoded bytes; `buf[0]` is stream offset `bufBase`.
    private var buf: [UInt8] = []
    private var bufBase = 0
    /// Stream offset of the next byte to look at, and its 1-based line.
    private var pos = 0
    private var line = 1
    private var finished = false
    private var state: State = .sniff
    /// After a first single-line object, top-level objects are framed a line at a time.
    private var fastLines = false
    /// Where the pending NDJSON line's newline search resumes.
    private var fastScanFrom = 0
    private var junkRun = 0
    private var csv: CSVReader?
    private var csvRow = CSVRowScan(start: 0, startLine: 1)

    /// Records framed so far, including ones lost to framing problems (the next record index).
    package private(set) var recordIndex = 0
    /// Records lost in framing (each reported).
    package private(set) var malformed = 0
    /// The container of the first record (nil before it).
    package private(set) var container: ContainerFormat?

    /// Creates a framer for one input.
    /// - Parameters:
    ///   - file: the display path.
    ///   - limits: record, line and depth limits.
    ///   - sink: receives framing diagnostics.
    package init(file: String, limits: Limits, sink: any DiagnosticSink) {
        self.file = file
        self.fileID = SourcePaths.shared.id(for: file)
        self.limits = limits
        self.sink = sink
    }

    /// True once the framer has given up on the input (unrecognised format, too many bad
    /// lines) or has framed everything after `finish()`; further input is ignored.
    package var isDone: Bool {
        if case .done = state { return true }
        return false
    }

    /// Packing mode: each record's bytes are appended to `packed` (back to back) and the
    /// records `next()` returns carry no bytes of their own, so a producer thread fills one
    /// buffer per batch instead of allocating an array per record that a worker would free.
    package var packs = false
    /// With `packs`: the bytes of the records returned since the last `takePacked`; a record
    /// ends where `packed.count` stands right after `next()` returned it.
    package private(set) var packed: [UInt8] = []

    /// Hands the packed bytes over and starts an empty buffer of `capacity` bytes.
    /// - Parameter capacity: what the next batch's buffer reserves.
    /// - Returns: the bytes packed so far.
    package mutating func takePacked(reserving capacity: Int) -> [UInt8] {
        var fresh: [UInt8] = []
        fresh.reserveCapacity(capacity)
        swap(&fresh, &packed)
        return fresh
    }

    // MARK: Feeding

    /// Appends a decoded chunk. Call after `next()` returned `nil`.
    package mutating func push(_ chunk: [UInt8]) {
        if isDone || chunk.isEmpty { return }
        let keep = keepFrom - bufBase
        if keep >= buf.count {
            bufBase += buf.count
            buf = chunk
        } else {
            if keep > 0 {
                buf.removeSubrange(0..<keep)
                bufBase += keep
            }
            buf.append(contentsOf: chunk)
        }
    }

    /// Marks the end of the input; `next()` then returns the remaining records.
    package mutating func finish() {
        finished = true
    }

    /// The earliest stream offset still needed.
    private var keepFrom: Int {
        switch state {
        case .object(let s): s.keep ? s.start : (s.inKey ? min(s.keyStart, pos) : pos)
        case .wrapperPeek(let s, _, _): s.keep ? s.start : pos
        case .element(_, let s): s.keep ? s.start : pos
        case .csv: csvRow.start
        default: pos
        }
    }

    // MARK: Pulling

    /// The next framed record, or `nil` when more input is needed (or, after `finish()`,
    /// when the input is exhausted).
    package mutating func next() -> RawRecord? {
        while true {
            switch step() {
            case .record(let r):
                junkRun = 0
                return r
            case .progress:
                continue
            case .needMore:
                if finished {
                    // Every state handles `finished` itself; a needMore here means done.
                    state = .done
                }
                return nil
            case .done:
                state = .done
                return nil
            }
        }
    }

    private enum Step {
        case record(RawRecord)
        case progress
        case needMore
        case done
    }

    private enum State {
        case sniff
        case top
        case object(ValueScan)
        case wrapperPeek(ValueScan, WrapperKind, strong: Bool)
        case elements(ArrayContext)
        case element(ArrayContext, ValueScan)
        case skipLine
        case csv
        case csvSkip
        case done
    }

    private struct ArrayContext {
        /// nil for a bare top-level array.
        var kind: WrapperKind?
        /// The array is a member of a wrapper object whose tail must be skipped after it.
        var inWrapper: Bool
    }

    private struct ValueScan {
        var start: Int
        var startLine: Int
        var keep: Bool
        var depth = 0
        var inString = false
        var escaped = false
        var overLimit = false
        var notObject = false
        /// A scalar (or junk) element rather than an object or array.
        var scalar = false
        var scalarStarted = false
        /// Top-level objects: watch depth-1 keys for wrapper arrays and digest markers.
        var trackKeys = false
        /// Top-level objects: a `{` at the start of a line inside the object means the object
        /// was broken (a bad NDJSON line); end it there.
        var heuristic = false
        var expectKey = false
        var inKey = false
        var keyStart = 0
        var pendingKind: (kind: WrapperKind, strong: Bool)?
        var valuePending = false
        var sawDigest = false

        init(start: Int, startLine: Int, keep: Bool) {
            self.start = start
            self.startLine = startLine
            self.keep = keep
        }
    }

    private struct CSVRowScan {
        var start: Int
        var startLine: Int
        var inQuotes = false
    }

    private enum ScanOutcome {
        case complete(end: Int)
        case needMore
        case wrapper(WrapperKind, strong: Bool)
        case broken(end: Int)
    }

    private mutating func step() -> Step {
        switch state {
        case .sniff: return sniff()
        case .top: return top()
        case .object(var s):
            let outcome = scanContainer(&s)
            return finishObject(s, outcome)
        case .wrapperPeek(var s, let kind, let strong):
            return peekWrapper(&s, kind, strong)
        case .elements(let ctx): return elements(ctx)
        case .element(let ctx, var s): return element(ctx, &s)
        case .skipLine: return skipLine()
        case .csv: return csvStep()
        case .csvSkip: return csvSkip()
        case .done: return .done
        }
    }

    private mutating func report(_ code: Diagnostic.Code, line: Int, _ error: IngestError) {
        sink.emit(Diagnostic(.warning, code, file: file, line: line, message: error.description))
    }

    private mutating func lose(_ code: Diagnostic.Code, line: Int, _ error: IngestError) {
        report(code, line: line, error)
        malformed += 1
        recordIndex += 1
    }

    private mutating func emit(start: Int, end: Int, line startLine: Int, container c: ContainerFormat) -> Step {
        if packs {
            packed.append(contentsOf: buf[(start - bufBase)..<(end - bufBase)])
            return record([], line: startLine, container: c)
        }
        let bytes = Array(buf[(start - bufBase)..<(end - bufBase)])
        return record(bytes, line: startLine, container: c)
    }

    private mutating func emit(_ bytes: [UInt8], line startLine: Int, container c: ContainerFormat) -> Step {
        if packs {
            packed.append(contentsOf: bytes)
            return record([], line: startLine, container: c)
        }
        return record(bytes, line: startLine, container: c)
    }

    private mutating func record(_ bytes: [UInt8], line startLine: Int, container c: ContainerFormat) -> Step {
        if container == nil { container = c }
        let record = RawRecord(
            bytes: bytes, location: SourceLocation(fileID: fileID, line: startLine, record: recordIndex), container: c)
        recordIndex += 1
        return .record(record)
    }

    // MARK: Whitespace

    /// Skips whitespace, NUL padding, byte-order marks and (optionally) commas, counting lines.
    /// - Returns: the byte at `pos`, or nil when more input is needed (or at the end).
    private mutating func skipSpace(commas: Bool) -> UInt8? {
        var i = pos - bufBase
        var ln = line
        let n = buf.count
        var found: UInt8?
        buf.withUnsafeBufferPointer { b in
            while i < n {
                let c = b[i]
                switch c {
                case 0x0A:
                    ln += 1
                case 0x20, 0x09, 0x0D, 0x00, 0x0C:
                    break
                case 0x2C where commas:
                    break
                case 0xEF:
                    if i + 2 < n {
                        if b[i + 1] == 0xBB && b[i + 2] == 0xBF {
                            i += 3
                            continue
                        }
                        found = c
                        return
                    }
                    if finished {
                        found = c
                    }
                    return
                default:
                    found = c
                    return
                }
                i += 1
            }
        }
        pos = bufBase + i
        line = ln
        return found
    }

    // MARK: Sniffing and top level

    private mutating func sniff() -> Step {
        guard let c = skipSpace(commas: false) else { return finished ? .done : .needMore }
        if c == 0x7B || c == 0x5B {
            state = .top
            return .progress
        }
        // Not JSON: CSV by its header line, or nothing we can read.
        let lo = pos - bufBase
        let window = 64 << 10
        let header: Bool? = buf.withUnsafeBufferPointer { b in
            let limit = min(b.count, lo + window)
            let nl = ByteScan.find(0x0A, in: b, from: lo, to: limit)
            if nl == nil && !finished && b.count - lo < window { return nil }
            return FormatSniffer.isCSVHeader(UnsafeBufferPointer(rebasing: b[lo..<(nl ?? limit)]))
        }
        guard let header else { return .needMore }
        if !header && !finished && buf.count - lo < window {
            // Decide "not a log" only on a full window (or the whole input).
            return .needMore
        }
        if !header && jsonFollows(from: lo, window: window) {
            // A stray first line (a banner, a shell prompt) before JSON lines.
            state = .top
            return .progress
        }
        if header {
            container = .csv
            csvRow = CSVRowScan(start: pos, startLine: line)
            state = .csv
            return .progress
        }
        report(.unrecognisedFormat, line: line, .unrecognisedFormat)
        return .done
    }

    /// True when a line starting with `{` follows within the sniffing window.
    private func jsonFollows(from lo: Int, window: Int) -> Bool {
        buf.withUnsafeBufferPointer { b in
            let limit = min(b.count, lo + window)
            var i = lo
            while let nl = ByteScan.find(0x0A, in: b, from: i, to: limit) {
                if nl + 1 < limit && b[nl + 1] == 0x7B { return true }
                i = nl + 1
            }
            return false
        }
    }

    private mutating func top() -> Step {
        guard let c = skipSpace(commas: true) else { return finished ? .done : .needMore }
        switch c {
        case 0x7B:
            if fastLines { return fastLine() }
            state = .object(topObjectScan())
            return .progress
        case 0x5B:
            pos += 1
            if container == nil { container = .jsonArray }
            state = .elements(ArrayContext(kind: nil, inWrapper: false))
            return .progress
        default:
            lose(.malformedRecord, line: line, .notARecord)
            junkRun += 1
            if junkRun >= 20 && recordIndex == malformed {
                // Nothing but junk so far: this is not a log; stop before flooding.
                report(.unrecognisedFormat, line: line, .tooManyBadLines(count: junkRun))
                return .done
            }
            state = .skipLine
            return .progress
        }
    }

    private func topObjectScan() -> ValueScan {
        var s = ValueScan(start: pos, startLine: line, keep: true)
        s.trackKeys = true
        s.heuristic = true
        return s
    }

    /// Frames one NDJSON line starting at `pos` (a `{`).
    private mutating func fastLine() -> Step {
        let lo = pos - bufBase
        let n = buf.count
        let from = max(lo, fastScanFrom - bufBase)
        let newline = buf.withUnsafeBufferPointer { ByteScan.find(0x0A, in: $0, from: from, to: n) }
        let nl: Int
        if let newline {
            nl = newline
        } else {
            if n - lo > limits.maxLineBytes {
                lose(.limitExceeded, line: line, .lineTooLong(limit: limits.maxLineBytes))
                pos = bufBase + n
                state = .skipLine
                return .progress
            }
            if !finished {
                fastScanFrom = bufBase + n
                return .needMore
            }
            nl = n
        }
        // Trim trailing CR, blanks and NUL padding.
        var e = nl
        let wrapper: Bool = buf.withUnsafeBufferPointer { b in
            while e > lo {
                let c = b[e - 1]
                if c == 0x0D || c == 0x20 || c == 0x09 || c == 0x00 { e -= 1 } else { break }
            }
            // A line that does not end the object (a pretty-printed object after NDJSON lines,
            // or a broken line) is scanned structurally, which finds where it really ends.
            return e <= lo || b[e - 1] != 0x7D || Self.firstKeyIsWrapper(b, lo, e)
        }
        if wrapper {
            // NDJSON of wrapper objects (Event Hub dumps): stream this one structurally.
            state = .object(topObjectScan())
            return .progress
        }
        let startLine = line
        pos = bufBase + min(nl + 1, n)
        if nl < n { line += 1 }
        fastScanFrom = pos
        if e - lo > limits.maxLineBytes {
            lose(.limitExceeded, line: startLine, .lineTooLong(limit: limits.maxLineBytes))
            return .progress
        }
        return emit(start: bufBase + lo, end: bufBase + e, line: startLine, container: .ndjson)
    }

    /// True when the object at `lo` starts with a wrapper key whose value is an array.
    private static func firstKeyIsWrapper(_ b: UnsafeBufferPointer<UInt8>, _ lo: Int, _ e: Int) -> Bool {
        var i = lo + 1
        while i < e, b[i] == 0x20 || b[i] == 0x09 { i += 1 }
        guard i < e, b[i] == 0x22 else { return false }
        let ks = i + 1
        var j = ks
        while j < e, j - ks <= 8, b[j] != 0x22 { j += 1 }
        guard j < e, b[j] == 0x22, WrapperKind.classify(UnsafeBufferPointer(rebasing: b[ks..<j])) != nil else {
            return false
        }
        j += 1
        while j < e, b[j] == 0x20 || b[j] == 0x09 || b[j] == 0x3A { j += 1 }
        return j < e && b[j] == 0x5B
    }

    private mutating func skipLine() -> Step {
        let lo = pos - bufBase
        let n = buf.count
        if let nl = buf.withUnsafeBufferPointer({ ByteScan.find(0x0A, in: $0, from: lo, to: n) }) {
            pos = bufBase + nl + 1
            line += 1
            fastScanFrom = pos
            state = .top
            return .progress
        }
        pos = bufBase + n
        return finished ? .done : .needMore
    }

    // MARK: Objects

    private mutating func finishObject(_ scan: ValueScan, _ outcome: ScanOutcome) -> Step {
        var s = scan
        switch outcome {
        case .complete(let end):
            state = .top
            guard s.keep else {
                if s.overLimit {
                    malformed += 1
                    recordIndex += 1
                }
                return .progress
            }
            if s.sawDigest {
                // A CloudTrail digest file: not a log; skipped without a warning.
                return .progress
            }
            let singleLine = s.startLine == line
            if singleLine { fastLines = true }
            fastScanFrom = pos
            return emit(start: s.start, end: end, line: s.startLine, container: singleLine ? .ndjson : .singleObject)
        case .broken(let end):
            state = .top
            guard s.keep else {
                if s.overLimit {
                    malformed += 1
                    recordIndex += 1
                }
                return .progress
            }
            // The parser names what is wrong with the cut-off object.
            return emit(start: s.start, end: end, line: s.startLine, container: .ndjson)
        case .wrapper(let kind, let strong):
            state = .wrapperPeek(s, kind, strong: strong)
            return .progress
        case .needMore:
            if finished {
                if s.keep {
                    lose(.malformedRecord, line: s.startLine, .truncatedRecord)
                } else if s.overLimit {
                    malformed += 1
                    recordIndex += 1
                } else {
                    report(.malformedRecord, line: line, .unterminatedArray)
                }
                return .done
            }
            if s.keep && bufBase + buf.count - s.start > limits.maxRecordBytes {
                report(.limitExceeded, line: s.startLine, .recordTooLarge(limit: limits.maxRecordBytes))
                s.keep = false
                s.overLimit = true
            }
            state = .object(s)
            return .needMore
        }
    }

    /// Decides whether the array at `pos` (value of a wrapper key) holds the records.
    private mutating func peekWrapper(_ s: inout ValueScan, _ kind: WrapperKind, _ strong: Bool) -> Step {
        let lo = pos - bufBase + 1
        let n = buf.count
        var first: UInt8?
        buf.withUnsafeBufferPointer { b in
            var i = lo
            while i < n, i - lo < 4096 {
                let c = b[i]
                if c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
                    i += 1
                    continue
                }
                first = c
                return
            }
            if i < n { first = 0 }
        }
        if first == nil && !finished {
            state = .wrapperPeek(s, kind, strong: strong)
            return .needMore
        }
        if first == 0x7B || (first == 0x5D && strong) {
            pos += 1
            if container == nil { container = kind.container }
            state = .elements(ArrayContext(kind: kind, inWrapper: true))
            return .progress
        }
        // An ordinary member that happens to have a wrapper-like name: keep scanning the record.
        s.pendingKind = nil
        s.valuePending = false
        state = .object(s)
        return .progress
    }

    // MARK: Arrays

    private mutating func elements(_ ctx: ArrayContext) -> Step {
        guard let c = skipSpace(commas: true) else {
            if finished {
                report(.malformedRecord, line: line, .unterminatedArray)
                return .done
            }
            return .needMore
        }
        if c == 0x5D {
            pos += 1
            if ctx.inWrapper {
                // Skip the rest of the wrapper object (NextToken and the like).
                var s = ValueScan(start: pos, startLine: line, keep: false)
                s.depth = 1
                s.trackKeys = true
                state = .object(s)
            } else {
                state = .top
            }
            return .progress
        }
        var s = ValueScan(start: pos, startLine: line, keep: c == 0x7B)
        s.notObject = c != 0x7B
        s.scalar = c != 0x7B && c != 0x5B
        state = .element(ctx, s)
        return .progress
    }

    private mutating func element(_ ctx: ArrayContext, _ s: inout ValueScan) -> Step {
        let outcome = s.scalar ? scanScalar(&s) : scanContainer(&s)
        switch outcome {
        case .complete(let end):
            state = .elements(ctx)
            if s.notObject {
                lose(.malformedRecord, line: s.startLine, .elementNotObject)
                return .progress
            }
            if !s.keep {
                malformed += 1
                recordIndex += 1
                return .progress
            }
            let kind = ctx.kind ?? .records
            switch kind {
            case .records:
                return emit(
                    start: s.start, end: end, line: s.startLine, container: ctx.kind == nil ? .jsonArray : .wrapper)
            case .lookupEvents, .cloudWatch:
                let bytes = Array(buf[(s.start - bufBase)..<(end - bufBase)])
                return emit(unwrap(bytes, kind), line: s.startLine, container: kind.container)
            }
        case .needMore:
            if finished {
                if s.overLimit {
                    malformed += 1
                    recordIndex += 1
                } else {
                    lose(.malformedRecord, line: s.startLine, .truncatedRecord)
                }
                return .done
            }
            if s.keep && bufBase + buf.count - s.start > limits.maxRecordBytes {
                report(.limitExceeded, line: s.startLine, .recordTooLarge(limit: limits.maxRecordBytes))
                s.keep = false
                s.overLimit = true
            }
            state = .element(ctx, s)
            return .needMore
        case .wrapper, .broken:
            // Not produced for elements (no key tracking, no heuristic).
            state = .elements(ctx)
            return .progress
        }
    }

    /// The record inside a lookup-events or CloudWatch element: its JSON string, unescaped.
    private func unwrap(_ bytes: [UInt8], _ kind: WrapperKind) -> [UInt8] {
        let key = kind == .lookupEvents ? "CloudTrailEvent" : "message"
        var copy = bytes
        UTF8Repair.repair(&copy)
        guard let doc = try? JSONParser.parse(copy, maxDepth: limits.maxDepth), doc.isObject(doc.root),
            let member = doc.member(doc.root, key), let text = doc.string(member)
        else { return bytes }
        let inner = Array(text.utf8)
        guard let first = inner.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }), first == 0x7B
        else {
            return bytes
        }
        return inner
    }

    /// `scanContainer` for a scan without key tracking or the broken-line heuristic (array
    /// elements): 64 bytes at a time in C (`lh_scan_container`), same result as the byte loop.
    private mutating func scanElement(_ s: inout ValueScan) -> ScanOutcome {
        let i = pos - bufBase
        let n = buf.count
        var state = lh_container_scan(depth: Int64(s.depth), in_string: s.inString ? 1 : 0, escaped: s.escaped ? 1 : 0)
        var newlines: Int64 = 0
        let consumed = buf.withUnsafeBufferPointer { b -> Int64 in
            guard let base = b.baseAddress, i < n else { return -1 }
            return lh_scan_container(base + i, Int64(n - i), &state, &newlines)
        }
        line += Int(newlines)
        s.depth = Int(state.depth)
        s.inString = state.in_string != 0
        s.escaped = state.escaped != 0
        if consumed < 0 {
            pos = bufBase + n
            return .needMore
        }
        pos = bufBase + i + Int(consumed)
        return .complete(end: pos)
    }

    /// Scans a scalar array element (string, number, literal or junk) at `pos`.
    private mutating func scanScalar(_ s: inout ValueScan) -> ScanOutcome {
        var i = pos - bufBase
        let n = buf.count
        var outcome = ScanOutcome.needMore
        var ln = line
        buf.withUnsafeBufferPointer { b in
            if !s.scalarStarted && i < n {
                // The first byte is always part of the element (a stray `}` included), so the
                // scan makes progress whatever the junk.
                s.scalarStarted = true
                s.inString = b[i] == 0x22
                i += 1
            }
            if s.inString {
                while i < n {
                    let c = b[i]
                    i += 1
                    if s.escaped {
                        s.escaped = false
                    } else if c == 0x5C {
                        s.escaped = true
                    } else if c == 0x22 {
                        outcome = .complete(end: bufBase + i)
                        return
                    } else if c == 0x0A {
                        ln += 1
                    }
                }
                return
            }
            while i < n {
                let c = b[i]
                if c == 0x2C || c == 0x5D || c == 0x7D || c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09 {
                    outcome = .complete(end: bufBase + i)
                    return
                }
                i += 1
            }
        }
        pos = bufBase + i
        line = ln
        if case .needMore = outcome, finished { return .complete(end: pos) }
        return outcome
    }

    /// Scans an object or array from `pos` to its matching close, tracking strings, escapes
    /// and depth (no recursion: any depth is fine).
    private mutating func scanContainer(_ s: inout ValueScan) -> ScanOutcome {
        // Array elements track neither keys nor broken lines: the C block scanner does it.
        if !s.trackKeys && !s.heuristic { return scanElement(&s) }
        var i = pos - bufBase
        let n = buf.count
        var ln = line
        var depth = s.depth
        var inString = s.inString
        var escaped = s.escaped
        var outcome = ScanOutcome.needMore
        let finished = self.finished
        let base = bufBase
        buf.withUnsafeBufferPointer { b in
            let raw = UnsafeRawPointer(b.baseAddress)
            scan: while i < n {
                if inString && !escaped, let raw {
                    // Skip eight string bytes at a time while none is a quote, backslash or newline.
                    while i + 8 <= n {
                        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                        let q = w ^ 0x2222_2222_2222_2222
                        let e = w ^ 0x5C5C_5C5C_5C5C_5C5C
                        let l = w ^ 0x0A0A_0A0A_0A0A_0A0A
                        let ones: UInt64 = 0x0101_0101_0101_0101
                        let special = ((q &- ones) & ~q) | ((e &- ones) & ~e) | ((l &- ones) & ~l)
                        if special & 0x8080_8080_8080_8080 != 0 { break }
                        i += 8
                    }
                    if i >= n { break scan }
                }
                let c = b[i]
                if inString {
                    if escaped {
                        escaped = false
                        if c == 0x0A { ln += 1 }
                    } else if c == 0x22 {
                        inString = false
                        if s.inKey {
                            s.inKey = false
                            let key = UnsafeBufferPointer(rebasing: b[(s.keyStart - base)..<i])
                            s.pendingKind = WrapperKind.classify(key)
                            if WrapperKind.isDigestKey(key) { s.sawDigest = true }
                        }
                    } else if c == 0x5C {
                        escaped = true
                    } else if c == 0x0A {
                        ln += 1
                        if s.heuristic {
                            if i + 1 < n {
                                if b[i + 1] == 0x7B {
                                    outcome = .broken(end: base + i)
                                    i += 1
                                    break scan
                                }
                            } else if !finished {
                                ln -= 1
                                break scan
                            }
                        }
                    }
                    i += 1
                    continue
                }
                switch c {
                case 0x22:
                    inString = true
                    if s.trackKeys && depth == 1 {
                        if s.expectKey {
                            s.inKey = true
                            s.expectKey = false
                            s.keyStart = base + i + 1
                        }
                        s.valuePending = false
                    }
                case 0x7B, 0x5B:
                    if s.trackKeys && depth == 1 {
                        if c == 0x5B && s.valuePending, let pending = s.pendingKind {
                            outcome = .wrapper(pending.kind, strong: pending.strong)
                            break scan
                        }
                        s.valuePending = false
                    }
                    depth += 1
                    if depth == 1 && s.trackKeys { s.expectKey = true }
                case 0x7D, 0x5D:
                    depth -= 1
                    if depth <= 0 {
                        i += 1
                        outcome = .complete(end: base + i)
                        break scan
                    }
                    if s.trackKeys && depth == 1 { s.valuePending = false }
                case 0x0A:
                    ln += 1
                    if s.heuristic {
                        if i + 1 < n {
                            if b[i + 1] == 0x7B {
                                outcome = .broken(end: base + i)
                                i += 1
                                break scan
                            }
                        } else if !finished {
                            ln -= 1
                            break scan
                        }
                    }
                case 0x2C:
                    if s.trackKeys && depth == 1 {
                        s.expectKey = true
                        s.pendingKind = nil
                        s.valuePending = false
                    }
                case 0x3A:
                    if s.trackKeys && depth == 1 { s.valuePending = true }
                case 0x20, 0x09, 0x0D:
                    break
                default:
                    if s.trackKeys && depth == 1 { s.valuePending = false }
                }
                i += 1
            }
        }
        pos = base + i
        line = ln
        s.depth = depth
        s.inString = inString
        s.escaped = escaped
        return outcome
    }

    // MARK: CSV

    private mutating func csvSkip() -> Step {
        let lo = pos - bufBase
        let n = buf.count
        if let nl = buf.withUnsafeBufferPointer({ ByteScan.find(0x0A, in: $0, from: lo, to: n) }) {
            pos = bufBase + nl + 1
            line += 1
            csvRow = CSVRowScan(start: pos, startLine: line)
            state = .csv
            return .progress
        }
        pos = bufBase + n
        csvRow.start = pos
        return finished ? .done : .needMore
    }

    private mutating func csvStep() -> Step {
        var i = pos - bufBase
        let n = buf.count
        var ln = line
        var inQuotes = csvRow.inQuotes
        var rowEnd: Int?
        buf.withUnsafeBufferPointer { b in
            while i < n {
                let c = b[i]
                if c == 0x22 {
                    inQuotes.toggle()
                } else if c == 0x0A {
                    ln += 1
                    if !inQuotes {
                        rowEnd = i
                        i += 1
                        return
                    }
                }
                i += 1
            }
        }
        pos = bufBase + i
        line = ln
        csvRow.inQuotes = inQuotes
        let startLine = csvRow.startLine
        let start = csvRow.start - bufBase
        var end: Int
        if let rowEnd {
            end = rowEnd
        } else if finished {
            if start >= n { return .done }
            if inQuotes {
                lose(.malformedRecord, line: startLine, .unterminatedQuotedField)
                return .done
            }
            end = n
        } else {
            if n - start > limits.maxLineBytes {
                lose(.limitExceeded, line: startLine, .lineTooLong(limit: limits.maxLineBytes))
                csvRow = CSVRowScan(start: pos, startLine: line)
                // Resynchronise at the next raw newline, quotes or not.
                pos = bufBase + n
                csvRow.start = pos
                state = .csvSkip
                return .needMore
            }
            return .needMore
        }
        // The next row starts after this one.
        csvRow = CSVRowScan(start: pos, startLine: line)
        if end - start > limits.maxLineBytes {
            lose(.limitExceeded, line: startLine, .lineTooLong(limit: limits.maxLineBytes))
            return .progress
        }
        let fields: [[UInt8]]? = buf.withUnsafeBufferPointer { b in
            while end > start && (b[end - 1] == 0x0D || b[end - 1] == 0x00) { end -= 1 }
            let row = UnsafeBufferPointer(rebasing: b[start..<end])
            if CSVReader.isBlank(row) { return nil }
            return CSVReader.splitFields(row)
        }
        guard let fields else { return .progress }
        guard let reader = csv else {
            csv = CSVReader(header: fields, limits: limits)
            return .progress
        }
        return emit(reader.record(fields), line: startLine, container: .csv)
    }
}
