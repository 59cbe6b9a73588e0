import CByteScan
import PropertyBased
import Testing

@testable import LogHuntIngest

/// The framer's 64-byte block scanner (`lh_scan_container`: AVX2 where the CPU has it, else
/// SSE2) and its SSE2 variant against their byte-by-byte definition
/// (`lh_scan_container_scalar`), fed the same bytes in the same chunks: the same end, the same
/// carried state, the same newline count, on valid JSON and on junk.
@Suite struct ContainerScanTests {
    /// Structure-heavy bytes: brackets, quotes, backslashes, newlines, plain text.
    /// With the bytes that differ from a bracket only in bit 5 (`;` `=` `[` `]` against `{` `}`
    /// and their neighbours), which the block classification folds.
    static let alphabet: [UInt8] = Array("{}[]\"\\\n:, abcdefgh12;=|~".utf8) + [0xFF, 0x00, 0x5B, 0x5D, 0x1B, 0x3B]

    struct Outcome: Equatable {
        var end: Int64
        var depth: Int64
        var inString: Int32
        var escaped: Int32
        var newlines: Int64
    }

    enum Mode { case scalar, sse2, dispatched }

    /// Scans `bytes` in chunks of `chunk` bytes from a `{` at depth 0, as the framer does.
    static func scan(_ bytes: [UInt8], chunk: Int, blocks: Bool) -> Outcome {
        scan(bytes, chunk: chunk, mode: blocks ? .dispatched : .scalar)
    }

    static func scan(_ bytes: [UInt8], chunk: Int, mode: Mode) -> Outcome {
        var state = lh_container_scan(depth: 0, in_string: 0, escaped: 0)
        var newlines: Int64 = 0
        var offset = 0
        while offset < bytes.count {
            let take = min(chunk, bytes.count - offset)
            let r = bytes.withUnsafeBufferPointer { b in
                switch mode {
                case .dispatched: lh_scan_container(b.baseAddress! + offset, Int64(take), &state, &newlines)
                case .sse2: lh_scan_container_sse2(b.baseAddress! + offset, Int64(take), &state, &newlines)
                case .scalar: lh_scan_container_scalar(b.baseAddress! + offset, Int64(take), &state, &newlines)
                }
            }
            if r >= 0 {
                return Outcome(
                    end: Int64(offset) + r, depth: state.depth, inString: state.in_string, escaped: state.escaped,
                    newlines: newlines)
            }
            offset += take
        }
        return Outcome(
            end: -1, depth: state.depth, inString: state.in_string, escaped: state.escaped, newlines: newlines)
    }

    static func check(_ bytes: [UInt8], chunk: Int, depth: Int = 1) {
        let input = Array(repeating: UInt8(ascii: "{"), count: depth) + bytes
        let scalar = scan(input, chunk: chunk, blocks: false)
        #expect(scan(input, chunk: chunk, blocks: true) == scalar, "bytes \(input) chunk \(chunk)")
        #expect(scan(input, chunk: chunk, mode: .sse2) == scalar, "bytes \(input) chunk \(chunk)")
        #expect(scan(input, chunk: 1 << 20, blocks: true) == scan(input, chunk: 1 << 20, blocks: false))
    }

    @Test func blocksAgreeWithTheByteLoopOnArbitraryBytes() async {
        await propertyCheck(
            count: 500,
            input: zip(Gen.element(of: Self.alphabet).array(of: 0...700), Gen.int(in: 1...200), Gen.int(in: 1...40))
        ) { bytes, chunk, depth in
            Self.check(bytes.compactMap { $0 }, chunk: chunk, depth: depth)
        }
    }

    @Test func blocksAgreeOnLongStringsAndDeepNesting() async {
        // Few quotes and brackets: long runs inside and outside strings, where blocks are skipped whole.
        let sparse: [UInt8] = Array("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n\"{[}]".utf8)
        await propertyCheck(
            count: 300, input: zip(Gen.element(of: sparse).array(of: 0...1500), Gen.int(in: 1...300))
        ) { bytes, chunk in
            Self.check(bytes.compactMap { $0 }, chunk: chunk)
        }
    }

    @Test func aRealRecordEndsAtItsClosingBrace() {
        let record = Array(
            #"{"eventName":"GetObject","requestParameters":{"key":"a \"quoted\" [x] {y} \\","list":[1,[2,{}]]},"n":"\n"}"#
                .utf8)
        let padded = record + Array(",{\"next\":1}".utf8) + Array(repeating: UInt8(ascii: " "), count: 200)
        for chunk in [1, 7, 63, 64, 65, 1000] {
            let r = Self.scan(padded, chunk: chunk, blocks: true)
            #expect(r.end == Int64(record.count), "chunk \(chunk)")
            #expect(r == Self.scan(padded, chunk: chunk, blocks: false))
        }
    }
}

/// The 64-byte newline count and ASCII prefix (AVX2 where the CPU has it, and the SSE2 loops)
/// against their one-byte-at-a-time definitions, at every alignment and length around the block size.
@Suite struct ByteCountTests {
    @Test func newlineCountsMatchTheDefinition() async {
        await propertyCheck(
            count: 400,
            input: zip(Gen.element(of: Array("\n\na{\"".utf8) + [0x8A, 0x0B]).array(of: 0...400), Gen.int(in: 0...70))
        ) { bytes, skip in
            let b = bytes.compactMap { $0 }
            let from = min(skip, b.count)
            let tail = Array(b[from...])
            let counted = tail.withUnsafeBytes { ByteScan.countNewlines($0) }
            #expect(counted == tail.filter { $0 == 0x0A }.count)
            // The SSE2 loop too, which a CPU with AVX2 does not run otherwise.
            let sse2 = tail.withUnsafeBufferPointer { lh_count_byte_sse2($0.baseAddress, Int64($0.count), 0x0A) }
            #expect(Int(sse2) == counted)
        }
    }

