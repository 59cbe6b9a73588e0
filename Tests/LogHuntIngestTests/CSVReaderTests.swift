import LogHuntCore
import Testing

@testable import LogHuntIngest

@Suite struct CSVReaderTests {
    @Test(arguments: [1, 4, 1 << 20])
    func gitHubCSVNestsDottedHeadersAndKeepsIntegers(chunkSize: Int) throws {
        let text = [
            "@timestamp,action,actor,actor_location.country_code,org_id,repo,data.team,data.x",
            "1671440412331,git.clone,circleci,US,163237012,acme/app,,",
            #"1671440412999,team.add_member,"alice, the admin",DE,0042,,"acme/""core""","#,
            "",
        ].joined(separator: "\n")
        let f = frame(text, chunkSize: chunkSize, file: "export.csv")
        #expect(f.diagnostics.isEmpty)
        #expect(f.lines == [2, 3])
        #expect(f.records.map(\.container) == [.csv, .csv])
        let values = f.records.map { $0.document.value().serialized() }
        #expect(
            values == [
                #"{"@timestamp":1671440412331,"action":"git.clone","actor":"circleci","actor_location":{"country_code":"US"},"org_id":163237012,"repo":"acme/app"}"#,
                #"{"@timestamp":1671440412999,"action":"team.add_member","actor":"alice, the admin","actor_location":{"country_code":"DE"},"org_id":"0042","data":{"team":"acme/\"core\""}}"#,
            ])
    }

    @Test(arguments: [1, 3, 1 << 20])
    func circleCICSVParsesJSONCellsAndBooleans(chunkSize: Int) throws {
        let text =
            "ID,OCCURRED_AT,ACTION,ACTOR,TARGET,PAYLOAD,SUCCESS,REQUEST\r\n"
            + "e1,2023-01-04T22:01:02.123456789Z,context.secrets.accessed,\"{\"\"id\"\":\"\"u1\"\",\"\"type\"\":\"\"user\"\",\"\"name\"\":\"\"bot\"\"}\",\"{\"\"id\"\":\"\"c1\"\",\"\"type\"\":\"\"context\"\"}\",\"{\r\n  \"\"k\"\": [1, 2]\r\n}\",true,{not json}\r\n"
            + "e2,2023-01-05T00:00:00Z,workflow.job.start,\"{\"\"id\"\":\"\"u2\"\"}\",,,false,\r\n"
        let f = frame(text, chunkSize: chunkSize, file: "circleci.csv")
        #expect(f.diagnostics.isEmpty)
        #expect(f.lines == [2, 5])
        let r = try #require(f.records.first)
        let doc = r.document
        let actor = try #require(doc.member(doc.root, "actor"))
        #expect(doc.isObject(actor))
        #expect(doc.member(actor, "name").flatMap { doc.string($0) } == "bot")
        #expect(doc.member(doc.root, "success").map { doc.kind($0) } == .true)
        #expect(doc.member(doc.root, "occurred_at").flatMap { doc.string($0) } == "2023-01-04T22:01:02.123456789Z")
        #expect(doc.member(doc.root, "request").flatMap { doc.string($0) } == "{not json}")
        let payload = try #require(doc.member(doc.root, "payload"))
        #expect(doc.value(payload).serialized() == #"{"k":[1,2]}"#)
        #expect(
            f.records.last.map { $0.document.value().serialized() }
                == #"{"id":"e2","occurred_at":"2023-01-05T00:00:00Z","action":"workflow.job.start","actor":{"id":"u2"},"success":false}"#
        )
    }

    @Test func unterminatedQuoteAtEndIsOneMalformedRow() {
        let f = frame("a,b\n1,2\n3,\"open\n4,5\n", file: "q.csv")
        #expect(f.strings("a") == ["1"])
        #expect(f.codesAndLines == ["malformedRecord:3"])
        #expect(f.malformed == 1)
    }

    @Test func extraCellsAreKeptAsNumberedColumns() {
        let f = frame("a,b\nx,y,z\n")
        #expect(f.records.map { $0.document.value().serialized() } == [#"{"a":"x","b":"y","column_3":"z"}"#])
    }

    @Test func overlongRowIsReportedThenResyncs() {
        var limits = Limits()
        limits.maxLineBytes = 50
        let f = frame(
            "a,b\n1,2\n" + "3," + String(repeating: "q", count: 200) + "\n5,6\n", chunkSize: 8, limits: limits)
        #expect(f.strings("a") == ["1", "5"])
        #expect(f.codesAndLines == ["limitExceeded:3"])
    }

    @Test(arguments: [
        ("Event Type,Event Name,Request ID", true), ("id,occurred_at", true), ("1\trules/x.yml\tname", false),
        ("hello", false), ("2022-12-01,42", false), ("a,,", false),
    ])
    func headerSniffing(line: String, isHeader: Bool) {
        let bytes = Array(line.utf8)
        #expect(bytes.withUnsafeBufferPointer { FormatSniffer.isCSVHeader($0) } == isHeader)
        #expect(FormatSniffer.guess(bytes) == (isHeader ? .csv : .unrecognised))
    }

    @Test func guessRecognisesJSONAndEmpty() {
        #expect(FormatSniffer.guess(Array("\u{FEFF} \n[".utf8)) == .json)
        #expect(FormatSniffer.guess(Array("{\"a\":1}".utf8)) == .json)
        #expect(FormatSniffer.guess([0, 0, 0x0A]) == .empty)
    }
}
