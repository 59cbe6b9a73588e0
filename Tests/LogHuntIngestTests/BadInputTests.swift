import LogHuntCore
import Testing

@testable import LogHuntIngest

#if canImport(Glibc)
import Glibc
#endif

/// The bad-input corpus: every case says which good records survive and which diagnostics
/// (code and line) are emitted. See: #7 (recovery without loss).
@Suite struct BadInputTests {
    static func ndjson(_ ids: ClosedRange<Int>) -> String {
        ids.map { "{\"id\":\"\($0)\",\"pad\":\"\(String(repeating: "x", count: $0 % 40))\"}\n" }.joined()
    }

    // See: #7
    @Test(arguments: [1, 7, 4096])
    func issue7_truncatedGzipKeepsEarlierRecords(chunkSize: Int) throws {
        let text = Self.ndjson(1...400)
        let gz = gzipMember(Array(text.utf8))
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("cut.json.gz", Array(gz[0..<(gz.count * 2 / 3)]))
        let (f, stats) = read(path: path, chunkSize: chunkSize)
        let ids = f.strings("id")
        let kept = ids.count
        #expect(kept > 100 && kept < 400)
        #expect(ids == (1...max(1, kept)).map(String.init))
        #expect(f.lines == Array(1...max(1, kept)))
        let damaged = try #require(f.diagnostics.first { $0.code == .damagedGzip })
        #expect(damaged.file == path)
        #expect(damaged.line == kept + 1)
        #expect(damaged.message.contains("truncated"))
        // The cut-off record (if the cut fell inside one) is named at the same line.
        let others = f.diagnostics.filter { $0.code != .damagedGzip }
        #expect(others.allSatisfy { $0.code == .malformedRecord && $0.line == kept + 1 })
        #expect(stats.malformed == others.count)
        #expect(stats.records == kept)
    }

    // See: #7
    @Test(arguments: [1, 5, 1 << 20])
    func issue7_brokenLineInMiddleIsSkipped(chunkSize: Int) {
        let text = "{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\"id\": \"3\", \"b\n{\"id\":\"4\"}\n{\"id\":\"5\"}\n"
        let f = frame(text, chunkSize: chunkSize, file: "broken.jsonl")
        #expect(f.strings("id") == ["1", "2", "4", "5"])
        #expect(f.lines == [1, 2, 4, 5])
        #expect(f.indices == [0, 1, 3, 4])
        #expect(f.codesAndLines == ["malformedRecord:3"])
        #expect(f.messages.first?.hasPrefix("broken.jsonl:3: invalid JSON") == true)
        #expect(f.malformed == 1)
    }

    // See: #7
    @Test(arguments: [1, 3, 1 << 20])
    func issue7_brokenFirstLineDoesNotSwallowTheFile(chunkSize: Int) {
        let f = frame("{\"id\": \"1\", \"x\": [1, 2\n{\"id\":\"2\"}\n{\"id\":\"3\"}\n", chunkSize: chunkSize)
        #expect(f.strings("id") == ["2", "3"])
        #expect(f.lines == [2, 3])
        #expect(f.codesAndLines == ["malformedRecord:1"])
    }

    // See: #7
    @Test(arguments: [1, 2, 1 << 20])
    func issue7_truncatedArrayKeepsCompleteElements(chunkSize: Int) {
        let f = frame(
            "[\n  {\"id\": \"1\"},\n  {\"id\": \"2\"},\n  {\"id\": \"3\", \"x\": {\"y\":", chunkSize: chunkSize)
        #expect(f.strings("id") == ["1", "2"])
        #expect(f.lines == [2, 3])
        #expect(f.codesAndLines == ["malformedRecord:4"])
        #expect(f.malformed == 1)
        #expect(f.messages == ["t.json:4: record truncated by the end of the input"])
    }

    // See: #7
    @Test func issue7_unclosedArrayAfterCompleteElementLosesNothing() {
        let f = frame("[{\"id\": \"1\"},\n{\"id\": \"2\"}\n")
        #expect(f.strings("id") == ["1", "2"])
        #expect(f.codesAndLines == ["malformedRecord:3"])
        #expect(f.malformed == 0)
    }

    // See: #7
    @Test(arguments: [1, 2, 1 << 20])
    func issue7_byteOrderMarkAndCRLF(chunkSize: Int) {
        let ndjson = frame("\u{FEFF}{\"id\":\"1\"}\r\n{\"id\":\"2\"}\r\n\r\n{\"id\":\"3\"}", chunkSize: chunkSize)
        #expect(ndjson.strings("id") == ["1", "2", "3"])
        #expect(ndjson.lines == [1, 2, 4])
        #expect(ndjson.diagnostics.isEmpty)
        let array = frame("\u{FEFF}[\r\n{\"id\":\"1\"},\r\n{\"id\":\"2\"}\r\n]\r\n", chunkSize: chunkSize)
        #expect(array.strings("id") == ["1", "2"])
        #expect(array.lines == [2, 3])
        #expect(array.diagnostics.isEmpty)
    }

