import CByteScan
import Foundation
import LogHuntCore
import LogHuntTestSupport
import PropertyBased
import Testing

@testable import LogHuntIngest

/// `JSONParser.parse` takes the C parser's tape when it accepts the text and the Swift
/// parser's otherwise: the two must accept exactly the same texts and build the same tapes
/// (kinds, escape flags, offsets, subtree ends, member counts) and the same re-encoding flag.
@Suite struct JSONTapeInCTests {
    /// C and Swift on `bytes`: both reject, or both accept with identical documents; and the C
    /// parser's SSE2 and AVX2 block masks give the same answer.
    private static func agree(_ bytes: [UInt8], maxDepth: Int = 512, _ note: @autoclosure () -> String = "") {
        let swift = try? JSONParser.parseInSwift(bytes, maxDepth: maxDepth)
        let c = JSONParser.tapeInC(bytes, maxDepth: maxDepth)
        #expect((swift == nil) == (c == nil), "accepted by one parser only: \(note())")
        let capacity = bytes.count / 2 + 2
        let dispatched = rawTape(bytes, capacity, maxDepth, lh_json_tape)
        let sse2 = rawTape(bytes, capacity, maxDepth, lh_json_tape_sse2)
        #expect(dispatched == sse2, "SSE2 and the dispatched path differ: \(note())")
        guard let swift, let c else { return }
        #expect(c.nodes == swift.nodes, "tapes differ: \(note())")
        #expect(c.needsReencoding == swift.needsReencoding, "re-encoding flags differ: \(note())")
    }

    /// One call of a C tape entry point: its result, its nodes (each node's fields) and the
    /// raw-control flag.
    private static func rawTape(
        _ bytes: [UInt8], _ capacity: Int, _ maxDepth: Int,
        _ parse: (
            UnsafePointer<UInt8>?, Int64, UnsafeMutablePointer<lh_json_node>?, Int64, Int64,
            UnsafeMutablePointer<Int32>?
        ) -> Int64
    ) -> RawTape {
        var nodes = [lh_json_node](repeating: lh_json_node(), count: capacity)
        var raw: Int32 = 0
        let result = bytes.withUnsafeBufferPointer { b in
            nodes.withUnsafeMutableBufferPointer { out in
                parse(b.baseAddress, Int64(b.count), out.baseAddress, Int64(capacity), Int64(maxDepth), &raw)
            }
        }
        let kept = nodes.prefix(max(0, Int(result))).map {
            [UInt32($0.kind), UInt32($0.escaped), $0.start, $0.end, $0.next, $0.count]
        }
        return RawTape(result: result, nodes: kept, rawControl: result > 0 ? raw : 0)
    }

    private struct RawTape: Equatable {
        var result: Int64
        var nodes: [[UInt32]]
        var rawControl: Int32
    }

    /// Strings found through 64-byte block masks: strings of every length starting anywhere
    /// near a block edge, with runs of backslashes (escaping a quote or not), escaped quotes,
    /// `\u` escapes and raw control bytes at and across the edges; valid and broken.
    @Test func stringsAcrossBlockEdgesAgree() async {
        let pieces = ["a", "\\", "\\\\", "\\\"", "\\\\\"", "\\u0041", "\\n", "\u{01}", "\t", "é", "\"", "\\"]
        let input = zip(Gen.int(in: 0...140), Gen.int(in: 0..<pieces.count).array(of: 0...12), Gen.int(in: 0...200))
        await propertyCheck(count: 1500, input: input) { pad, picks, tail in
            let body = picks.map { pieces[$0] }.joined()
            let filler = String(repeating: "x", count: tail)
            for text in [
                "[\"" + String(repeating: "p", count: pad) + "\",\"" + body + "\",\"" + filler + "\"]",
                "{\"" + String(repeating: "k", count: pad) + body + "\":\"" + filler + "\"}",
                String(repeating: " ", count: pad) + "\"" + body + filler + "\"",
            ] {
                Self.agree(Array(text.utf8), text)
            }
        }
    }

    @Test func layoutsMatch() {
        #expect(JSONParser.cTapeLayoutMatches, "JSONNode is laid out as lh_json_node: the C tape is used")
    }

