import LogHuntCore
import PropertyBased
import Testing

@testable import LogHuntIngest

/// Random record sets, serialised in every container, frame back to the same records at the
/// same lines whatever the chunk size.
@Suite struct FramingPropertyTests {
    /// One record's text (single line) from a seed; strings hold quotes, braces, escapes.
    static func recordText(_ id: Int, _ seed: Int) -> String {
        let tricky = [
            #"plain"#, #"q\"uote"#, #"br}ace]"#, #"back\\slash"#, #"{\"json\":[1]}"#, "é😀", #"nl\nx"#, "[", "\\u005d",
        ]
        let s = tricky[seed % tricky.count]
        let nested = seed % 3 == 0 ? #"{"arr":[1,{"x":"]"},[]],"o":{}}"# : #"[]"#
        return #"{"id":\#(id),"s":"\#(s)","n":\#(nested),"b":\#(seed % 2 == 0)}"#
    }

    enum Container: Int, CaseIterable {
        case ndjson, prettyArray, recordsWrapper, prettyObjects, compactArrayPages
    }

    /// The serialised text and the 1-based line where each record starts.
    static func serialise(_ seeds: [Int], _ container: Container) -> (String, [Int]) {
        var text = ""
        var lines: [Int] = []
        var line = 1
        func add(_ s: String) {
            text += s
            line += s.utf8.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) }
        }
        func prettyRecord(_ i: Int, _ seed: Int, indent: String) -> String {
            // Spread the members over lines, as `jq .` or `aws` would.
            let body = recordText(i, seed).dropFirst().dropLast()
            return "{\n" + indent + "  " + body.replacingOccurrences(of: ",\"", with: ",\n\(indent)  \"") + "\n"
                + indent + "}"
        }
        switch container {
        case .ndjson:
            for (i, seed) in seeds.enumerated() {
                if seed % 5 == 0 { add(seed % 2 == 0 ? "\n" : "\r\n") }
                lines.append(line)
                add(recordText(i, seed) + (seed % 7 == 0 ? "\r\n" : "\n"))
            }
        case .prettyArray, .recordsWrapper:
            let wrapped = container == .recordsWrapper
            add(wrapped ? "{\n  \"Records\": [\n" : "[\n")
            for (i, seed) in seeds.enumerated() {
                add("    ")
                lines.append(line)
                add(prettyRecord(i, seed, indent: "    ") + (i + 1 < seeds.count ? ",\n" : "\n"))
            }
            add(wrapped ? "  ]\n}\n" : "]\n")
        case .prettyObjects:
            for (i, seed) in seeds.enumerated() {
                lines.append(line)
                add(prettyRecord(i, seed, indent: "") + "\n")
            }
        case .compactArrayPages:
            var i = 0
            for page in stride(from: 0, to: seeds.count, by: 3) {
                let chunk = seeds[page..<min(seeds.count, page + 3)]
                add("[")
                for (k, seed) in chunk.enumerated() {
                    lines.append(line)
                    add(recordText(i, seed) + (k + 1 < chunk.count ? "," : ""))
                    i += 1
                }
                add("]\n")
            }
        }
        return (text, lines)
    }

    @Test func containersFrameBackExactly() async {
        await propertyCheck(
            input: zip(Gen.int(in: 0...1_000_000).array(of: 0...20), Gen.int(in: 1...61), Gen.int(in: 0...4))
        ) { seeds, chunkSize, which in
            guard let container = Container(rawValue: which) else { return }
            let (text, lines) = Self.serialise(seeds, container)
            let f = frame(text, chunkSize: chunkSize)
            #expect(f.strings("id") == seeds.indices.map(String.init), "\(container) chunk \(chunkSize)")
            #expect(f.lines == lines, "\(container) chunk \(chunkSize)")
            #expect(f.indices == Array(seeds.indices))
            #expect(f.diagnostics.isEmpty, "\(f.messages)")
            let expected = seeds.enumerated().map { i, seed in
                (try? JSONParser.parse(Array(Self.recordText(i, seed).utf8)))?.value().serialized() ?? "?"
            }
            #expect(f.records.map { $0.document.value().serialized() } == expected)
        }
    }

    /// Packing mode (`RecordFramer.packs`, what the hunt pipeline uses) frames the same records
    /// as the plain mode: the packed buffer is their bytes back to back, and each record ends
    /// where `packed.count` stands when it is returned; also with junk lines and CSV.
    @Test func packedFramingGivesTheSameRecords() async {
        await propertyCheck(
            input: zip(Gen.int(in: 0...1_000_000).array(of: 0...20), Gen.int(in: 1...61), Gen.int(in: 0...6))
        ) { seeds, chunkSize, which in
            let text: String
            if let container = Container(rawValue: which) {
                text = Self.serialise(seeds, container).0
            } else if which == 5 {
                text = seeds.enumerated().map { i, s in i % 3 == 1 ? "not json \(s)" : Self.recordText(i, s) }
                    .joined(separator: "\n")
            } else {
                text = "id,name\n" + seeds.enumerated().map { i, s in "\(i),\"n\(s % 97)\"" }.joined(separator: "\n")
            }
            func run(packs: Bool) -> (records: [RawRecord], packed: [UInt8], ends: [Int], messages: [String]) {
                let sink = DiagnosticCollector()
                var framer = RecordFramer(file: which == 6 ? "t.csv" : "t.json", limits: Limits(), sink: sink)
                framer.packs = packs
                var records: [RawRecord] = []
                var ends: [Int] = []
                let bytes = Array(text.utf8)
                var at = 0
                while at < bytes.count {
                    framer.push(Array(bytes[at..<min(bytes.count, at + chunkSize)]))
                    at += chunkSize
                    while let r = framer.next() {
                        records.append(r)
                        ends.append(framer.packed.count)
                    }
                }
                framer.finish()
                while let r = framer.next() {
                    records.append(r)
                    ends.append(framer.packed.count)
                }
                return (records, framer.takePacked(reserving: 0), ends, sink.diagnostics.map(\.message))
            }
            let plain = run(packs: false)
            let packed = run(packs: true)
            #expect(packed.records.map(\.location) == plain.records.map(\.location), "\(which) chunk \(chunkSize)")
            #expect(packed.records.map(\.container) == plain.records.map(\.container))
            #expect(packed.records.allSatisfy { $0.bytes.isEmpty })
            #expect(packed.packed == plain.records.flatMap(\.bytes))
            #expect(packed.ends == plain.records.reduce(into: []) { $0.append(($0.last ?? 0) + $1.bytes.count) })
            #expect(packed.messages == plain.messages)
        }
    }

    @Test func multiMemberGzipFramesBackExactly() async {
        await propertyCheck(
            count: 25,
            input: zip(Gen.int(in: 0...1_000_000).array(of: 1...30), Gen.int(in: 1...300), Gen.int(in: 1...4))
        ) { seeds, chunkSize, members in
            let (text, lines) = Self.serialise(seeds, .ndjson)
            let bytes = Array(text.utf8)
            // Cut the text into `members` pieces at arbitrary byte offsets (even mid-record).
            var cuts = (1..<members).map { bytes.count * $0 / members }
            cuts.insert(0, at: 0)
            cuts.append(bytes.count)
            var gz: [UInt8] = []
            for k in 0..<members where cuts[k] < cuts[k + 1] {
                gz += gzipMember(Array(bytes[cuts[k]..<cuts[k + 1]]))
            }
            let dir = TempDir()
            defer { dir.cleanup() }
            let path = dir.write("records.json.log.gz", gz)
            let (f, stats) = read(path: path, chunkSize: chunkSize)
            #expect(f.strings("id") == seeds.indices.map(String.init))
            #expect(f.lines == lines)
            #expect(f.diagnostics.isEmpty, "\(f.messages)")
            #expect(stats.gzipMembers == (0..<members).filter { cuts[$0] < cuts[$0 + 1] }.count)
            #expect(stats.bytesDecoded == bytes.count)
            #expect(stats.bytesRead == gz.count)
            #expect(stats.records == seeds.count)
        }
    }
}
