import LogHuntCore
import PropertyBased
import Testing

@testable import LogHuntIngest

/// Arbitrary bytes never crash or hang the framer, and what it finds is consistent:
/// lines never go backwards or past the end, and indices only grow.
@Suite struct FramerFuzzTests {
    static let jsonAlphabet: [UInt8] = Array("{}[]\",:\\\n\r a1".utf8) + [0, 0xEF, 0xBB, 0xBF, 0xFF, 0x7B, 0x22]
    static let csvAlphabet: [UInt8] = Array("a,\"\n\r{}:1 ".utf8)

    static func check(_ bytes: [UInt8], chunkSize: Int) {
        let f = frame(bytes, chunkSize: chunkSize)
        let lastLine = bytes.reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        #expect(f.lines == f.lines.sorted())
        #expect(f.lines.allSatisfy { $0 >= 1 && $0 <= lastLine })
        #expect(zip(f.indices, f.indices.dropFirst()).allSatisfy { $0 < $1 })
        #expect(f.diagnostics.allSatisfy { ($0.line ?? 1) >= 1 && ($0.line ?? 1) <= lastLine })
        // The same bytes in one chunk frame the same way.
        let whole = frame(bytes, chunkSize: 1 << 20)
        #expect(whole.lines == f.lines)
        #expect(whole.codesAndLines == f.codesAndLines)
    }

    @Test func arbitraryJSONishBytes() async {
        await propertyCheck(
            count: 300, input: zip(Gen.element(of: Self.jsonAlphabet).array(of: 0...200), Gen.int(in: 1...17))
        ) { bytes, chunkSize in
            Self.check(bytes.compactMap { $0 }, chunkSize: chunkSize)
        }
    }

    @Test func arbitraryBytesAfterAValidStart() async {
        await propertyCheck(
            count: 200,
            input: zip(Gen.element(of: Self.jsonAlphabet).array(of: 0...200), Gen.int(in: 1...17), Gen.int(in: 0...3))
        ) { bytes, chunkSize, start in
            let prefixes = ["{\"a\":1}\n", "[", "{\"Records\":[", "{\"Events\":[{\"CloudTrailEvent\":\""]
            Self.check(Array(prefixes[start].utf8) + bytes.compactMap { $0 }, chunkSize: chunkSize)
        }
    }

    @Test func arbitraryCSVRows() async {
        await propertyCheck(
            count: 200, input: zip(Gen.element(of: Self.csvAlphabet).array(of: 0...200), Gen.int(in: 1...17))
        ) { bytes, chunkSize in
            Self.check(Array("name,value\n".utf8) + bytes.compactMap { $0 }, chunkSize: chunkSize)
        }
    }
}
