import LogHuntCore
import PropertyBased
import LogHuntTestSupport
import Testing

@testable import LogHuntIngest

/// ISA-L inflates gzip members; these tests hold it to what zlib alone did (`GzipDecoder(useISAL:
/// false)`, the decoder before ISA-L) and to `gzip -dc`, wherever the two libraries could differ:
/// member boundaries, damage, truncation, odd headers, expansion limits.
@Suite struct GzipISALTests {
    /// What one decode produced.
    struct Decoded: Equatable, CustomStringConvertible {
        var output: [UInt8]
        /// `code:line: message` of every diagnostic.
        var messages: [String]
        var members: Int
        var consumed: Int
        /// The messages without their lines (which count the newlines delivered).
        var reasons: [String] { messages.map { String($0.drop { $0 != " " }.dropFirst()) } }
        /// Without `consumed`, which after damage can differ: ISA-L reads the trailer's CRC-32 and
        /// length together, zlib stops after a bad CRC-32.
        var observable: Decoded { Decoded(output: output, messages: messages, members: members, consumed: 0) }
        var description: String {
            "\(output.count) bytes (hash \(output.hashValue)), \(members) members, \(consumed) consumed, \(messages)"
        }
    }

    /// Decodes `gz` through `GzipChunkSource`, read in chunks of `chunkSize`.
    static func decode(
        _ gz: [UInt8], chunkSize: Int = 1 << 20, outputSize: Int = 1 << 20, isal: Bool = true,
        replayLimit: Int? = nil, limits: Limits = Limits()
    ) -> (Decoded, zlibMembers: Int) {
        let sink = DiagnosticCollector()
        guard let decoder = GzipDecoder(useISAL: isal) else {
            return (Decoded(output: [], messages: [], members: 0, consumed: 0), 0)
        }
        if let replayLimit { decoder.replayLimit = replayLimit }
        var source = GzipChunkSource(
            base: ArrayChunkSource(bytes: gz, chunkSize: chunkSize), initialInput: [], file: "t.gz", limits: limits,
            outputSize: outputSize, sink: sink, decoder: decoder)
        var output: [UInt8] = []
        while let chunk = source.nextChunk() { output += chunk }
        #expect(output.count == source.bytesDecoded)
        let decoded = Decoded(
            output: output, messages: sink.diagnostics.map { "\($0.code):\($0.line ?? 0): \($0.message)" },
            members: source.members, consumed: source.bytesConsumed)
        return (decoded, decoder.zlibMembers)
    }

    /// What zlib alone gave for the same bytes (in one chunk: zlib's result does not depend on it).
    static func reference(_ gz: [UInt8], limits: Limits = Limits()) -> Decoded {
        decode(gz, isal: false, limits: limits).0
    }

    /// `gzip -dc` of `gz` (the system gzip, its own inflate).
    static func gunzip(_ gz: [UInt8]) -> [UInt8] {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("in.gz", gz)
        run("/bin/sh", ["-c", "gzip -dc < '\(path)' > '\(path).out' 2>/dev/null"])
        return readAll(path + ".out")
    }

    /// `bytes` gzip-compressed at `level` (1–9) by the system gzip.
    static func gzipped(_ bytes: [UInt8], level: Int = 6) -> [UInt8] {
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("member", bytes)
        run("/bin/sh", ["-c", "gzip -n -\(level) -c < '\(path)' > '\(path).gz'"])
        return readAll(path + ".gz")
    }