    // See: #7
    @Test(arguments: [1, 3, 1 << 20])
    func issue7_nulPaddingBetweenAndAroundLines(chunkSize: Int) {
        let f = frame("{\"id\":\"1\"}\n\0\0\0\0\n{\"id\":\"2\"}\0\0\n\0\0{\"id\":\"3\"}\n\0\0\0", chunkSize: chunkSize)
        #expect(f.strings("id") == ["1", "2", "3"])
        #expect(f.lines == [1, 3, 4])
        #expect(f.diagnostics.isEmpty)
    }

    // See: #7
    @Test func issue7_invalidUTF8IsRepairedAndCounted() throws {
        var bytes = Array("{\"id\":\"1\"}\n{\"id\":\"2\",\"s\":\"a".utf8)
        bytes += [0xFF, 0xC3]
        bytes += Array("b\"}\n{\"id\":\"3\"}\n".utf8)
        let dir = TempDir()
        defer { dir.cleanup() }
        let path = dir.write("utf8.json", bytes)
        let (f, stats) = read(path: path, display: "utf8.json")
        #expect(f.strings("id") == ["1", "2", "3"])
        #expect(f.codesAndLines == ["invalidUTF8:2"])
        #expect(f.messages == ["utf8.json:2: invalid UTF-8 (2 sequences) replaced with U+FFFD"])
        #expect(stats.utf8Repairs == 1)
        #expect(stats.malformed == 0)
        let repaired = try #require(f.records.dropFirst().first)
        #expect(repaired.utf8Repairs == 2)
        #expect(f.strings("s")[1] == "a\u{FFFD}\u{FFFD}b")
    }

