import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntTestSupport
import Testing

/// The real third-party samples in ../shared/realdata, read in place.
@Suite struct RealDataTests {
    /// Share of events with `@timestamp`, `event.action` and a detected provider.
    struct Coverage: CustomStringConvertible {
        var file: String
        var events = 0
        var timestamp = 0
        var action = 0
        var provider = 0
        var rightProvider = 0

        func percent(_ n: Int) -> Double { events == 0 ? 0 : Double(n) * 100 / Double(events) }
        var description: String {
            let f = { (n: Int) in String(format: "%.1f", percent(n)) }
            return "\(file): \(events) events, @timestamp \(f(timestamp))%, event.action \(f(action))%, "
                + "provider \(f(provider))%, expected provider \(f(rightProvider))%"
        }
    }

    static func coverage(_ relative: String, expect provider: Provider) throws -> Coverage {
        let (docs, _) = try TestRecords.records(inFile: TestPaths.realData(relative))
        var c = Coverage(file: relative)
        let normalizer = Normalizer()
        for (i, doc) in docs.enumerated() {
            let e = normalizer.normalize(
                document: doc, location: SourceLocation(file: relative, line: i + 1, record: i))
            c.events += 1
            if e.timestamp != nil { c.timestamp += 1 }
            if e.fields[.action] != nil { c.action += 1 }
            if e.provider != .unknown { c.provider += 1 }
            // Entra audit logs sit beside sign-ins and are `azure` (service auditlogs).
            if e.provider == provider || (provider == .entra && e.service == "auditlogs") { c.rightProvider += 1 }
            if ProcessInfo.processInfo.environment["LOGHUNT_DUMP_MISSES"] != nil,
                e.timestamp == nil || e.fields[.action] == nil || e.provider != provider
            {
                print("miss:", relative, e.provider, e.timestamp as Any, String(doc.value().serialized().prefix(400)))
            }
        }
        print("coverage:", c)
        return c
    }

    static let realFiles: [(String, Provider)] = [
        ("github/test-organisation-audit-json.log", .github),
        ("github/Github_sample_logs.json", .github),
        ("github/gm3dmo_git-events-excerpt.json", .github),
        ("cloudtrail/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json", .aws),
        ("cloudtrail/111111111111_CloudTrail_eu-central-1_20171211T1505Z_A6kvhMoVeCsc7v8U.json.gz", .aws),
        ("cloudtrail/AWS_S3_HoneyBucketLogs.csv", .aws),
        ("cloudtrail/ec2_proxy_s3_exfiltration_2020-09-14011940.json", .aws),
        ("gcp/test-audit.first12.log", .gcp),
        ("gcp/test-iamcredentials-googleapis-com.log", .gcp),
        ("azure_activity/test-activitylogs-raw.log", .azure),
        ("azure_signin/test-signinlogs-raw.log", .entra),
    ]

    @Test(arguments: realFiles)
    func realSamplesAreNormalised(_ file: String, _ provider: Provider) throws {
        let c = try Self.coverage(file, expect: provider)
        #expect(c.events > 0)
        #expect(c.percent(c.timestamp) >= 95, "\(c)")
        #expect(c.percent(c.action) >= 95, "\(c)")
        #expect(c.percent(c.rightProvider) >= 95, "\(c)")
    }

    static let pantherFiles: [(String, Provider)] = [
        ("derived-panther/github/panther_github_test_logs.ndjson", .github),
        ("derived-panther/cloudtrail/panther_cloudtrail_test_logs.ndjson", .aws),
        ("derived-panther/gcp/panther_gcp_test_logs.ndjson", .gcp),
        ("derived-panther/azure_activity/panther_azure_activity_test_logs.ndjson", .azure),
        ("derived-panther/azure_signin/panther_azure_signin_test_logs.ndjson", .entra),
    ]

    /// Re-serialised, partly hand-written records: they must go through; detection is reported.
    @Test(arguments: pantherFiles)
    func pantherDerivedSamplesGoThrough(_ file: String, _ provider: Provider) throws {
        let c = try Self.coverage(file, expect: provider)
        #expect(c.events > 40)
        #expect(c.percent(c.provider) >= 85, "\(c)")
        #expect(c.percent(c.rightProvider) >= 85, "\(c)")
    }

    /// Prints, per file, the share of events carrying each contract field (the report's table).
    @Test(arguments: realFiles + pantherFiles)
    func contractFieldCoverage(_ file: String, _ provider: Provider) throws {
        let (docs, _) = try TestRecords.records(inFile: TestPaths.realData(file))
        let normalizer = Normalizer()
        let contract: [ECSField] = [
            .action, .outcome, .eventID, .userName, .userID, .sourceIP, .country, .userAgent, .accountID, .region,
            .organizationName, .credentialID, .targetName,
        ]
        var counts = [Int](repeating: 0, count: contract.count)
        var timed = 0
        for (i, doc) in docs.enumerated() {
            let e = normalizer.normalize(document: doc, location: SourceLocation(file: file, line: i + 1, record: i))
            if e.timestamp != nil { timed += 1 }
            for (k, f) in contract.enumerated() where e.fields[f] != nil { counts[k] += 1 }
        }
        let n = max(1, docs.count)
        let cells = zip(contract, counts).map { "\($0.rawValue)=\($1 * 100 / n)" }
        print("fields:", file, "n=\(docs.count)", "@timestamp=\(timed * 100 / n)", cells.joined(separator: " "))
        #expect(counts[0] > 0)
    }

    @Test func cloudTrailDigestIsNotAnEvent() throws {
        let (docs, _) = try TestRecords.records(
            inFile: TestPaths.realData("cloudtrail/test-cloudtrail-digest-json.log"))
        // Ingest may skip the digest altogether; whatever it passes on is not a CloudTrail event.
        for doc in docs {
            let e = Normalizer().normalize(document: doc, location: SourceLocation(file: "d", line: 1, record: 0))
            #expect(e.provider == .unknown)
            #expect(e.fields[.action] == nil)
        }
        let digest = try TestRecords.record(
            #"{"awsAccountId":"123456789123","digestPublicKeyFingerprint":"47aa","logFiles":[]}"#)
        #expect(Normalizer().normalize(digest).provider == .unknown)
    }
}
