import LogHuntCore
import PropertyBased
import Testing

@testable import LogHuntRules

/// The built-in files' YAML snapshots (`YAMLSnapshot`): each decodes to exactly what the
/// reader gives, is current, and is used only for the very text it was made from and within
/// the reader's limits.
@Suite struct YAMLSnapshotTests {
    static let stale =
        "Sources/LogHuntRules/BuiltinRules+Snapshot.swift is stale: run scripts/embed-rules (loghunt rules snapshot)"

    static var builtinYAML: [(path: String, text: String)] { BuiltinRules.files + BuiltinRules.mappings }

    /// What the reader gives without snapshots, and what it reported.
    static func read(_ text: String, file: String, limits: Limits = Limits()) -> ([YAMLNode], [Diagnostic]) {
        let collector = DiagnosticCollector()
        let nodes = YAMLReader(file: file, limits: limits, sink: collector, snapshots: false).documents(text)
        return (nodes, collector.diagnostics)
    }

    @Test func everyBuiltinFileHasACurrentSnapshot() {
        let byPath = Dictionary(BuiltinRules.snapshots.map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        #expect(byPath.count == BuiltinRules.snapshots.count, "one snapshot per file")
        for file in Self.builtinYAML {
            let entry = byPath[file.path]
            #expect(entry != nil, "\(file.path) has no snapshot. \(Self.stale)")
            #expect(entry?.hash == YAMLSnapshot.hash(file.text), "\(file.path): \(Self.stale)")
        }
        #expect(BuiltinRules.snapshots.count == Self.builtinYAML.count, Comment(rawValue: Self.stale))
    }

    @Test func snapshotsDecodeToWhatTheReaderReads() throws {
        for file in Self.builtinYAML {
            // Another name than the built-in path: the marks name the file being read.
            let name = "elsewhere/" + file.path
            let (parsed, diagnostics) = Self.read(file.text, file: name)
            #expect(diagnostics.isEmpty, "\(file.path)")
            let stored = try #require(
                YAMLSnapshot.documents(of: file.text, file: name, limits: Limits()), "\(file.path)")
            #expect(stored == parsed, "\(file.path)")
            #expect(stored.first?.mark.file == name)
            // The reader takes the snapshot by default, with the same result.
            let collector = DiagnosticCollector()
            #expect(YAMLReader(file: name, limits: Limits(), sink: collector).documents(file.text) == parsed)
            #expect(collector.diagnostics.isEmpty)
        }
    }

    @Test func anyOtherTextIsRead() throws {
        let file = try #require(BuiltinRules.files.first)
        for changed in [file.text + " ", " " + file.text, String(file.text.dropLast()), file.text + "\n# more\n"] {
            #expect(YAMLSnapshot.documents(of: changed, file: file.path, limits: Limits()) == nil)
        }
        // A different byte in the middle (same length, same hash bucket or not).
        var bytes = Array(file.text.utf8)
        let i = try #require(bytes.firstIndex(of: UInt8(ascii: "e")))
        bytes[i] = UInt8(ascii: "E")
        let edited = String(decoding: bytes, as: UTF8.self)
        #expect(YAMLSnapshot.documents(of: edited, file: file.path, limits: Limits()) == nil)
        let collector = DiagnosticCollector()
        let read = YAMLReader(file: file.path, limits: Limits(), sink: collector).documents(edited)
        #expect(read == Self.read(edited, file: file.path).0)
    }

    @Test func limitsTighterThanTheFileNeedsTakeTheReader() throws {
        let file = try #require(BuiltinRules.files.first)
        let (parsed, _) = Self.read(file.text, file: file.path)
        let sizes = parsed.map(YAMLSnapshot.measure)
        let nodes = try #require(sizes.map(\.nodes).max())
        let depth = try #require(sizes.map(\.depth).max())

        var exact = Limits()
        exact.maxYAMLNodes = nodes
        exact.maxYAMLDepth = depth
        #expect(YAMLSnapshot.documents(of: file.text, file: file.path, limits: exact) == parsed)
        // The reader itself accepts the file at exactly these limits: the measure is its count.
        #expect(Self.read(file.text, file: file.path, limits: exact).1.isEmpty)

        for tighter in [(nodes - 1, depth), (nodes, depth - 1)] {
            var limits = Limits()
            limits.maxYAMLNodes = tighter.0
            limits.maxYAMLDepth = tighter.1
            #expect(YAMLSnapshot.documents(of: file.text, file: file.path, limits: limits) == nil)
            let collector = DiagnosticCollector()
            _ = YAMLReader(file: file.path, limits: limits, sink: collector).documents(file.text)
            let expected = Self.read(file.text, file: file.path, limits: limits).1
            #expect(!expected.isEmpty)
            #expect(collector.diagnostics == expected)
        }
    }