    /// Scalars, escapes, raw control bytes, unicode, numbers of every shape, nesting.
    private static let pieces = [
        #""a""#, #""""#, #""abcdefghijklmnopqrstuvwxyz0123456789""#, #""x\"y""#, #""\\""#, #""\u00e9\n\t""#,
        "\"tab\there\"", "\"nl\u{01}x\"", #""é日本""#, "0", "-0", "12.5", "-1e10", "1E+2", "3.", "-.5", "1e", "01",
        "true", "false", "null", "[]", "{}", #"{"k":1}"#, "[1,[2,[3]]]", #"{"a":{"b":{"c":[true,null]}}}"#,
    ]

    @Test func generatedDocumentsAgree() async {
        let input = zip(Gen.int(in: 0..<Self.pieces.count).array(of: 0...24), Gen.int(in: 0...9999))
        await propertyCheck(count: 400, input: input) { picks, seed in
            var parts: [String] = []
            for (k, p) in picks.enumerated() {
                let value = Self.pieces[p]
                parts.append((seed + k) % 3 == 0 ? value : "\"k\(k)\" : \(value)")
            }
            let text =
                seed % 2 == 0
                ? "{"
                    + parts.map { $0.contains(":") && !$0.hasPrefix("{") ? $0 : "\"v\": \($0)" }.joined(separator: ",")
                    + "}"
                : " [ " + parts.joined(separator: " , ") + " ] "
            Self.agree(Array(text.utf8), text)
        }
    }

    /// Numbers whose digit runs are skipped 16 bytes at a time: integer and fraction runs of 0
    /// to 40 digits and exponents of 0 to 20 (across and up to the end of 16-byte blocks; no
    /// exponent digits is an error), alone (the number ends the text) or followed by more of it.
    @Test func longDigitRunsAgree() async {
        let input = zip(Gen.int(in: 0...40), Gen.int(in: -1...40), Gen.int(in: 0...3), Gen.int(in: 0...9999))
        await propertyCheck(count: 600, input: input) { whole, fraction, shape, seed in
            let digits = { (n: Int) in String((0..<n).map { k in Character(String((seed + 7 * k) % 10)) }) }
            var number = (seed % 2 == 0 ? "-" : "") + digits(whole)
            if fraction >= 0 { number += "." + digits(fraction) }
            if seed % 3 == 0 { number += (seed % 2 == 0 ? "e+" : "E") + digits(seed % 21) }
            let text: String
            switch shape {
            case 0: text = number
            case 1: text = "[" + number + ",1]"
            case 2: text = "{\"n\":" + number + "}"
            default: text = "[" + number + " ]"
            }
            Self.agree(Array(text.utf8), text)
        }
    }

