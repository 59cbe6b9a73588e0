import Foundation
import LogHuntTestSupport
import Testing

/// normalize, stats, trace and inventory, run as a user would.
@Suite struct CommandTests {
    @Test(arguments: ["cloudtrail", "github", "gcp", "azure_activity", "azure_signin"])
    func normalizeRealDataGivesOneECSObjectPerEvent(_ directory: String) throws {
        let result = try LogHuntProcess.run(["normalize", TestPaths.realData(directory)])
        #expect(result.status == 0)
        let events = try result.jsonLines()
        #expect(!events.isEmpty)
        var withAll = 0
        for e in events {
            let event = e["event"] as? [String: Any]
            if e["@timestamp"] is String, event?["action"] is String, event?["provider"] is String { withAll += 1 }
            #expect(e["raw"] is [String: Any])
            #expect(e["location"] is [String: Any])
        }
        #expect(Double(withAll) / Double(events.count) >= 0.95, "\(directory): \(withAll) of \(events.count)")
        #expect(result.stderr.isEmpty, "no warning on real samples: \(result.stderr.prefix(500))")
    }

    @Test func derivedPantherSamplesGoThroughWithoutACrash() throws {
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "json", TestPaths.realData("derived-panther")])
        #expect(result.status == 0)
        let root = try #require(try result.json() as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect((summary["events"] as? Int ?? 0) > 1_000)
    }

    @Test func statsCountsPerProviderAndDay() throws {
        let result = try LogHuntProcess.run(["stats", "-f", "json", "SampleLogs"])
        #expect(result.status == 0)
        let text = result.output
        for provider in ["github", "aws", "gcp", "azure", "entra", "circleci"] {
            #expect(text.contains("\"\(provider)\""), "stats for \(provider)")
        }
    }

    @Test func traceFollowsOneCredentialAcrossProviders() throws {
        let result = try LogHuntProcess.run([
            "trace", "-f", "json", "5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e8f", "SampleLogs",
        ])
        #expect(result.status == 0)
        let root = try #require(try result.json() as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary.keys.count >= 2, "azure and entra: \(summary.keys)")
        // An IP seen by the attacker in three providers.
        let ip = try LogHuntProcess.run([
            "trace", "-f", "json", "--field", "source.ip", "111.90.149.55,89.36.78.75,72.18.132.58,188.68.229.52",
            "SampleLogs",
        ])
        let ipRoot = try #require(try ip.json() as? [String: Any])
        let providers = try #require(ipRoot["summary"] as? [String: Any])
        #expect(providers.keys.count >= 3, "providers: \(providers.keys.sorted())")
        let events = try #require(ipRoot["events"] as? [[String: Any]])
        let times = events.compactMap { $0["@timestamp"] as? String }
        #expect(times == times.sorted(), "a time-ordered timeline")
    }

    @Test(arguments: ["circleci-data-v0.json", "circleci-data-v1.json", "circleci-data-v2.json"])
    func inventoryReadsEveryInspectorShape(_ file: String) throws {
        let path = TestPaths.inPackage("Tests/LogHuntCLITests/Fixtures/inventory/" + file)
        let result = try LogHuntProcess.run(["inventory", "-f", "json", path])
        #expect(result.status == 0, "\(result.stderr)")
        let plan = try #require(try result.json() as? [String: Any])
        let secrets = try #require(plan["secrets"] as? [[String: Any]])
        #expect(secrets.contains { $0["name"] as? String == "AWS_ACCESS_KEY_ID" && $0["provider"] as? String == "aws" })
        let hunt = try #require(plan["hunt"] as? [[String: Any]])
        #expect(hunt.contains { $0["provider"] as? String == "aws" })
        let table = try LogHuntProcess.run(["inventory", path])
        #expect(table.output.contains("What to hunt"))
    }

    @Test func brokenInventoryIsAnErrorWithFileAndLine() throws {
        let dir = try TempDirectory()
        let file = try dir.write("circleci-data.json", "{\n  \"contexts\": [\n    {\"name\": }\n  ]\n}\n")
        let result = try LogHuntProcess.run(["inventory", file])
        #expect(result.status == 2)
        #expect(result.stderr.contains("loghunt: error: \(file):3: not a CircleCI-Env-Inspector file"))
    }

    @Test func huntWithInventoryMatchesMaskedSuffixesAndReportsGaps() throws {
        let inv = TestPaths.inPackage("Tests/LogHuntCLITests/Fixtures/inventory/circleci-data-v2.json")
        let result = try LogHuntProcess.run([
            "hunt", "-f", "json", "--inventory", inv, "SampleLogs/aws", "SampleLogs/github",
        ])
        #expect(result.status == 0)
        let root = try #require(try result.json() as? [String: Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        let suffix = findings.filter {
            ($0["rule"] as? [String: Any])?["id"] as? String == "loghunt-inventory-aws-key-suffix"
        }
        #expect(!suffix.isEmpty, "the masked …Y001 key suffix matches AKIAEXAMPLEDEPLOY001")
        // GCP and Azure secrets are listed but their logs were not given: a visible gap.
        #expect(result.stderr.contains("to hunt:") && result.stderr.contains("gcp"))
    }

    @Test func badInputIsReportedAndGoodRecordsAroundItAreHunted() throws {
        let dir = try TempDirectory()
        let good =
            #"{"eventVersion":"1.08","eventTime":"2022-12-27T02:35:00Z","eventSource":"sts.amazonaws.com","eventName":"GetCallerIdentity","sourceIPAddress":"111.90.149.55","userIdentity":{"type":"IAMUser","accessKeyId":"AKIAEXAMPLEDEPLOY001","userName":"circleci-deploy"}}"#
        try dir.write("a.jsonl", good + "\n{broken\n" + good + "\n")
        try dir.write("b.bin", Data([0x00, 0x01, 0xFF, 0xFE, 0x00, 0x13, 0x37]))
        try dir.write("c.jsonl", "")
        // A truncated gzip member after a complete one.
        let gz = try #require(gzip(good + "\n"))
        try dir.write("d.json.gz", gz + gz.prefix(gz.count / 2))
        let result = try LogHuntProcess.run(["hunt", "-f", "json", dir.path])
        #expect(result.status == 0)
        let root = try #require(try result.json() as? [String: Any])
        let summary = try #require(root["summary"] as? [String: Any])
        #expect(summary["events"] as? Int == 3)
        #expect((summary["malformed"] as? Int ?? 0) >= 1)
        #expect(summary["records"] as? Int == (summary["events"] as? Int ?? 0) + (summary["malformed"] as? Int ?? 0))
        #expect(result.stderr.contains("a.jsonl:2:"))
        #expect(result.stderr.contains("b.bin"))
        #expect(result.stderr.contains("d.json.gz"))
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(findings.count >= 3, "the three good records still found")
    }

    private func gzip(_ text: String) -> Data? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-c", "-n"]
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        guard (try? process.run()) != nil else { return nil }
        input.fileHandleForWriting.write(Data(text.utf8))
        try? input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return data
    }

    @Test func terminalEscapesInLogsNeverReachTheTable() throws {
        let dir = try TempDirectory()
        let hostile =
            #"{"@timestamp":1672203491800,"action":"git.clone","actor":"evil\u001b[31mred\u001b]0;title\u0007\u202e","actor_ip":"89.36.78.75","org":"acme","repo":"acme/x"}"#
        let file = try dir.write("gh.jsonl", hostile + "\n")
        let result = try LogHuntProcess.run(["hunt", "-q", file])
        #expect(result.status == 0)
        #expect(!result.output.isEmpty)
        let bytes = Array(result.stdout)
        #expect(!bytes.contains(0x1B), "no ESC byte in the table")
        #expect(!bytes.contains(0x07), "no BEL byte in the table")
        #expect(!result.output.unicodeScalars.contains { $0.value == 0x202E }, "no bidi override")
    }
}