    /// Deterministic pseudo-random JSON lines: `entropy` 0 repeats one line, 3 is close to noise.
    static func text(bytes: Int, seed: UInt64, entropy: Int = 1) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = []
        out.reserveCapacity(bytes + 200)
        let words = ["ConsoleLogin", "AssumeRole", "GetObject", "us-east-1", "arn:aws:iam::123456789012:user/a"]
        while out.count < bytes {
            let n = rng.next()
            var line = "{\"id\":\(entropy == 0 ? 1 : n % 100_000),\"event\":\"\(words[Int(n >> 20) % words.count])\""
            if entropy >= 2 {
                line += ",\"token\":\"\(String(rng.next(), radix: 36))\(String(rng.next(), radix: 36))\""
            }
            if entropy >= 3 {
                line += ",\"blob\":\"" + (0..<40).map { _ in String(rng.next() % 36, radix: 36) }.joined() + "\""
            }
            out += Array((line + "}\n").utf8)
        }
        return Array(out.prefix(bytes))
    }

    // MARK: members

    @Test(arguments: [1, 2, 3, 7, 64, 4096, 1 << 20])
    func multiMemberWithEmptyMembersMatchesGzip(chunkSize: Int) {
        let parts = [
            Self.text(bytes: 30_000, seed: 1), [], Self.text(bytes: 5, seed: 2), [],
            Self.text(bytes: 70_000, seed: 3, entropy: 2),
        ]
        let gz = parts.flatMap { Self.gzipped($0) }
        let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize, outputSize: 100)
        #expect(decoded.output == parts.flatMap { $0 })
        #expect(decoded.output == Self.gunzip(gz))
        #expect(decoded.messages.isEmpty)
        #expect(decoded.members == 5)
        #expect(decoded.consumed == gz.count)
        #expect(zlibMembers == 0, "ISA-L inflated every member")
    }

    @Test func memberBoundaryFallsAnywhereInAChunk() {
        // Every chunk size from 1 to 40 against two members, so the end of the first member (its
        // CRC and length) falls at every offset within an input chunk.
        let a = Self.text(bytes: 3_000, seed: 4)
        let b = Self.text(bytes: 2_000, seed: 5, entropy: 2)
        let gz = Self.gzipped(a) + Self.gzipped(b, level: 1)
        for chunkSize in 1...40 {
            for outputSize in [64, 1_000, 1 << 20] {
                let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize, outputSize: outputSize)
                #expect(decoded.output == a + b, "chunk \(chunkSize) output \(outputSize)")
                #expect(decoded.members == 2 && decoded.messages.isEmpty && zlibMembers == 0)
            }
        }
    }

    @Test func outputLeftAfterTheLastInputIsStillDelivered() {
        // ISA-L reads the whole member (trailer included) into its window before a small output
        // buffer has taken it all: the source must ask again after its input has ended.
        let text = Self.text(bytes: 30_000, seed: 19)
        let gz = Self.gzipped(text)
        let (decoded, zlibMembers) = Self.decode(gz, outputSize: 64)
        #expect(decoded.output == text)
        #expect(decoded.messages.isEmpty && decoded.members == 1 && zlibMembers == 0)
    }

    @Test func emptyMemberAlone() {
        let gz = Self.gzipped([])
        for chunkSize in [1, 20] {
            let (decoded, _) = Self.decode(gz, chunkSize: chunkSize)
            #expect(decoded == Decoded(output: [], messages: [], members: 1, consumed: gz.count))
        }
    }

    @Test func optionalHeaderFieldsAreReadInAnyPieces() {
        // FEXTRA, FNAME and FCOMMENT before a deflate body taken from gzip's output; read in
        // pieces, the fields straddle calls (ISA-L's own header reader would lose the flags).
        let text = Self.text(bytes: 2_000, seed: 6)
        let body = Array(Self.gzipped(text)[10...])
        var header: [UInt8] = [0x1F, 0x8B, 8, 0x04 | 0x08 | 0x10, 0, 0, 0, 0, 0, 3]
        header += [5, 0] + Array("extra".utf8)
        header += Array("name.json".utf8) + [0] + Array("a comment".utf8) + [0]
        let gz = header + body + Self.gzipped([]) + [0x1F, 0x8B, 8, 0x04, 0, 0, 0, 0, 0, 3, 0, 0] + body
        #expect(Self.gunzip(gz) == text + text)
        for chunkSize in [1, 2, 3, 11, 1 << 20] {
            let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize)
            #expect(decoded.output == text + text, "chunks of \(chunkSize)")
            #expect(decoded.messages.isEmpty && decoded.members == 3 && zlibMembers == 0)
        }
    }

    @Test func headerCRCIsLeftToZlib() {
        let text = Self.text(bytes: 2_000, seed: 7)
        var header: [UInt8] = [0x1F, 0x8B, 8, 0x02 | 0x08, 0, 0, 0, 0, 0, 3] + Array("n".utf8) + [0]
        let crc = crc32(header)
        header += [UInt8(crc & 0xFF), UInt8(crc >> 8 & 0xFF)]
        let gz = header + Self.gzipped(text)[10...]
        for chunkSize in [1, 1 << 20] {
            let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize)
            #expect(decoded.output == text && decoded.messages.isEmpty && zlibMembers == 1)
            var bad = gz
            bad[header.count - 1] ^= 1
            let (damaged, _) = Self.decode(bad, chunkSize: chunkSize)
            #expect(damaged == Self.reference(bad))
            #expect(damaged.messages.first?.contains("header crc mismatch") == true)
        }
    }

    // MARK: damage

    @Test(arguments: [1, 5, 1 << 20])
    func corruptCRCOrLengthIsDamageAfterTheWholeMember(chunkSize: Int) {
        let text = Self.text(bytes: 50_000, seed: 7)
        let good = Self.gzipped(text)
        for (offset, reason) in [(good.count - 8, "incorrect data check"), (good.count - 1, "incorrect length check")] {
            var gz = good + Self.gzipped(Array("{\"after\":1}\n".utf8))
            gz[offset] ^= 0x10
            let (decoded, _) = Self.decode(gz, chunkSize: chunkSize, outputSize: 777)
            #expect(decoded.output == text, "every byte before the trailer is delivered")
            #expect(decoded.observable == Self.reference(gz).observable)
            #expect(decoded.messages.count == 1 && decoded.messages[0].contains(reason))
            #expect(decoded.members == 0)
        }
    }

    @Test func flippedBytesGiveZlibsDiagnostics() {
        let text = Self.text(bytes: 6_000, seed: 8, entropy: 2)
        let gz = Self.gzipped(text) + Self.gzipped(Self.text(bytes: 500, seed: 9))
        var exact = 0
        var cases = 0
        for k in stride(from: 0, to: gz.count, by: 3) {
            for flip: UInt8 in [0x01, 0xA5] {
                var damaged = gz
                damaged[k] ^= flip
                let expected = Self.reference(damaged)
                // In one call ISA-L's result is replaced by zlib's as soon as ISA-L fails.
                let (whole, _) = Self.decode(damaged)
                #expect(whole.observable == expected.observable, "flip \(flip) at \(k)")
                for (chunkSize, outputSize) in [(1, 64), (7, 100), (512, 4096)] {
                    let (pieces, _) = Self.decode(damaged, chunkSize: chunkSize, outputSize: outputSize)
                    cases += 1
                    if pieces.observable == expected.observable { exact += 1 }
                    // Same diagnostics; the bytes may run on past zlib's stop when ISA-L took a
                    // damaged header (an incomplete code) that zlib rejects and an earlier piece
                    // already delivered what it decoded after it.
                    #expect(pieces.reasons == expected.reasons, "flip \(flip) at \(k), chunks of \(chunkSize)")
                    #expect(pieces.output.starts(with: expected.output), "flip \(flip) at \(k), chunks of \(chunkSize)")
                }
            }
        }
        #expect(exact * 100 >= cases * 99, "\(exact) of \(cases) damaged inputs decode exactly as with zlib")
    }

    @Test func reservedHeaderFlagsAreRefusedAsZlibDid() {
        var gz = Self.gzipped(Self.text(bytes: 100, seed: 10))
        gz[3] |= 0x20
        for chunkSize in [1, 1 << 20] {
            let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize)
            #expect(decoded == Self.reference(gz))
            #expect(decoded.messages.first?.contains("unknown header flags set") == true)
            #expect(zlibMembers == 1)
        }
    }

    @Test func gzipThenGarbage() {
        let a = Self.text(bytes: 1_000, seed: 11)
        let b = Self.text(bytes: 20, seed: 12)
        let members = Self.gzipped(a) + Self.gzipped(b)
        let zlibFramed: [UInt8] = [0x78, 0x9C, 0xAB, 0xAE, 0xE5, 0x02, 0x00, 0x02, 0x78, 0x01, 0x03]
        let tails: [[UInt8]] = [
            Array("junk".utf8), [0, 0, 0] + Array("junk".utf8), zlibFramed, [0x1F], [0x1F, 0x8B],
            [0x1F, 0x00, 0x00, 0x00],
            [0x1F, 0x8B, 0x07, 0, 0, 0, 0, 0, 0, 3], [UInt8](repeating: 0, count: 5000),
        ]
        for tail in tails {
            let gz = members + tail
            let expected = Self.reference(gz)
            #expect(expected.output == a + b)
            for chunkSize in [1, 6, 1 << 20] {
                let (decoded, _) = Self.decode(gz, chunkSize: chunkSize)
                #expect(decoded == expected, "tail \(tail.prefix(4)) chunks of \(chunkSize)")
            }
        }
        let (garbage, _) = Self.decode(members + Array("junk".utf8), chunkSize: 3)
        #expect(garbage.messages.count == 1 && garbage.messages[0].contains("not gzip"))
    }

    // MARK: truncation

    @Test func everyCutMatchesZlib() {
        let a = Self.text(bytes: 4_000, seed: 13)
        let b = Self.text(bytes: 300, seed: 14, entropy: 3)
        let gz = Self.gzipped(a) + Self.gzipped(b, level: 9)
        for cut in 0...gz.count {
            let prefix = Array(gz[..<cut])
            let expected = Self.reference(prefix)
            for (chunkSize, outputSize) in [(1, 64), (9, 200), (1 << 20, 1 << 20)] {
                let (decoded, _) = Self.decode(prefix, chunkSize: chunkSize, outputSize: outputSize)
                #expect(decoded == expected, "cut at \(cut), chunks of \(chunkSize)")
            }
        }
    }

    @Test func truncatedLargeMemberKeepsEverythingBeforeTheCut() {
        let text = Self.text(bytes: 4 << 20, seed: 15, entropy: 2)
        let gz = Self.gzipped(text)
        #expect(gz.count > 1 << 20, "the kept bytes span more than one piece")
        for cut in [gz.count / 3, gz.count / 2 + 1, gz.count - 9, gz.count - 1] {
            let prefix = Array(gz[..<cut])
            let expected = Self.reference(prefix)
            #expect(expected.output.count > text.count / 4 && text.starts(with: expected.output))
            let (decoded, zlibMembers) = Self.decode(prefix, chunkSize: 65_536)
            #expect(decoded == expected, "cut at \(cut)")
            #expect(zlibMembers == 1, "zlib finished the member from the kept bytes")
        }
    }

    // MARK: past the replay limit

    @Test func pastTheReplayLimitISALAloneStillDecodesValidInput() {
        let parts = [Self.text(bytes: 40_000, seed: 16), Self.text(bytes: 9_000, seed: 17, entropy: 2)]
        let gz = parts.flatMap { Self.gzipped($0) }
        for chunkSize in [1, 100, 1 << 20] {
            let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize, outputSize: 333, replayLimit: 64)
            #expect(decoded.output == parts.flatMap { $0 })
            #expect(decoded.messages.isEmpty && decoded.members == 2 && zlibMembers == 0)
        }
    }

    @Test func pastTheReplayLimitDamageAndCutsAreStillReported() {
        let text = Self.text(bytes: 20_000, seed: 18)
        let gz = Self.gzipped(text)
        for k in stride(from: 200, to: gz.count, by: 97) {
            var damaged = gz
            damaged[k] ^= 0x5A
            let expected = Self.reference(damaged)
            for chunkSize in [3, 1 << 20] {
                let (decoded, _) = Self.decode(damaged, chunkSize: chunkSize, outputSize: 100, replayLimit: 64)
                // ISA-L's own reason; its bytes run on from where zlib stopped, never short of it.
                #expect(decoded.messages.count == 1 && decoded.messages[0].hasPrefix("damagedGzip"), "flip at \(k)")
                #expect(decoded.output.starts(with: expected.output), "flip at \(k)")
            }
        }
        for cut in stride(from: 100, to: gz.count, by: 61) {
            let prefix = Array(gz[..<cut])
            let expected = Self.reference(prefix)
            let (decoded, _) = Self.decode(prefix, chunkSize: 5, outputSize: 100, replayLimit: 64)
            #expect(decoded.reasons == expected.reasons)
            // At most the last few bytes before the cut are lost (codes ISA-L decodes together).
            #expect(expected.output.starts(with: decoded.output) && decoded.output.count + 8 >= expected.output.count)
        }
    }

    // MARK: expansion limit

    @Test func highlyCompressibleMemberStillHitsTheRatioLimit() {
        var limits = Limits()
        limits.maxGzipRatio = 100
        limits.gzipRatioGrace = 1 << 20
        let zeros = [UInt8](repeating: 0x20, count: 48 << 20)
        let gz = Self.gzipped(zeros, level: 9)
        #expect(gz.count * 100 < zeros.count, "compresses more than 100 times")
        for outputSize in [1 << 16, 1 << 20] {
            let (decoded, _) = Self.decode(gz, chunkSize: 1 << 14, outputSize: outputSize, limits: limits)
            #expect(decoded.messages.count == 1 && decoded.messages[0].hasPrefix("limitExceeded"))
            #expect(decoded.output.count < zeros.count)
            #expect(
                decoded.output.count <= (limits.maxGzipRatio + 1) * decoded.consumed + limits.gzipRatioGrace
                    + outputSize)
            #expect(decoded.output.allSatisfy { $0 == 0x20 })
        }
        // Under the default limits the same member decodes completely.
        let (whole, _) = Self.decode(gz, chunkSize: 1 << 14)
        #expect(whole.output.count == zeros.count && whole.messages.isEmpty)
    }

    // MARK: properties

    @Test func randomMembersAndChunkingsMatchGzip() async {
        await propertyCheck(
            count: 60, input: Gen.int(in: 0...300_000), Gen.int(in: 1...3), Gen.int(in: 1...5_000),
            Gen.int(in: 64...70_000)
        ) { size, memberCount, chunkSize, outputSize in
            let seed = UInt64(size * 31 + memberCount * 7 + chunkSize)
            let parts = (0..<memberCount).map { i in
                Self.text(bytes: i == 0 ? size : size / (3 * i), seed: seed + UInt64(i), entropy: (size + i) % 4)
            }
            let gz = parts.enumerated().flatMap { i, part in Self.gzipped(part, level: 1 + (size + i) % 9) }
            let (decoded, zlibMembers) = Self.decode(gz, chunkSize: chunkSize, outputSize: outputSize)
            #expect(decoded.output == Self.gunzip(gz))
            #expect(decoded.output == parts.flatMap { $0 })
            #expect(decoded.messages.isEmpty && decoded.members == memberCount && zlibMembers == 0)
        }
    }

    @Test func randomCutsAndChunkingsMatchZlib() async {
        await propertyCheck(
            count: 60, input: Gen.int(in: 1...60_000), Gen.int(in: 0...1_000), Gen.int(in: 1...3_000),
            Gen.int(in: 64...9_000)
        ) { size, cutPermille, chunkSize, outputSize in
            let gz = Self.gzipped(Self.text(bytes: size, seed: UInt64(size), entropy: size % 4), level: 1 + size % 9)
            let cut = Array(gz.prefix(gz.count * cutPermille / 1_000))
            let (decoded, _) = Self.decode(cut, chunkSize: chunkSize, outputSize: outputSize)
            #expect(decoded == Self.reference(cut), "\(cut.count) of \(gz.count) bytes, chunks of \(chunkSize)")
        }
    }
}

/// CRC-32 (gzip's), bit by bit: for building test headers.
private func crc32(_ bytes: [UInt8]) -> UInt32 {
    var crc: UInt32 = 0xFFFF_FFFF
    for byte in bytes {
        crc ^= UInt32(byte)
        for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
    }
    return ~crc
}