    /// Damaged texts: a byte replaced, removed or inserted anywhere (the framer hands over
    /// whatever a file holds).
    @Test func damagedDocumentsAgree() async {
        let base = Array(
            #"{"action":"git.clone","actor":"a\"b","n":-12.5e3,"ok":true,"x":null,"arr":[1,{"k":"\u0041"},[]]}"#.utf8)
        let bytes: [UInt8] = [
            0x22, 0x5C, 0x7B, 0x7D, 0x5B, 0x5D, 0x3A, 0x2C, 0x20, 0x0A, 0x00, 0x1F, 0x31, 0x2D, 0x65,
            0x75, 0x74, 0x6E, 0x66, 0x2E, 0x41,
        ]
        let input = zip(Gen.int(in: 0..<base.count), Gen.int(in: 0..<bytes.count), Gen.int(in: 0...2))
        await propertyCheck(count: 1000, input: input) { at, b, edit in
            var text = base
            switch edit {
            case 0: text[at] = bytes[b]
            case 1: text.remove(at: at)
            default: text.insert(bytes[b], at: at)
            }
            Self.agree(text, String(decoding: text, as: UTF8.self))
        }
    }

    @Test func edgesAgree() {
        for text in [
            "", " ", "\n\t", "1", " 1 ", "1 2", "[", "]", "{", "{\"a\"}", "{\"a\":}", "[1,]", "{,}", "\"",
            "\"\\", "\"\\u12\"", "\"\\u12345\"", "\"\\uZZZZ\"", "\"\\x\"", "tru", "nul", "fals", "-", "+1", "1e+",
            "[1]x", "{\"a\":1}}", "\u{FEFF}{}",
        ] {
            Self.agree(Array(text.utf8), text)
        }
    }

    /// Deeper than the C parser's first stack (256) and than the limit.
    @Test func nestingAgrees() {
        for depth in [255, 256, 257, 511, 512, 513, 1200] {
            let text = Array((String(repeating: "[", count: depth) + String(repeating: "]", count: depth)).utf8)
            Self.agree(text, maxDepth: 512, "depth \(depth)")
            Self.agree(text, maxDepth: 2000, "depth \(depth), limit 2000")
        }
        let objects = String(repeating: #"{"a":"#, count: 300) + "1" + String(repeating: "}", count: 300)
        Self.agree(Array(objects.utf8), maxDepth: 512, "300 objects")
    }

    /// More nodes than the first guess (bytes / 8 + 16) makes room for: the retry.
    @Test func manySmallNodesAgree() throws {
        let text = Array(("[" + Array(repeating: "1", count: 5000).joined(separator: ",") + "]").utf8)
        Self.agree(text, "5000 numbers")
        let doc = try #require(JSONParser.tapeInC(text, maxDepth: 512))
        #expect(doc.nodes.count == 5001)
    }

    /// Tapes around the per-thread scratch's limit (65,536 nodes): below it the tape is parsed into
    /// the scratch and copied out, above it (first guess or retry) straight into the array.
    @Test func tapesAroundTheScratchLimitAgree() throws {
        for count in [65_534, 65_535, 65_536, 70_000, 200_000] {
            let text = Array(("[" + Array(repeating: "1", count: count).joined(separator: ",") + "]").utf8)
            Self.agree(text, "\(count) numbers")
            let doc = try #require(JSONParser.tapeInC(text, maxDepth: 512))
            #expect(doc.nodes.count == count + 1)
        }
        // Long strings: few nodes for many bytes, a first guess above the limit.
        let strings = Array(
            ("["
                + Array(repeating: "\"" + String(repeating: "s", count: 200) + "\"", count: 4000)
                .joined(separator: ",") + "]").utf8)
        Self.agree(strings, "4000 long strings")
    }

    /// Threads parsing at once each use their own scratch: every tape is its own text's.
    @Test func concurrentParsesKeepTheirOwnTapes() async {
        let texts = (0..<64).map { i in
            Array(("{\"i\":\(i),\"a\":[" + Array(repeating: "\(i)", count: i * 37).joined(separator: ",") + "]}").utf8)
        }
        let expected = texts.map { try? JSONParser.parseInSwift($0).nodes }
        let same = await withTaskGroup(of: Bool.self) { group in
            for round in 0..<8 {
                group.addTask {
                    var ok = true
                    for k in 0..<texts.count {
                        let i = (k * 7 + round) % texts.count
                        ok = ok && JSONParser.tapeInC(texts[i], maxDepth: 512)?.nodes == expected[i]
                    }
                    return ok
                }
            }
            var all = true
            for await ok in group { all = all && ok }
            return all
        }
        #expect(same)
    }

    /// The fuzzers' seed corpus and their regressions, and the real third-party samples.
    @Test func corporaAgree() throws {
        let root = TestPaths.packageRoot + "/Tests/Fuzz"
        var checked = 0
        for folder in ["corpus/json", "corpus/framer", "regressions/framer"] {
            let dir = root + "/" + folder
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                guard let data = FileManager.default.contents(atPath: dir + "/" + name) else { continue }
                let bytes = Array(data)
                Self.agree(bytes, "\(folder)/\(name)")
                for line in bytes.split(separator: 0x0A) { Self.agree(Array(line), "\(folder)/\(name) line") }
                checked += 1
            }
        }
        #expect(checked >= 20, "the fuzz corpus is there")
        let real = TestPaths.realData("")
        if let files = FileManager.default.enumerator(atPath: real) {
            for case let file as String in files where file.hasSuffix(".json") || file.hasSuffix(".jsonl") {
                guard let data = FileManager.default.contents(atPath: real + file), data.count < 8 << 20 else {
                    continue
                }
                let bytes = Array(data)
                Self.agree(bytes, file)
                for line in bytes.split(separator: 0x0A).prefix(2000) { Self.agree(Array(line), "\(file) line") }
            }
        }
    }
}
