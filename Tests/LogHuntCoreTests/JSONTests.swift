import LogHuntIngest
import PropertyBased
import Testing

@testable import LogHuntCore

@Suite struct JSONValueTests {
    @Test func serialisationEscapesEveryControlCharacter() {
        var s = ""
        for v in 0..<0x20 { s.unicodeScalars.append(Unicode.Scalar(UInt8(v))) }
        s += "\u{7F}\u{2028}\u{2029}\"\\"
        let text = JSONValue.string(s).serialized()
        #expect(!text.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0.value == 0x2028 })
        #expect(
            text.contains("\\u0000") && text.contains("\\n") && text.contains("\\u007f") && text.contains("\\u2028"))
    }

    @Test func numbersKeepTheirText() {
        #expect(JSONValue.number("1.50").serialized() == "1.50")
        #expect(JSONValue.double(3).serialized() == "3")
        #expect(JSONValue.double(.nan).serialized() == "null")
        #expect(JSONValue.int(-7).serialized() == "-7")
    }

    @Test func stringsRoundTripThroughTheParser() async {
        // Code points from every plane, including controls, quotes, backslashes and separators.
        let alphabet: [UInt32] = [
            0, 1, 0x1F, 0x20, 0x22, 0x2F, 0x5C, 0x41, 0x7F, 0x80, 0xE9, 0x2028, 0x202E, 0xFEFF, 0x1F600,
        ]
        await propertyCheck(input: Gen.element(of: alphabet).array(of: 0...40)) { codes in
            var text = ""
            for case let c? in codes { if let scalar = Unicode.Scalar(c) { text.unicodeScalars.append(scalar) } }
            let encoded = Array(JSONValue.array([.string(text)]).serialized().utf8)
            let doc = try? JSONParser.parse(encoded)
            #expect(doc.flatMap { $0.string($0.elements($0.root)[0]) } == text)
        }
    }

    @Test func documentsRoundTripAsValues() throws {
        let text = #"{"a":[1,2.5e3,-0,true,false,null],"b":{"c":"\u00e9\ud83d\ude00","":""},"@t":"x"}"#
        let doc = try JSONParser.parse(Array(text.utf8))
        let again = try JSONParser.parse(Array(doc.value().serialized().utf8))
        #expect(doc.value() == again.value())
        #expect(doc.value()["b"]?["c"]?.stringValue == "é😀")
    }
}

@Suite struct JSONDocumentTests {
    private func doc(_ text: String) throws -> JSONDocument { try JSONParser.parse(Array(text.utf8)) }