    @Test func asciiPrefixStopsAtTheFirstHighByte() async {
        await propertyCheck(
            count: 400, input: zip(Gen.int(in: 0...300), Gen.int(in: 0...300), Gen.int(in: 0x80...0xFF))
        ) { length, at, high in
            var b = (0..<length).map { UInt8(0x20 + $0 % 0x5F) }
            if at < length { b[at] = UInt8(high) }
            let expected = at < length ? at : length
            #expect(b.withUnsafeBufferPointer { ByteScan.asciiPrefix($0) } == expected)
            #expect(b.withUnsafeBufferPointer { lh_ascii_prefix_sse2($0.baseAddress, Int64($0.count)) } == expected)
        }
    }

    /// `lh_fold_ascii_copy` against its definition: every byte copied, A-Z lowered, nothing
    /// written past the end, and 0 exactly when a byte is at or above 0x80 (wherever it falls
    /// against the 16-byte blocks and 8-byte words).
    @Test func foldedCopiesLowerASCIIAndStopAtAHighByte() async {
        await propertyCheck(
            count: 500,
            input: zip(Gen.int(in: 0...80), Gen.int(in: 0...100), Gen.int(in: 0x80...0xFF), Gen.int(in: 0...255))
        ) { length, at, high, seed in
            // Every ASCII byte, upper-case letters and the bytes around them included.
            var b = (0..<length).map { UInt8(($0 * 7 + seed) % 0x80) }
            if at < length { b[at] = UInt8(high) }
            var out = [UInt8](repeating: 0xEE, count: length + 16)
            let ascii = b.withUnsafeBufferPointer { src in
                out.withUnsafeMutableBufferPointer { dst in
                    lh_fold_ascii_copy(dst.baseAddress, src.baseAddress, Int64(src.count))
                }
            }
            #expect((ascii == 1) == (at >= length))
            #expect(out[length...].allSatisfy { $0 == 0xEE }, "wrote past the end")
            if at >= length {
                #expect(Array(out[0..<length]) == b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 })
            }
        }
    }

    /// `lh_bytes_equal` against `==`: every length up to past 16 bytes, differing at any one
    /// position or nowhere.
    @Test func byteEqualityAgreesWithArrays() async {
        await propertyCheck(count: 400, input: zip(Gen.int(in: 0...40), Gen.int(in: 0...45), Gen.int(in: 1...255))) {
            length, at, delta in
            let a = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
            var b = a
            if at < length { b[at] = b[at] &+ UInt8(delta) }
            let equal = a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in lh_bytes_equal(x.baseAddress, y.baseAddress, Int64(length)) }
            }
            #expect((equal != 0) == (a == b))
        }
    }

    /// `lh_key_hash` with folding is the hash of the lowered bytes, and says when a byte is not
    /// ASCII; `lh_equal_folding` compares a lowered subject with folded bytes. Lengths cross the
    /// 4- and 8-byte loads; one byte may be raised (upper case, or past 0x7F).
    @Test func foldedKeyHashesAndComparisonsAgreeWithTheirDefinitions() async {
        await propertyCheck(
            count: 500, input: zip(Gen.int(in: 0...40), Gen.int(in: 0...45), Gen.int(in: 0...255), Gen.int(in: 0...255))
        ) { length, at, replacement, seed in
            var b = (0..<length).map { UInt8(($0 * 13 + seed) % 0x80) }
            if at < length { b[at] = UInt8(replacement) }
            let lowered = b.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            var ascii: Int32 = -1
            let folded = b.withUnsafeBufferPointer { lh_key_hash($0.baseAddress, Int64(length), 1, &ascii) }
            #expect((ascii == 1) == b.allSatisfy { $0 < 0x80 })
            var plainASCII: Int32 = -1
            let plain = lowered.withUnsafeBufferPointer { lh_key_hash($0.baseAddress, Int64(length), 0, &plainASCII) }
            #expect(plainASCII == 1)
            if ascii == 1 { #expect(folded == plain) }
            // Against the lowered text, and against a copy with one byte changed.
            var other = lowered
            if length > 0 { other[(at + seed) % length] ^= 0x01 }
            for (candidate, expected) in [(lowered, true), (other, other == lowered)] {
                let same = candidate.withUnsafeBufferPointer { f in
                    b.withUnsafeBufferPointer { s in lh_equal_folding(f.baseAddress, s.baseAddress, Int64(length)) }
                }
                #expect((same != 0) == expected)
            }
        }
    }

    /// Different short keys hash apart (the 1-3 and 4-7 byte paths read every byte).
    @Test func shortKeysHashApart() {
        var seen: [UInt64: String] = [:]
        for key in [
            "", "a", "b", "ab", "ba", "abc", "acb", "bac", "abcd", "abdc", "abcde", "abcdf", "abcdefg", "bbcdefg",
        ] {
            var ascii: Int32 = 0
            let h = Array(key.utf8).withUnsafeBufferPointer { lh_key_hash($0.baseAddress, Int64($0.count), 0, &ascii) }
            #expect(seen[h] == nil, "\(key) and \(seen[h] ?? "") collide")
            seen[h] = key
        }
    }

    @Test func emptyInputs() {
        #expect(ByteScan.countNewlines(UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
        #expect(ByteScan.asciiPrefix(UnsafeBufferPointer(start: nil, count: 0)) == 0)
    }
}
