#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import LogHuntCore

/// Where a windowed correlation's records go when there are too many to keep in memory: an
/// unlinked temporary file (nothing is left behind, even after a crash) holding sorted runs.
///
/// Exact sliding windows in any input order need every referenced match until `finish()`, so
/// records grow with the input (~90 bytes each in memory). Past `Correlator.spillAfter` per
/// correlation the records are sorted into the order `finish()` walks them (group key, time,
/// location, listed rule) and written out as one run of numbers: group and value ids of the
/// correlator's tables, which only grow, so a run stays readable; a run adopted by another
/// correlator takes its first owner's tables along (`SpillTables`), so runs of several
/// workers merge without rewriting. `finish()` merges the runs and the records still in memory
/// and streams each group through `StreamingWindow`; memory is then bounded by the tables and
/// one window of one group, not the input.
///
/// A class because it owns a file descriptor; used by one correlator (one thread) at a time.
final class SpillFile {
    private let fd: Int32
    /// Bytes written so far.
    private(set) var size = 0

    /// Creates and unlinks a temporary file in `TMPDIR` (else `/tmp`).
    /// - Returns: nil when no temporary file can be made (records then stay in memory).
    init?() {
        let directory = getenv("TMPDIR").map { String(cString: $0) }.flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        var template = Array((directory + "/loghunt-correlation-XXXXXX").utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Appends `bytes`.
    /// - Parameter bytes: the bytes.
    /// - Returns: where they are, or nil when the write failed (disk full).
    func append(_ bytes: [UInt8]) -> Range<Int>? {
        let start = size
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                pwrite(fd, raw.baseAddress! + done, bytes.count - done, off_t(start + done))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { return nil }
            done += n
        }
        size += bytes.count
        return start..<size
    }

    /// Reads up to `count` bytes at `offset` into `buffer` (appended).
    /// - Returns: bytes read (0 at the end or on an error).
    func read(at offset: Int, count: Int, into buffer: inout [UInt8]) -> Int {
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: count))
        var got = 0
        while got < count {
            let n = buffer.withUnsafeMutableBytes { raw in
                pread(fd, raw.baseAddress! + old + got, count - got, off_t(offset + got))
            }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { break }
            got += n
        }
        buffer.removeLast(count - got)
        return got
    }
}

/// One sorted run of records in a `SpillFile`.
struct SpillRun {
    let file: SpillFile
    let bytes: Range<Int>
    let count: Int
    /// The tables the run's group and value ids refer to: nil while they are its correlator's
    /// own (the correlator's tables only grow, so ids stay valid); set when another correlator
    /// adopts the run (`Correlator.absorb`).
    var tables: SpillTables?
}

/// What the ids in spilled records stand for: per group id its case-folded key and spelling,
/// per value id its key. A run keeps its correlator's ids rather than its keys as text, so
/// records are written, read and compared as numbers; the merge ranks every table's keys
/// once (`SpillMerge`).
final class SpillTables {
    let groupKeys: [String]
    let groupParts: [[String]]
    let valueKeys: [String]

    init(groupKeys: [String], groupParts: [[String]], valueKeys: [String]) {
        self.groupKeys = groupKeys
        self.groupParts = groupParts
        self.valueKeys = valueKeys
    }
}

/// A record as spilled: numbers only, its group and values as ids into its run's
/// `SpillTables`.
struct SpilledRecord {
    var group: Int
    var time: Timestamp
    var location: SourceLocation
    var source: Int
    /// The value id (-1: none), then any further value ids.
    var value: Int
    var extraValues: [Int]
    var number: Double

    func encode(into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        Self.put(UInt64(bitPattern: time.nanoseconds), &out)
        Self.put(UInt64(bitPattern: Int64(location.line)), &out)
        Self.put(UInt64(bitPattern: Int64(location.record)), &out)
        Self.put(UInt64(bitPattern: Int64(source)), &out)
        Self.put(number.bitPattern, &out)
        // The file's process-local number: a spill file lives and dies with the process.
        Self.put(UInt64(location.fileID), &out)
        Self.put(UInt64(bitPattern: Int64(group)), &out)
        Self.put(UInt64(bitPattern: Int64(value)), &out)
        Self.put(UInt64(extraValues.count), &out)
        for v in extraValues { Self.put(UInt64(bitPattern: Int64(v)), &out) }
        let length = UInt32(out.count - start - 4)
        for k in 0..<4 { out[start + k] = UInt8(truncatingIfNeeded: length >> (8 * UInt32(k))) }
    }

