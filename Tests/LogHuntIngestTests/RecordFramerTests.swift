import LogHuntCore
import Testing

@testable import LogHuntIngest

@Suite struct RecordFramerTests {
    static let chunkSizes = [1, 2, 3, 7, 64, 1 << 20]

    @Test(arguments: chunkSizes)
    func ndjsonLinesAndLineNumbers(chunkSize: Int) {
        let text = "{\"a\":\"1\"}\n{\"a\":\"2\"}\r\n\n{\"a\":\"3\"}\n"
        let f = frame(text, chunkSize: chunkSize)
        #expect(f.strings("a") == ["1", "2", "3"])
        #expect(f.lines == [1, 2, 4])
        #expect(f.indices == [0, 1, 2])
        #expect(f.diagnostics.isEmpty)
        #expect(f.records.map(\.container) == [.ndjson, .ndjson, .ndjson])
    }

    @Test(arguments: chunkSizes)
    func prettyPrintedObjectsConcatenated(chunkSize: Int) {
        let text = "{\n  \"a\": \"1\",\n  \"b\": {\"c\": \"}\"}\n}\n{\n  \"a\": \"2\"\n}\n"
        let f = frame(text, chunkSize: chunkSize)
        #expect(f.strings("a") == ["1", "2"])
        #expect(f.lines == [1, 5])
        #expect(f.diagnostics.isEmpty)
    }

    @Test(arguments: chunkSizes)
    func jsonArrayStreamsElements(chunkSize: Int) {
        let text = "[\n  {\"a\": \"1\", \"s\": \"x]\\\"}\"},\n  {\"a\": \"2\"}\n]\n"
        let f = frame(text, chunkSize: chunkSize)
        #expect(f.strings("a") == ["1", "2"])
        #expect(f.strings("s") == ["x]\"}", "<missing>"])
        #expect(f.lines == [2, 3])
        #expect(f.records.map(\.container) == [.jsonArray, .jsonArray])
        #expect(f.diagnostics.isEmpty)
    }

    @Test(arguments: chunkSizes)
    func concatenatedArraysAsRESTPages(chunkSize: Int) {
        let f = frame("[{\"a\":\"1\"},{\"a\":\"2\"}]\n[{\"a\":\"3\"}][]\n[\n{\"a\":\"4\"}]", chunkSize: chunkSize)
        #expect(f.strings("a") == ["1", "2", "3", "4"])
        #expect(f.lines == [1, 1, 2, 4])
        #expect(f.indices == [0, 1, 2, 3])
    }

    @Test(arguments: ["Records", "records", "value", "items"])
    func wrapperObjects(key: String) {
        let text =
            "{\"@odata.context\": \"x\", \"\(key)\": [\n {\"a\": \"1\"},\n {\"a\": \"2\"}\n], \"NextToken\": \"t\"}"
        for size in Self.chunkSizes {
            let f = frame(text, chunkSize: size)
            #expect(f.strings("a") == ["1", "2"])
            #expect(f.lines == [2, 3])
            #expect(f.records.map(\.container) == [.wrapper, .wrapper])
            #expect(f.diagnostics.isEmpty)
        }
    }

    @Test func ndjsonOfWrapperObjectsAsEventHubDumps() {
        let text =
            "{\"records\":[{\"a\":\"1\"},{\"a\":\"2\"}]}\n{\"records\":[{\"a\":\"3\"}]}\n{\"a\":\"4\"}\n{\"records\":[{\"a\":\"5\"}]}\n"
        for size in Self.chunkSizes {
            let f = frame(text, chunkSize: size)
            #expect(f.strings("a") == ["1", "2", "3", "4", "5"])
            #expect(f.lines == [1, 1, 2, 3, 4])
        }
    }