    @Test func scalarTextIsWhatSigmaCompares() throws {
        let d = try doc(#"{"s":"x","n":10,"f":1.5,"t":true,"z":null,"o":{},"a":[]}"#)
        func text(_ k: String) throws -> String? { d.scalarText(try #require(d.member(d.root, k))) }
        #expect(try text("s") == "x")
        #expect(try text("n") == "10")
        #expect(try text("f") == "1.5")
        #expect(try text("t") == "true")
        #expect(try text("z") == nil)
        #expect(try text("o") == nil)
        #expect(try text("a") == nil)
    }

    @Test func numbersAndBooleansFromStringsToo() throws {
        let d = try doc(#"{"n":" 42 ","b":"TRUE","x":"abc"}"#)
        #expect(d.number(try #require(d.member(d.root, "n"))) == 42)
        #expect(d.bool(try #require(d.member(d.root, "b"))) == true)
        #expect(d.number(try #require(d.member(d.root, "x"))) == nil)
    }

    @Test func caseInsensitiveLookupPrefersExactKeys() throws {
        let d = try doc(#"{"Level":"A","level":"b","CallerIpAddress":"1.2.3.4"}"#)
        let exact = try #require(d.memberCaseInsensitive(d.root, "level"))
        #expect(d.string(exact) == "b")
        let folded = try #require(d.memberCaseInsensitive(d.root, "calleripaddress"))
        #expect(d.string(folded) == "1.2.3.4")
    }

    @Test func escapedKeysAreFound() throws {
        let d = try doc(#"{"a\u0062":1}"#)
        #expect(d.member(d.root, "ab") != nil)
    }

    @Test func rawBytesAreTheOriginalText() throws {
        let d = try doc(#"{"k": {"x" : [1, 2]}, "s": "q\"q"}"#)
        let k = try #require(d.member(d.root, "k"))
        #expect(String(decoding: d.rawBytes(k), as: UTF8.self) == #"{"x" : [1, 2]}"#)
        let s = try #require(d.member(d.root, "s"))
        #expect(String(decoding: d.rawBytes(s), as: UTF8.self) == #""q\"q""#)
    }
}

@Suite struct FieldPathTests {
    /// Member lookups compare key bytes in place; a reference decodes every key and compares
    /// text. Keys repeat, differ only in case, carry escapes, are empty or not ASCII.
    @Test func memberLookupsAgreeWithDecodedKeys() async {
        let keys = ["a", "A", "ab", "aB", "", #"\u0061b"#, "é", "É", #"\u00e9"#, "a.b", "x"]
        let wanted = ["a", "A", "ab", "AB", "", "é", "É", "a.b", "X", "none"]
        await propertyCheck(count: 300, input: Gen.int(in: 0..<keys.count).array(of: 0...12)) { picks in
            let text = "{" + picks.enumerated().map { k, p in "\"\(keys[p])\":\(k)" }.joined(separator: ",") + "}"
            guard let d = try? JSONParser.parse(Array(text.utf8)) else {
                Issue.record("test object does not parse: \(text)")
                return
            }
            let members = d.members(d.root).map { (key: d.decodeString($0.key), value: $0.value) }
            for w in wanted {
                let exact = members.first { $0.key == w }?.value
                let fold = { (t: String) in
                    String(decoding: t.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, as: UTF8.self)
                }
                let folded = exact ?? members.first { fold($0.key) == fold(w) }?.value
                #expect(d.member(d.root, w) == exact, "\(w) in \(text)")
                #expect(d.memberCaseInsensitive(d.root, w) == folded, "\(w) in \(text)")
                // Every value is a number, so `a.b` can only be the literal dotted key.
                #expect(FieldPath(w).first(in: d) == exact, "\(w) in \(text)")
                #expect(FieldPath(w).first(in: d, caseInsensitive: true) == folded, "\(w) in \(text)")
            }
        }
    }

    private func doc(_ text: String) throws -> JSONDocument { try JSONParser.parse(Array(text.utf8)) }

    @Test func literalDottedKeysWinOverTraversal() throws {
        let d = try doc(#"{"gcp.audit.method_name":"flat","gcp":{"audit":{"method_name":"nested"}}}"#)
        let hit = try #require(FieldPath("gcp.audit.method_name").first(in: d))
        #expect(d.string(hit) == "flat")
    }

    @Test func atSignKeysAreOneSegment() throws {
        let d = try doc(#"{"@timestamp":1,"protoPayload":{"@type":"t"}}"#)
        #expect(FieldPath("@timestamp").first(in: d) != nil)
        let t = try #require(FieldPath("protoPayload.@type").first(in: d))
        #expect(d.string(t) == "t")
    }

    @Test func missingPathsResolveToNothing() throws {
        let d = try doc(#"{"a":{"b":1}}"#)
        #expect(FieldPath("a.c").resolve(in: d).isEmpty)
        #expect(FieldPath("a.b.c").resolve(in: d).isEmpty)
        #expect(FieldPath("x").resolve(in: d).isEmpty)
    }

    @Test func nestedArraysFanOut() throws {
        let d = try doc(#"{"r":[{"t":[{"v":"a"},{"v":"b"}]},{"t":{"v":"c"}}]}"#)
        let values = FieldPath("r.t.v").resolve(in: d).compactMap { d.string($0) }
        #expect(values == ["a", "b", "c"])
    }
}

@Suite struct VocabularyTests {
    @Test func levelsOrderAndParse() {
        #expect(Level.informational < Level.low && Level.high < Level.critical)
        #expect(Level(name: "HIGH") == .high)
        #expect(Level(name: "info") == .informational)
        #expect(Level(name: "severe") == nil)
        #expect(Level.allCases.map(\.name) == ["informational", "low", "medium", "high", "critical"])
    }

    @Test func diagnosticsDescribeTheirLocation() {
        let d = Diagnostic(.warning, .malformedRecord, file: "a.json", line: 3, column: 7, message: "bad")
        #expect(d.description == "a.json:3:7: bad")
        let noLine = Diagnostic(.error, .ruleError, file: "r.yml", message: "x")
        #expect(noLine.description == "r.yml: x")
        #expect(Diagnostic(.warning, .other, message: "m").description == "m")
    }

    @Test func sourceLocationsOrderByFileThenRecord() {
        let a = SourceLocation(file: "a", line: 9, record: 1)
        let b = SourceLocation(file: "a", line: 2, record: 2)
        let c = SourceLocation(file: "b", line: 1, record: 0)
        #expect([c, b, a].sorted() == [a, b, c])
        #expect(a.description == "a:9")
    }

    @Test func collectorKeepsArrivalOrder() {
        let sink = DiagnosticCollector()
        for i in 0..<5 { sink.emit(Diagnostic(.warning, .other, line: i, message: "m")) }
        #expect(sink.diagnostics.compactMap(\.line) == [0, 1, 2, 3, 4])
    }
}
