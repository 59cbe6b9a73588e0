import LogHuntCore
import Testing

@testable import LogHuntIngest

#if canImport(Glibc)
import Glibc
#endif

/// A measurement, not a timed assertion: set `LOGHUNT_BENCH_FILE` to a corpus (for example
/// from `python3 ../shared/bench/gen_corpus.py --source github --size-mb 200 --out /tmp/gh200`)
/// and run `swift test -c release --filter IngestThroughputTests` to print framing and parsing
/// throughput. Skipped otherwise.
@Suite struct IngestThroughputTests {
    static let file: String? = getenv("LOGHUNT_BENCH_FILE").map { String(cString: $0) }

    private static func seconds() -> Double {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
    }

    @Test(.enabled(if: file != nil))
    func frameAndParseThroughput() throws {
        let path = try #require(Self.file)
        let sink = DiagnosticCollector()
        let limits = Limits()

        var start = Self.seconds()
        var input = try #require(InputChunkSource.open(InputSource(displayPath: path), limits: limits, sink: sink))
        var framer = RecordFramer(file: path, limits: limits, sink: sink)
        var framed = 0
        while true {
            while framer.next() != nil { framed += 1 }
            if framer.isDone { break }
            if let chunk = input.nextChunk() { framer.push(chunk) } else { framer.finish() }
        }
        let frameTime = Self.seconds() - start
        let megabytes = Double(input.bytesDecoded) / 1e6

        start = Self.seconds()
        var reader = RecordReader(source: InputSource(displayPath: path), limits: limits, sink: sink)
        var parsed = 0
        while reader.next() != nil { parsed += 1 }
        let parseTime = Self.seconds() - start

        print("ingest: \(framed) records, \(Int(megabytes)) MB decoded")
        print("ingest: frame \(Int(megabytes / frameTime)) MB/s, frame+parse \(Int(megabytes / parseTime)) MB/s")
        #expect(framed > 0)
        #expect(parsed == framed - reader.statistics.malformed)
    }
}