    // See: #7
    @Test func issue7_emptyFileGivesNoWarning() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let (f, stats) = read(path: dir.write("empty.json", []))
        #expect(f.records.isEmpty)
        #expect(f.diagnostics.isEmpty)
        #expect(stats.bytesRead == 0)
    }

    // See: #7
    @Test func issue7_binaryJunkGivesOneWarning() {
        var junk: [UInt8] = [0x7F, 0x45, 0x4C, 0x46, 2, 1, 1, 0]
        var x: UInt32 = 12345
        for _ in 0..<200_000 {
            x = x &* 1_103_515_245 &+ 12345
            junk.append(UInt8(truncatingIfNeeded: x >> 16))
        }
        for size in [1 << 10, 1 << 20] {
            let f = frame(junk, chunkSize: size, file: "a.out")
            #expect(f.records.isEmpty)
            #expect(f.codesAndLines == ["unrecognisedFormat:1"])
        }
        // Plain text lines are junk too: one warning, not one per line.
        let text = frame(String(repeating: "just some text and nothing else\n", count: 500))
        #expect(text.records.isEmpty)
        #expect(text.diagnostics.count <= 21)
        #expect(text.diagnostics.last?.code == .unrecognisedFormat)
    }

    // See: #7
    @Test func issue7_strayFirstLineBeforeJSONLines() {
        let f = frame("exported by tool v1\n{\"id\":\"1\"}\n{\"id\":\"2\"}\n")
        #expect(f.strings("id") == ["1", "2"])
        #expect(f.lines == [2, 3])
        #expect(f.codesAndLines == ["malformedRecord:1"])
    }

    // See: #7
    @Test(arguments: [1, 16, 1 << 20])
    func issue7_hugeLineIsReportedThenResyncs(chunkSize: Int) {
        var limits = Limits()
        limits.maxLineBytes = 100
        limits.maxRecordBytes = 100
        let huge = "{\"id\":\"2\",\"blob\":\"" + String(repeating: "z", count: 500) + "\"}\n"
        let f = frame("{\"id\":\"1\"}\n" + huge + "{\"id\":\"3\"}\n", chunkSize: chunkSize, limits: limits)
        #expect(f.strings("id") == ["1", "3"])
        #expect(f.lines == [1, 3])
        #expect(f.codesAndLines == ["limitExceeded:2"])
        #expect(f.malformed == 1)
    }

    // See: #7
    @Test(arguments: [1, 16, 1 << 20])
    func issue7_hugeArrayElementIsReportedThenSkipped(chunkSize: Int) {
        var limits = Limits()
        limits.maxRecordBytes = 100
        let huge = "{\"id\":\"2\",\"blob\":\"" + String(repeating: "]", count: 500) + "\"}"
        let f = frame("[{\"id\":\"1\"},\n" + huge + ",\n{\"id\":\"3\"}]", chunkSize: chunkSize, limits: limits)
        #expect(f.strings("id") == ["1", "3"])
        #expect(f.lines == [1, 3])
        #expect(f.indices == [0, 2])
        #expect(f.codesAndLines == ["limitExceeded:2"])
        #expect(f.malformed == 1)
    }

    // See: #7
    @Test func issue7_deepNestingIsALimitNotACrash() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let f = frame("{\"id\":\"1\",\"deep\":" + deep + "}\n{\"id\":\"2\"}\n", chunkSize: 4096)
        #expect(f.strings("id") == ["2"])
        #expect(f.codesAndLines == ["limitExceeded:1"])
        #expect(f.messages.first?.contains("deeper than 512") == true)
        // A deep top-level array is streamed: its one element is not an object.
        let array = frame("[" + deep + ", {\"id\":\"3\"}]")
        #expect(array.strings("id") == ["3"])
        #expect(array.codesAndLines == ["malformedRecord:1"])
    }

    // See: #7
    @Test func issue7_gzipBombStopsTheFile() throws {
        var limits = Limits()
        limits.gzipRatioGrace = 1 << 16
        limits.maxGzipRatio = 50
        let line = "{\"id\":\"1\",\"pad\":\"" + String(repeating: "a", count: 1000) + "\"}\n"
        let gz = gzipMember(Array(String(repeating: line, count: 4000).utf8))
        let dir = TempDir()
        defer { dir.cleanup() }
        let (f, _) = read(path: dir.write("bomb.gz", gz), chunkSize: 1 << 14, limits: limits)
        let bomb = try #require(f.diagnostics.first { $0.code == .limitExceeded })
        #expect(bomb.message.contains("expands more than 50 times"))
        #expect(f.records.count > 0 && f.records.count < 4000)
    }

    // See: #7
    @Test func issue7_multiMemberGzipWithZeroPaddingAndGarbage() {
        let a = gzipMember(Array("{\"id\":\"1\"}\n".utf8))
        let b = gzipMember(Array("{\"id\":\"2\"}\n{\"id\":\"3\"}\n".utf8))
        let dir = TempDir()
        defer { dir.cleanup() }
        let (padded, stats) = read(
            path: dir.write("padded.bin", a + b + [UInt8](repeating: 0, count: 700)), chunkSize: 5)
        #expect(padded.strings("id") == ["1", "2", "3"])
        #expect(padded.lines == [1, 2, 3])
        #expect(padded.diagnostics.isEmpty)
        #expect(stats.gzipMembers == 2)
        let (garbage, _) = read(path: dir.write("garbage.gz", a + b + Array("junk".utf8)))
        #expect(garbage.strings("id") == ["1", "2", "3"])
        #expect(garbage.codesAndLines == ["damagedGzip:4"])
    }

    // See: #7
    @Test func issue7_corruptGzipDataKeepsEarlierRecords() {
        var gz = gzipMember(Array(Self.ndjson(1...2000).utf8))
        for k in (gz.count / 2)..<(gz.count / 2 + 64) { gz[k] ^= 0x5A }
        let dir = TempDir()
        defer { dir.cleanup() }
        let (f, _) = read(path: dir.write("corrupt.gz", gz))
        // Deflate may decode some garbage before it notices; everything before the damage is intact.
        #expect(f.records.count > 100)
        #expect(Array(f.strings("id").prefix(100)) == (1...100).map(String.init))
        #expect(f.diagnostics.contains { $0.code == .damagedGzip })
    }

    @Test func compressionIsDetectedByContentNotName() {
        let dir = TempDir()
        defer { dir.cleanup() }
        let gz = gzipMember(Array("{\"id\":\"1\"}\n".utf8))
        let (hidden, s1) = read(path: dir.write("plain-name.json", gz))
        #expect(hidden.strings("id") == ["1"])
        #expect(s1.gzipMembers == 1)
        let (plain, s2) = read(path: dir.write("fake.json.gz", "{\"id\":\"2\"}\n"))
        #expect(plain.strings("id") == ["2"])
        #expect(s2.gzipMembers == 0)
    }
}

/// Regressions found by `FramerFuzzTests`.
@Suite struct FramerFuzzRegressionTests {
    // See: #7 (a stray `}` inside an array looped forever, growing memory)
    @Test(arguments: [1, 1 << 20])
    func issue7_strayCloseBraceInArrayDoesNotLoop(chunkSize: Int) {
        let f = frame("[{\"id\":\"1\"}, } , 12,\n{\"id\":\"2\"}]", chunkSize: chunkSize)
        #expect(f.strings("id") == ["1", "2"])
        #expect(f.codesAndLines == ["malformedRecord:1", "malformedRecord:1"])
        #expect(f.indices == [0, 3])
    }

    // See: #7 (the sniffer gave up on a stray first line before JSON when the JSON had not arrived yet)
    @Test func issue7_strayFirstLineDecidedOnAFullWindow() {
        let f = frame("\"\n{\"id\":\"1\"}\n", chunkSize: 1)
        #expect(f.strings("id") == ["1"])
        #expect(f.codesAndLines == ["malformedRecord:1"])
    }
}
