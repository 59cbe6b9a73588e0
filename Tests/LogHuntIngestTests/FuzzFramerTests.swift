import LogHuntCore
import Testing

@testable import LogHuntIngest

/// Regression tests for inputs found by fuzzing the record framer (issue 7). The fuzz target
/// frames every input twice, in one chunk and in random-sized chunks, and the two must agree.
@Suite struct FuzzFramerTests {
    // See: #7
    @Test(arguments: ["[}]", "[1,}]", "{\"Records\":[}]}", "[{\"a\":1},}]\n"])
    func issue7_closingBraceAsArrayElementDoesNotHang(_ text: String) {
        let framed = frame(text)
        #expect(framed.malformed >= 1)
        #expect(framed.records.count == (text.contains("\"a\"") ? 1 : 0))
    }

    // See: #7
    @Test(arguments: [1, 2, 5, 12, 13, 64])
    func issue7_strayFirstLineBeforeJSONDoesNotDependOnChunkSize(_ chunkSize: Int) {
        let text = "banner line\n{\"a\":1}\n{\"a\":2}\n"
        #expect(frame(text).strings("a") == ["1", "2"])
        #expect(frame(text, chunkSize: chunkSize).strings("a") == ["1", "2"])
    }
}
