import LogHuntCore
import Testing

@testable import LogHuntIngest

@Suite struct GzipDecoderTests {
    /// Decodes `gz` from memory in chunks of `chunkSize` through `GzipChunkSource`.
    private func inflate(_ gz: [UInt8], chunkSize: Int, limits: Limits = Limits()) -> ([UInt8], [Diagnostic], Int) {
        let sink = DiagnosticCollector()
        var source = GzipChunkSource(
            base: ArrayChunkSource(bytes: gz, chunkSize: chunkSize), file: "m.gz", limits: limits, outputSize: 64,
            sink: sink)
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
