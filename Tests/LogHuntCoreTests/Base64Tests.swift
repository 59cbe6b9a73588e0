import LogHuntCore
import PropertyBased
import Testing

/// The shared base64 codec: GCP Pub/Sub payloads and the built-in rules' YAML snapshots.
@Suite struct Base64Tests {
    static func decode(_ text: String) -> [UInt8]? { Base64.decode(Array(text.utf8)) }

    @Test func encodesTheStandardAlphabetWithPadding() {
        #expect(Base64.encode([]) == "")
        #expect(Base64.encode(Array("f".utf8)) == "Zg==")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.encode(Array("foo".utf8)) == "Zm9v")
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode([0xFB, 0xFF]) == "+/8=")
    }

    @Test func decodesWhatItEncodes() async {
        await propertyCheck(count: 300, input: Gen.int(in: 0...255).array(of: 0...200)) { values in
            let bytes = values.map(UInt8.init)
            #expect(Self.decode(Base64.encode(bytes)) == bytes)
        }
    }

    @Test func rejectsWhatIsNotBase64() {
        for bad in ["Z===", "Zm9v!A==", "=Zm9", "Zm9v\u{E9}"] {
            #expect(Self.decode(bad) == nil, "\(bad.debugDescription)")
        }
    }

    /// Pub/Sub producers vary: unpadded, URL-safe and wrapped text decode too.
    @Test func acceptsUnpaddedURLSafeAndWrappedText() {
        #expect(Self.decode("Zm9vYg==") == Array("foob".utf8))
        #expect(Self.decode("Zg=") == Array("f".utf8))
        #expect(Self.decode("Zg") == Array("f".utf8))
        #expect(Self.decode("Zm\n9v") == Array("foo".utf8))
        #expect(Self.decode("-_8=") == [0xFB, 0xFF])
    }
}
