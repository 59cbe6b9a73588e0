import LogHuntCore
import Testing

@testable import LogHuntIngest

@Suite struct GzipDecoderTests {
    /// Decodes `gz` from memory in chunks of `chunkSize` through `GzipChunkSource`.
    private func inflate(_ gz: [UInt8], chunkSize: Int, limits: Limits = Limits(), outputSize: Int = 64) -> (
        [UInt8], [Diagnostic], Int
    ) {
        let sink = DiagnosticCollector()
        var source = GzipChunkSource(
            base: ArrayChunkSource(bytes: gz, chunkSize: chunkSize), file: "m.gz", limits: limits,
            outputSize: outputSize, sink: sink)
        var out: [UInt8] = []
        while let chunk = source.nextChunk() { out += chunk }
        return (out, sink.diagnostics, source.members)
    }

    @Test(arguments: [1, 3, 4096])
    func multiMemberRoundTrip(chunkSize: Int) {
        let parts = ["{\"a\":1}\n", "", "{\"b\":2}\n{\"c\":3}\n"].map { Array($0.utf8) }
        let gz = parts.flatMap { gzipMember($0) }
        let (out, diagnostics, members) = inflate(gz, chunkSize: chunkSize)
        #expect(out == parts.flatMap { $0 })
        #expect(diagnostics.isEmpty)
        #expect(members == 3)
    }

    /// Found by the gzip fuzz target: when a call used up the last input and also filled the
    /// output buffer, the decoder still held output (a long match being copied) and the source
    /// called the file truncated at once, so a cut file lost up to a match of decodable text,
    /// depending on chunk sizes. Whatever the chunking and output size, a cut file must give
    /// what decoding it in one piece gives.
    @Test func outputHeldByTheDecoderAfterTheLastInputIsDrained() {
        // Long repeats compress into long matches, so output fills mid-copy often.
        let line = { (k: Int) in "{\"id\":\(k % 7),\"pad\":\"\(String(repeating: "ab", count: 90))\"}\n" }
        let text = Array((0..<400).map(line).joined().utf8)
        let gz = gzipMember(text)
        var failures: [String] = []
        for cut in stride(from: 40, to: gz.count, by: max(1, gz.count / 23)) {
            let damaged = Array(gz[0..<cut])
            let (reference, _, _) = inflate(damaged, chunkSize: cut, outputSize: 1 << 20)
            for chunkSize in [1, 3, 64, cut] {
                for outputSize in stride(from: 64, through: 700, by: 37) {
                    let (out, _, _) = inflate(damaged, chunkSize: chunkSize, outputSize: outputSize)
                    if out != reference { failures.append("cut \(cut) chunk \(chunkSize) output \(outputSize)") }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.prefix(5))")
        let (whole, diagnostics, members) = inflate(gz, chunkSize: 5, outputSize: 300)
        #expect(whole == text && diagnostics.isEmpty && members == 1)
    }

    @Test func everyTruncationKeepsAPrefixAndSaysSo() {
        let text = Array((1...60).map { "{\"id\":\($0)}\n" }.joined().utf8)
        let gz = gzipMember(text)
        for cut in 0..<gz.count {
            let (out, diagnostics, _) = inflate(Array(gz[0..<cut]), chunkSize: 7)
            #expect(Array(text.prefix(out.count)) == out)
            if cut > 0 {
                #expect(diagnostics.map(\.code) == [.damagedGzip], "cut at \(cut)")
                let newlines = out.filter { $0 == 0x0A }.count
                #expect(diagnostics.first?.line == newlines + 1)
            }
        }
    }

    @Test func flippedBytesNeverCrash() {
        let text = Array((1...200).map { "{\"id\":\($0),\"pad\":\"abcabcabc\"}\n" }.joined().utf8)
        let gz = gzipMember(text)
        for k in stride(from: 0, to: gz.count, by: 3) {
            var damaged = gz
            damaged[k] ^= 0xA5
            let (out, diagnostics, _) = inflate(damaged, chunkSize: 64)
            // Either the damage is caught, or (header bytes such as the mtime) it is harmless.
            #expect(!diagnostics.isEmpty || out == text, "flip at \(k)")
        }
    }

    @Test func zlibFramedStreamIsAcceptedToo() {
        // 15 + 32 auto-detects zlib headers: `78 9c` + deflate of "{}\n" + adler32.
        let zlib: [UInt8] = [0x78, 0x9C, 0xAB, 0xAE, 0xE5, 0x02, 0x00, 0x02, 0x78, 0x01, 0x03]
        let (out, diagnostics, _) = inflate(zlib, chunkSize: 2)
        #expect(out == Array("{}\n".utf8))
        #expect(diagnostics.isEmpty)
    }
}