    @Test func lookupEventsUnwrapsCloudTrailEventStrings() {
        let inner1 = #"{\"eventVersion\":\"1.08\",\"eventName\":\"GetObject\",\"readOnly\":true}"#
        let inner2 = #"{\"eventVersion\":\"1.08\",\"eventName\":\"PutObject\"}"#
        let page =
            "{\n  \"Events\": [\n    {\"EventId\": \"1\", \"ReadOnly\": \"true\", \"CloudTrailEvent\": \"\(inner1)\"},\n    {\"EventId\": \"2\", \"CloudTrailEvent\": \"\(inner2)\"}\n  ],\n  \"NextToken\": \"abc\"\n}\n"
        for size in Self.chunkSizes {
            let f = frame(page + page, chunkSize: size)
            #expect(f.strings("eventName") == ["GetObject", "PutObject", "GetObject", "PutObject"])
            #expect(f.strings("readOnly") == ["true", "<missing>", "true", "<missing>"])
            #expect(f.lines == [3, 4, 10, 11])
            #expect(f.records.map(\.container) == Array(repeating: .lookupEvents, count: 4))
        }
    }

    @Test func cloudWatchEventsUnwrapMessageStrings() {
        let text =
            #"{"events":[{"logStreamName":"s","timestamp":1,"message":"{\"eventName\":\"ListBuckets\"}"},{"message":"plain text"}],"searchedLogStreams":[]}"#
        let f = frame(text, chunkSize: 5)
        #expect(f.strings("eventName") == ["ListBuckets", "<missing>"])
        #expect(f.strings("message") == ["<missing>", "plain text"])
        #expect(f.records.map(\.container) == [.cloudWatchEvents, .cloudWatchEvents])
    }

    @Test func ambiguousWrapperKeyInsideARecordStaysARecord() {
        // GitHub hook events carry `events: ["push"]`; an empty `value` array is not a wrapper either.
        let f = frame(
            "{\"action\":\"hook.create\",\"events\":[\"push\",\"pull_request\"]}\n{\"name\":\"n\",\"value\":[]}\n",
            chunkSize: 3)
        #expect(f.strings("action") == ["hook.create", "<missing>"])
        #expect(f.strings("name") == ["<missing>", "n"])
        #expect(f.diagnostics.isEmpty)
    }

    @Test func singleBareObject() {
        let f = frame("  {\n \"eventVersion\": \"1.05\"\n}\n")
        #expect(f.strings("eventVersion") == ["1.05"])
        #expect(f.records.map(\.container) == [.singleObject])
    }

    @Test func nonObjectElementsAreCountedAndSkipped() {
        let f = frame("[1, \"two\", {\"a\":\"ok\"}, [3], null,\n{\"a\":\"ok2\"}]")
        #expect(f.strings("a") == ["ok", "ok2"])
        #expect(f.malformed == 4)
        #expect(
            f.codesAndLines == ["malformedRecord:1", "malformedRecord:1", "malformedRecord:1", "malformedRecord:1"])
        #expect(f.indices == [2, 5])
    }

    @Test func digestFileIsSkippedSilently() {
        let f = frame(#"{"awsAccountId":"1","digestPublicKeyFingerprint":"ab","logFiles":[{"s3Object":"x"}]}"#)
        #expect(f.records.isEmpty)
        #expect(f.diagnostics.isEmpty)
        #expect(f.malformed == 0)
    }

    @Test func emptyAndBlankInputsGiveNothingAndNoWarning() {
        for text in ["", "\n\n", "\u{FEFF}", "  \r\n\0\0"] {
            let f = frame(text)
            #expect(f.records.isEmpty)
            #expect(f.diagnostics.isEmpty)
        }
    }
}

@Suite struct MixedContainerTests {
    @Test(arguments: [1, 4, 1 << 20])
    func prettyObjectAfterNDJSONLines(chunkSize: Int) {
        let f = frame(
            "{\"id\":\"1\"}\n{\"id\":\"2\"}\n{\n  \"id\": \"3\",\n  \"o\": {\"k\": 1}\n}\n{\"id\":\"4\"}\n",
            chunkSize: chunkSize)
        #expect(f.strings("id") == ["1", "2", "3", "4"])
        #expect(f.lines == [1, 2, 3, 7])
        #expect(f.diagnostics.isEmpty)
    }
}