    /// A tree built from a script of numbers: every kind of node, style, kind, mark and text
    /// (empty, multi-byte, control characters).
    static func tree(_ script: [Int]) -> [YAMLNode] {
        var i = 0
        func next() -> Int {
            defer { i += 1 }
            return i < script.count ? script[i] : 0
        }
        let texts = ["", "a", "title", "é ü", "line\nbreak", "\u{0}\u{7F}", "%list%", "*", "日本", "🙂"]
        let styles: [YAMLScalar.Style] = [.plain, .singleQuoted, .doubleQuoted, .block]
        let kinds: [SigmaValue.Kind] = [.string, .int, .float, .bool, .null]
        func mark() -> RuleMark { RuleMark(file: "f.yml", line: 1 + next() * 37, column: 1 + next() * 1_000) }
        func node(_ depth: Int) -> YAMLNode {
            let choice = depth > 4 ? 0 : next() % 3
            switch choice {
            case 0:
                let text = texts[next() % texts.count] + (next() % 2 == 0 ? "" : String(repeating: "x", count: 200))
                return .scalar(
                    YAMLScalar(
                        text: text, style: styles[next() % styles.count], kind: kinds[next() % kinds.count],
                        mark: mark()))
            case 1:
                let m = mark()
                return .sequence((0..<(next() % 4)).map { _ in node(depth + 1) }, m)
            default:
                let m = mark()
                return .mapping(
                    (0..<(next() % 4)).map { _ in YAMLPair(key: node(depth + 1), value: node(depth + 1)) }, m)
            }
        }
        return (0..<(next() % 3)).map { _ in node(0) }
    }

    @Test func encodingRoundTrips() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0..<1_000).array(of: 0...80)) { script in
            let docs = Self.tree(script)
            let bytes = YAMLSnapshot.encode(docs)
            #expect(YAMLSnapshot.decode(bytes, file: "f.yml", limits: Limits()) == docs)
            #expect(Base64.decode(Array(Base64.encode(bytes).utf8)) == bytes)
        }
    }

    @Test func damagedSnapshotsAreRejectedOrStayBounded() async {
        let input = zip(Gen.int(in: 0..<1_000).array(of: 0...60), Gen.int(in: 0..<10_000), Gen.int(in: 0..<256))
        await propertyCheck(count: 300, input: input) { script, at, byte in
            let bytes = YAMLSnapshot.encode(Self.tree(script))
            // Every strict prefix is rejected.
            let cut = at % bytes.count
            #expect(YAMLSnapshot.decode(Array(bytes[0..<cut]), file: "f.yml", limits: Limits()) == nil)
            // A changed byte decodes to something or nothing, never past the stored budgets.
            var flipped = bytes
            flipped[at % bytes.count] = UInt8(byte)
            if let docs = YAMLSnapshot.decode(flipped, file: "f.yml", limits: Limits()) {
                for d in docs { #expect(YAMLSnapshot.measure(d).depth <= Limits().maxYAMLDepth) }
            }
        }
    }

    @Test func sameBytesComparesUTF8() async {
        let pieces = ["a", "b", "é", "e\u{301}", "日", "🙂", "12345678", "\n", ""]
        let input = zip(
            Gen.int(in: 0..<pieces.count).array(of: 0...24), Gen.int(in: 0..<pieces.count).array(of: 0...24))
        await propertyCheck(count: 500, input: input) { x, y in
            let a = x.map { pieces[$0] }.joined()
            for b in [y.map { pieces[$0] }.joined(), a, a + "x", String(a.dropLast())] {
                #expect(YAMLSnapshot.sameBytes(a, b) == (Array(a.utf8) == Array(b.utf8)))
            }
        }
        // Canonically equal, different bytes.
        #expect(!YAMLSnapshot.sameBytes("caf\u{E9}", "cafe\u{301}"))
    }
}