    private static func put(_ v: UInt64, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }

    /// Decodes one record body (after its length prefix); nil when it is damaged (ids out of
    /// range of `tables` included).
    static func decode(_ b: UnsafeRawBufferPointer, tables: SpillTables) -> SpilledRecord? {
        var at = 0
        func u64() -> UInt64? {
            guard at + 8 <= b.count else { return nil }
            var v: UInt64 = 0
            for k in 0..<8 { v |= UInt64(b[at + k]) << (8 * UInt64(k)) }
            at += 8
            return v
        }
        func id(below count: Int, orNone: Bool) -> Int? {
            guard let raw = u64() else { return nil }
            let v = Int(Int64(bitPattern: raw))
            return (v >= 0 && v < count) || (orNone && v == -1) ? v : nil
        }
        guard let t = u64(), let line = u64(), let record = u64(), let source = u64(), let number = u64(),
            let file = u64(), file <= UInt64(UInt32.max), let group = id(below: tables.groupKeys.count, orNone: false),
            let value = id(below: tables.valueKeys.count, orNone: true), let extraCount = u64(),
            extraCount <= 1 << 16
        else { return nil }
        var extra: [Int] = []
        for _ in 0..<extraCount {
            guard let v = id(below: tables.valueKeys.count, orNone: false) else { return nil }
            extra.append(v)
        }
        guard at == b.count else { return nil }
        return SpilledRecord(
            group: group, time: Timestamp(nanoseconds: Int64(bitPattern: t)),
            location: SourceLocation(
                fileID: UInt32(file), line: Int(Int64(bitPattern: line)), record: Int(Int64(bitPattern: record))),
            source: Int(Int64(bitPattern: source)), value: value, extraValues: extra,
            number: Double(bitPattern: number))
    }
}

/// Reads one run back, record by record, through a small buffer.
struct SpillRunReader {
    private let run: SpillRun
    private let tables: SpillTables
    private var offset: Int
    private var buffer: [UInt8] = []
    private var at = 0
    private var remaining: Int
    /// The record at the front, or nil when the run is exhausted.
    private(set) var current: SpilledRecord?
    /// Records the run should still have held when reading or decoding failed (0: none lost).
    private(set) var lost = 0

    /// - Parameters:
    ///   - run: the run.
    ///   - tables: what its ids stand for.
    init(_ run: SpillRun, tables: SpillTables) {
        self.run = run
        self.tables = tables
        self.offset = run.bytes.lowerBound
        self.remaining = run.count
        advance()
    }

    /// Makes sure `count` bytes are buffered from `at`; false at the end of the run.
    private mutating func ensure(_ count: Int) -> Bool {
        if buffer.count - at >= count { return true }
        buffer.removeFirst(at)
        at = 0
        let want = max(count - buffer.count, 1 << 16)
        let n = run.file.read(at: offset, count: min(want, run.bytes.upperBound - offset), into: &buffer)
        offset += n
        return buffer.count >= count
    }

    /// Moves to the next record.
    mutating func advance() {
        current = nil
        guard remaining > 0 else { return }
        guard ensure(4) else { return fail() }
        var length = 0
        for k in 0..<4 { length |= Int(buffer[at + k]) << (8 * k) }
        guard ensure(4 + length) else { return fail() }
        current = buffer.withUnsafeBytes {
            SpilledRecord.decode(UnsafeRawBufferPointer(rebasing: $0[(at + 4)..<(at + 4 + length)]), tables: tables)
        }
        guard current != nil else { return fail() }
        at += 4 + length
        remaining -= 1
    }

    private mutating func fail() {
        lost = remaining
        remaining = 0
    }
}

/// A k-way merge of spilled runs and one more source (the records still in memory) in merge
/// order — group key, time, location, listed rule; the order `Correlator` writes each run in —
/// as a binary heap of sources over their front records. Group keys are ranked once, over
/// every source's tables, so fronts compare as numbers (rank, time, location, listed rule),
/// read in place: the merge of a large hunt compares every record several times.
struct SpillMerge {
    private var readers: [SpillRunReader]
    private let nextExtra: () -> SpilledRecord?
    /// The front record of each source: readers, then the extra source; meaningful while the
    /// source is in `heap`.
    private var fronts: [SpilledRecord]
    /// Per source: its front's group rank and time, the keys almost every comparison decides
    /// on, side by side.
    private var frontKeys: [(rank: Int, time: Int64)]
    /// Source `k`'s group ids' ranks start at `rankStart[k]` in `ranks`.
    private let rankStart: [Int]
    private let ranks: [Int]
    /// Sources that still have records, as a binary heap on their fronts.
    private var heap: [Int]

