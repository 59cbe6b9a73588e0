import LogHuntCore
import PropertyBased
import Testing

@testable import LogHuntIngest

@Suite struct JSONParserTests {
    private func parse(_ text: String) throws -> JSONDocument {
        try JSONParser.parse(Array(text.utf8))
    }

    @Test func parsesNestedObjectAndLooksUpMembers() throws {
        let doc = try parse(#"{"a": {"b": [1, "x\"y", true, null]}, "@timestamp": 1671440412331, "k.dot": "v"}"#)
        let a = try #require(doc.member(doc.root, "a"))
        let b = try #require(doc.member(a, "b"))
        #expect(doc.elements(b).count == 4)
        #expect(doc.string(doc.elements(b)[1]) == "x\"y")
        #expect(doc.scalarText(try #require(doc.member(doc.root, "@timestamp"))) == "1671440412331")
        #expect(FieldPath("k.dot").first(in: doc).map { doc.string($0) } == "v")
        #expect(FieldPath("a.b").resolve(in: doc).count == 1)
        #expect(doc.value().serialized() == #"{"a":{"b":[1,"x\"y",true,null]},"@timestamp":1671440412331,"k.dot":"v"}"#)
    }

    /// Strings are scanned eight bytes at a time up to the first quote, backslash or control
    /// byte: pieces of every kind at every offset and alignment must decode to their text,
    /// with the end of each string (and so the next value) found exactly.
    @Test func stringsDecodeWhateverTheOffsetsOfTheirSpecialBytes() async {
        // (encoded in JSON, decoded text, has an escape, is a raw control byte)
        let pieces: [(String, String, Bool, Bool)] = [
            ("a", "a", false, false), ("abcdefgh", "abcdefgh", false, false), (" ", " ", false, false),
            (#"\""#, "\"", true, false), (#"\\"#, "\\", true, false), (#"\n"#, "\n", true, false),
            (#"\/"#, "/", true, false), (#"\u00e9"#, "é", true, false), ("é", "é", false, false),
            ("😀", "😀", false, false), ("\u{01}", "\u{01}", false, true), ("\t", "\t", false, true),
            ("~", "~", false, false), ("\u{7F}", "\u{7F}", false, false),
        ]
        let input = zip(Gen.int(in: 0..<pieces.count).array(of: 0...30), Gen.int(in: 0...9))
        await propertyCheck(count: 2000, input: input) { picks, lead in
            let chosen = picks.map { pieces[$0] }
            let encoded = chosen.map(\.0).joined()
            let text = String(repeating: " ", count: lead) + #"{"k":""# + encoded + #"","n":1}"#
            guard let doc = try? JSONParser.parse(Array(text.utf8)) else {
                Issue.record("does not parse: \(text.debugDescription)")
                return
            }
            let value = doc.member(doc.root, "k")
            #expect(value != nil, "no member k: \(text.debugDescription)")
            #expect(value.flatMap { doc.string($0) } == chosen.map(\.1).joined(), "\(text.debugDescription)")
            #expect(value.map { doc.nodes[$0].escaped } == chosen.contains { $0.2 }, "\(text.debugDescription)")
            #expect(doc.needsReencoding == chosen.contains { $0.3 }, "\(text.debugDescription)")
            #expect(doc.member(doc.root, "n").flatMap { doc.scalarText($0) } == "1", "\(text.debugDescription)")
        }
    }

    @Test func pathFansOutOverArrays() throws {
        let doc = try parse(#"{"authorizationInfo": [{"permission": "a"}, {"permission": "b"}]}"#)
        let hits = FieldPath("authorizationInfo.permission").resolve(in: doc)
        #expect(hits.compactMap { doc.string($0) } == ["a", "b"])
    }

    @Test func decodesUnicodeEscapesAndSurrogates() throws {
        let doc = try parse(#"["\u00e9\ud83d\ude00\n"]"#)
        #expect(doc.string(doc.elements(doc.root)[0]) == "é😀\n")
    }

    @Test(arguments: [
        "{", "[1,", #"{"a" 1}"#, "tru", "01x", #"{"a":1} x"#, "", #""\q""#, "[1 2]", "{,}",
    ])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(text.utf8)) }
    }

    @Test func deepNestingIsRejectedNotCrashing() {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(deep.utf8), maxDepth: 512) }
    }

    @Test func repairsInvalidUTF8() {
        var bytes: [UInt8] = [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0xC3, 0x22, 0x7D]
        #expect(UTF8Repair.repair(&bytes) == 2)
        #expect(UTF8Repair.isValid(bytes))
        #expect((try? JSONParser.parse(bytes)) != nil)
    }
}
