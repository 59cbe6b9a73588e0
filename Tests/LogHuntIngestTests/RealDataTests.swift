import LogHuntCore
import LogHuntTestSupport
import Testing

@testable import LogHuntIngest

/// Every real sample under ../shared/realdata frames without a malformed record, read in place.
@Suite struct RealDataTests {
    struct Sample: Sendable, CustomStringConvertible {
        var path: String
        var records: Int
        var container: ContainerFormat?
        var description: String { path }
    }

    static let samples: [Sample] = [
        Sample(path: "github/test-organisation-audit-json.log", records: 199, container: .ndjson),
        Sample(path: "github/Github_sample_logs.json", records: 63, container: .ndjson),
        Sample(path: "github/gm3dmo_git-events-excerpt.json", records: 2, container: .ndjson),
        Sample(
            path: "cloudtrail/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json", records: 2,
            container: .wrapper),
        Sample(
            path: "cloudtrail/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz", records: 2,
            container: .wrapper),
        Sample(path: "cloudtrail/ec2_proxy_s3_exfiltration_2020-09-14011940.json", records: 103, container: .ndjson),
        // Processed CSV (Python-dict cells stay strings), 301 rows.
        Sample(path: "cloudtrail/AWS_S3_HoneyBucketLogs.csv", records: 301, container: .csv),
        // A digest file: recognised by content and skipped without a warning.
        Sample(path: "cloudtrail/test-cloudtrail-digest-json.log", records: 0, container: nil),
        Sample(path: "gcp/test-audit.first12.log", records: 12, container: .ndjson),
        Sample(path: "gcp/test-iamcredentials-googleapis-com.log", records: 1, container: .ndjson),
        Sample(path: "azure_activity/test-activitylogs-raw.log", records: 3, container: .ndjson),
        Sample(path: "azure_signin/test-signinlogs-raw.log", records: 5, container: .ndjson),
        Sample(path: "derived-panther/github/panther_github_test_logs.ndjson", records: 104, container: .ndjson),
        Sample(
            path: "derived-panther/cloudtrail/panther_cloudtrail_test_logs.ndjson", records: 475, container: .ndjson),
        Sample(path: "derived-panther/gcp/panther_gcp_test_logs.ndjson", records: 196, container: .ndjson),
        Sample(
            path: "derived-panther/azure_activity/panther_azure_activity_test_logs.ndjson", records: 255,
            container: .ndjson),
        Sample(
            path: "derived-panther/azure_signin/panther_azure_signin_test_logs.ndjson", records: 47, container: .ndjson),
    ]

    @Test(arguments: samples)
    func framesWithoutMalformedRecords(sample: Sample) throws {
        for chunkSize in [1 << 20, 97] {
            let (f, stats) = read(path: TestPaths.realData(sample.path), display: sample.path, chunkSize: chunkSize)
            #expect(f.diagnostics.isEmpty, "\(f.messages.prefix(3))")
            #expect(stats.malformed == 0)
            #expect(stats.records == sample.records)
            #expect(f.indices == Array(0..<sample.records))
            #expect(Set(f.records.map(\.container)) == (sample.container.map { [$0] } ?? []))
            #expect(f.lines == f.lines.sorted())
        }
    }

    @Test func ndjsonLineNumbersMatchTheFile() {
        let (f, _) = read(path: TestPaths.realData("github/test-organisation-audit-json.log"))
        #expect(f.lines == Array(1...199))
    }

    @Test func gzipAndPlainCloudTrailTwinsAgree() throws {
        let base = "cloudtrail/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json"
        let (plain, _) = read(path: TestPaths.realData(base))
        let (gz, stats) = read(path: TestPaths.realData(base + ".gz"), chunkSize: 64)
        #expect(stats.gzipMembers == 1)
        #expect(gz.records.map { $0.document.value() } == plain.records.map { $0.document.value() })
        #expect(plain.strings("eventVersion") == ["1.05", "1.05"])
        #expect(gz.lines == plain.lines)
        #expect(gz.lines.first == 3)
    }

    @Test func honeyBucketCSVRowsKeepTheirColumns() throws {
        let (f, _) = read(path: TestPaths.realData("cloudtrail/AWS_S3_HoneyBucketLogs.csv"))
        let first = try #require(f.records.first)
        #expect(first.location.line == 2)
        #expect(
            first.document.member(first.document.root, "Event Name").flatMap { first.document.string($0) }
                == "ListObjects")
        #expect(first.document.member(first.document.root, "Source IP") != nil)
    }

    /// The `.index.tsv` files beside the Panther samples map lines to rule tests; they are not
    /// logs, and reading one gives a single unrecognised-format warning.
    @Test(arguments: ["github", "cloudtrail", "gcp", "azure_activity", "azure_signin"])
    func pantherIndexFilesAreNotLogs(source: String) {
        let path = "derived-panther/\(source)/panther_\(source)_test_logs.index.tsv"
        let (f, stats) = read(path: TestPaths.realData(path), display: path)
        #expect(f.records.isEmpty)
        #expect(f.codesAndLines == ["unrecognisedFormat:1"])
        #expect(stats.malformed == 0)
    }

    @Test func walkingTheWholeCorpusFindsEveryFile() {
        let sink = DiagnosticCollector()
        let found = InputWalker.expand([TestPaths.realData("")], limits: Limits(), sink: sink)
        #expect(sink.diagnostics.isEmpty)
        // 17 samples + 5 index files + 2 notes.
        #expect(found.count == 24)
        #expect(
            found.map(\.displayPath) == found.map(\.displayPath).sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
    }
}