    /// Records the runs should still have held when reading or decoding failed.
    var lost: Int { readers.reduce(0) { $0 + $1.lost } }

    /// - Parameters:
    ///   - readers: one reader per run, each yielding its records in order.
    ///   - tables: each source's tables: the readers' runs', then the extra source's.
    ///   - extra: the records of one more source, in order (nil at its end).
    init(readers: [SpillRunReader], tables: [SpillTables], extra: @escaping () -> SpilledRecord?) {
        precondition(tables.count == readers.count + 1, "one table per source")
        self.readers = readers
        self.nextExtra = extra
        // Rank the distinct keys of the distinct tables (the runs of one correlator share its).
        var seen = Set<ObjectIdentifier>()
        var keys = Set<String>()
        for t in tables where seen.insert(ObjectIdentifier(t)).inserted { keys.formUnion(t.groupKeys) }
        var rankOf: [String: Int] = [:]
        rankOf.reserveCapacity(keys.count)
        for (rank, key) in keys.sorted().enumerated() { rankOf[key] = rank }
        var rankStart: [Int] = []
        var ranks: [Int] = []
        var placed: [ObjectIdentifier: Int] = [:]
        for t in tables {
            if let start = placed[ObjectIdentifier(t)] {
                rankStart.append(start)
                continue
            }
            placed[ObjectIdentifier(t)] = ranks.count
            rankStart.append(ranks.count)
            for key in t.groupKeys { ranks.append(rankOf[key] ?? 0) }
        }
        self.rankStart = rankStart
        self.ranks = ranks
        let placeholder = SpilledRecord(
            group: 0, time: Timestamp(nanoseconds: 0), location: SourceLocation(fileID: 0, line: 0, record: 0),
            source: 0, value: -1, extraValues: [], number: 0)
        var fronts: [SpilledRecord] = []
        var heap: [Int] = []
        for (k, reader) in readers.enumerated() {
            fronts.append(reader.current ?? placeholder)
            if reader.current != nil { heap.append(k) }
        }
        let first = extra()
        fronts.append(first ?? placeholder)
        if first != nil { heap.append(readers.count) }
        self.fronts = fronts
        self.frontKeys = fronts.indices.map { k in (ranks[rankStart[k] + fronts[k].group], fronts[k].time.nanoseconds) }
        self.heap = heap
        for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(i) }
    }

    /// The rank of the group of source `k`'s record `r` among every source's group keys.
    func rank(of r: SpilledRecord, source k: Int) -> Int { ranks[rankStart[k] + r.group] }

    /// The next record in merge order and its source, or nil when every source is exhausted.
    mutating func next() -> (record: SpilledRecord, source: Int)? {
        guard let top = heap.first else { return nil }
        let record = fronts[top]
        let following: SpilledRecord?
        if top < readers.count {
            readers[top].advance()
            following = readers[top].current
        } else {
            following = nextExtra()
        }
        if let following {
            fronts[top] = following
            frontKeys[top] = (ranks[rankStart[top] + following.group], following.time.nanoseconds)
        } else {
            heap.swapAt(0, heap.count - 1)
            heap.removeLast()
        }
        if !heap.isEmpty { siftDown(0) }
        return (record, top)
    }

    /// Whether front `a` comes before front `b` in merge order, read field by field in place.
    private func before(_ a: Int, _ b: Int) -> Bool {
        let ka = frontKeys[a]
        let kb = frontKeys[b]
        if ka.rank != kb.rank { return ka.rank < kb.rank }
        if ka.time != kb.time { return ka.time < kb.time }
        if fronts[a].location != fronts[b].location { return fronts[a].location < fronts[b].location }
        return fronts[a].source < fronts[b].source
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1
            let r = l + 1
            var m = i
            if l < heap.count, before(heap[l], heap[m]) { m = l }
            if r < heap.count, before(heap[r], heap[m]) { m = r }
            if m == i { return }
            heap.swapAt(i, m)
            i = m
        }
    }
}
