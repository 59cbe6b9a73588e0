import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize

/// Counts of one run over the inputs (the contract's `summary` numbers).
struct InputCounts: Sendable {
    /// Inputs opened.
    var files = 0
    /// Records seen: events plus malformed.
    var records = 0
    /// Records that became events.
    var events = 0
    /// Records lost to framing or parsing problems (each reported with FILE:LINE).
    var malformed = 0
    /// Bytes read from disk.
    var bytesRead: Int64 = 0
    /// Bytes after decompression.
    var bytesDecoded: Int64 = 0

    static func += (a: inout InputCounts, b: InputCounts) {
        a.files += b.files
        a.records += b.records
        a.events += b.events
        a.malformed += b.malformed
        a.bytesRead += b.bytesRead
        a.bytesDecoded += b.bytesDecoded
    }
}

/// How far the pipeline goes (for `--bench-stage` microbenchmarks).
enum PipelineStage: String, Sendable {
    case frame
    case parse
    case normalize
    case match
}

/// Reads every input and hands each normalised event to a consumer, using every core:
/// producer threads open files, inflate gzip and frame records into batches; consumer threads
/// parse, normalise and call `consume`. A bounded queue between them keeps memory flat
/// whatever the input size, and lets one large `.json.gz` use both cores (inflate and framing
/// on one, parsing and matching on the other).
struct EventPipeline: Sendable {
    /// A batch of framed records from one input, packed: every record's bytes back to back
    /// in one buffer, which the framer fills directly (`RecordFramer.packs`). Were each record
    /// an array of its own, allocated on the producer thread, each would be freed on a worker
    /// thread, and the allocator takes a lock for every block freed by another thread than the
    /// one that allocated it (glibc returns it to its arena). Packed, the worker allocates (and
    /// later frees) its own copy of each record, and one buffer per batch crosses threads.
    struct Batch: Sendable {
        var sequence: Int
        var bytes: [UInt8] = []
        var records: [PackedRecord] = []
        var counts = InputCounts()

        /// One record of the batch: where its bytes end in `bytes` (they start where the
        /// previous record ends), and the rest of its `RawRecord`.
        struct PackedRecord: Sendable {
            var end: Int
            var location: SourceLocation
            var container: ContainerFormat
        }

        init(sequence: Int) { self.sequence = sequence }

        /// Calls `body` with each record, its bytes in an array of the calling thread's own.
        func forEach(_ body: (RawRecord) -> Void) {
            bytes.withUnsafeBufferPointer { all in
                var start = 0
                for p in records {
                    body(
                        RawRecord(
                            bytes: Array(UnsafeBufferPointer(rebasing: all[start..<p.end])), location: p.location,
                            container: p.container))
                    start = p.end
                }
            }
        }
    }

    var limits: Limits
    var normalizer: Normalizer
    /// Consumer threads (one per core by default).
    var consumers: Int
    /// Deliver events in input order (one producer, batches re-ordered); for `normalize`.
    var ordered = false
    /// Stop after this stage (benchmarks).
    var stopAfter: PipelineStage = .match

    /// Runs over `sources`, calling `consume(worker, event)` for each event on worker threads
    /// (`worker` is in 0..<consumers). In ordered mode `consume` is called with worker 0 in
    /// input order, from one thread at a time.
    func run(
        _ sources: [InputSource], sink: any DiagnosticSink, progress: (@Sendable (InputCounts) -> Void)? = nil,
        consume: @escaping @Sendable (_ worker: Int, _ event: Event) -> Void
    ) -> InputCounts {
        let nextFile = AtomicCounter()
        let sequence = AtomicCounter()
        let workerCount = max(1, consumers)
        let totals = PerWorker<InputCounts>(count: workerCount) { _ in InputCounts() }
        let reorder = ordered ? ReorderBuffer() : nil
        let limits = self.limits
        // One normaliser per worker: its GeoIP cache needs no lock.
        let normalizers = (0..<workerCount).map { _ in self.normalizer.forWorker() }
        let stopAfter = self.stopAfter
        let batchRecords = 512
        let batchBytes = 2 << 20

        ParallelPipeline.run(
            producers: ordered ? 1 : min(2, max(1, sources.count)), consumers: workerCount,
            capacity: 2 * workerCount + 2,
            produce: { (_: Int, emit: (Batch) -> Bool) in
                while true {
                    let index = nextFile.next()
                    guard index < sources.count else { return }
                    let source = sources[index]
                    guard var chunks = InputChunkSource.open(source, limits: limits, sink: sink) else { continue }
                    var framer = RecordFramer(file: source.displayPath, limits: limits, sink: sink)
                    framer.packs = true
                    // Small at first (a directory of small files must not map 2 MB each); a
                    // file that fills a batch gets full-size buffers from then on.
                    _ = framer.takePacked(reserving: 64 << 10)
                    var batch = Batch(sequence: 0)
                    func flush(final: Bool) {
                        if batch.records.isEmpty && !final { return }
                        var counts = InputCounts()
                        if final {
                            counts.files = 1
                            counts.malformed = framer.malformed
                            counts.records = framer.malformed
                            counts.bytesRead = Int64(chunks.bytesRead)
                            counts.bytesDecoded = Int64(chunks.bytesDecoded)
                        }
                        batch.sequence = sequence.next()
                        batch.counts = counts
                        batch.bytes = framer.takePacked(reserving: final ? 0 : batchBytes + (64 << 10))
                        _ = emit(batch)
                        batch = Batch(sequence: 0)
                    }
                    func add(_ r: RawRecord) {
                        batch.records.append(
                            Batch.PackedRecord(end: framer.packed.count, location: r.location, container: r.container))
                    }
                    while let chunk = chunks.nextChunk() {
                        framer.push(chunk)
                        while let r = framer.next() {
                            add(r)
                            if batch.records.count >= batchRecords || framer.packed.count >= batchBytes {
                                flush(final: false)
                            }
                        }
                        if framer.isDone { break }
                    }
                    framer.finish()
                    while let r = framer.next() {
                        add(r)
                        if batch.records.count >= batchRecords { flush(final: false) }
                    }
                    flush(final: true)
                }
            },
            consume: { (worker: Int, batch: Batch) in
                var local = batch.counts
                var events: [Event] = []
                if reorder != nil { events.reserveCapacity(batch.records.count) }
                batch.forEach { raw in
                    local.records += 1
                    if stopAfter == .frame {
                        local.events += 1
                        return
                    }
                    guard let record = raw.parse(limits: limits, sink: sink) else {
                        local.malformed += 1
                        return
                    }
                    local.events += 1
                    if stopAfter == .parse { return }
                    let event = normalizers[worker].normalize(record)
                    if stopAfter == .normalize { return }
                    if reorder != nil { events.append(event) } else { consume(worker, event) }
                }
                totals.with(worker) { $0 += local }
                if let reorder {
                    reorder.deliver(sequence: batch.sequence, events: events) { consume(0, $0) }
                }
                if let progress { progress(local) }
            })
        var sum = InputCounts()
        for t in totals.all { sum += t }
        return sum
    }
}

/// Re-orders batches by sequence number so ordered consumers see input order.
///
/// `@unchecked Sendable`: state guarded by `lock`; delivery happens under the lock, one batch at a time.
private final class ReorderBuffer: @unchecked Sendable {
    private let lock = NSLock()
    private var next = 0
    private var pending: [Int: [Event]] = [:]

    func deliver(sequence: Int, events: [Event], _ body: (Event) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        pending[sequence] = events
        while let ready = pending.removeValue(forKey: next) {
            for e in ready { body(e) }
            next += 1
        }
    }
}
