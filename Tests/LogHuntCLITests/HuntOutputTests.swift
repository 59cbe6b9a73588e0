import Foundation
import LogHuntTestSupport
import Testing

/// `hunt` output shapes exactly as the contract fixes them, on SampleLogs.
@Suite struct HuntOutputTests {
    private func huntJSON(_ args: [String] = ["SampleLogs"]) throws -> [String: Any] {
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "json"] + args)
        #expect(result.status == 0, "stderr: \(result.stderr)")
        return try #require(try result.json() as? [String: Any])
    }

    @Test func jsonHasTheContractShape() throws {
        let root = try huntJSON()
        let tool = try #require(root["tool"] as? [String: Any])
        #expect(tool["name"] as? String == "loghunt")
        #expect(tool["version"] is String)
        let summary = try #require(root["summary"] as? [String: Any])
        for key in ["files", "records", "events", "malformed", "findings", "by_level"] {
            #expect(summary[key] != nil, "summary.\(key)")
        }
        let records = try #require(summary["records"] as? Int)
        let events = try #require(summary["events"] as? Int)
        let malformed = try #require(summary["malformed"] as? Int)
        #expect(records == events + malformed)
        #expect(root["errors"] is [Any])
        let findings = try #require(root["findings"] as? [[String: Any]])
        #expect(summary["findings"] as? Int == findings.count)
        #expect(!findings.isEmpty)
        var previous = ""
        var providers = Set<String>()
        for f in findings {
            let rule = try #require(f["rule"] as? [String: Any])
            #expect(rule["id"] is String && rule["title"] is String && rule["tags"] is [Any])
            let level = try #require(rule["level"] as? String)
            #expect(["informational", "low", "medium", "high", "critical"].contains(level))
            let location = try #require(f["location"] as? [String: Any])
            #expect(location["file"] is String && location["line"] is Int && location["record"] is Int)
            let ts = try #require(f["timestamp"] as? String)
            #expect(ts.hasSuffix("Z"))
            #expect(ts >= previous, "findings are in event-time order")
            previous = ts
            #expect(f["event"] is [String: Any])
            #expect(f["raw"] != nil)
            if let event = f["event"] as? [String: Any], let e = event["event"] as? [String: Any],
                let p = e["provider"] as? String
            {
                providers.insert(p)
            }
        }
        #expect(providers.count >= 3, "findings from at least three providers: \(providers)")
    }

    @Test func jsonlIsOneFindingPerLineAndNothingElse() throws {
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        let lines = try result.jsonLines()
        let json = try huntJSON()
        let findings = try #require(json["findings"] as? [Any])
        #expect(lines.count == findings.count)
        #expect(lines.allSatisfy { $0["rule"] != nil && $0["location"] != nil })
    }

    @Test func sinceAndUntilWindowTheReportNotTheBaselines() throws {
        let all = try #require(try huntJSON()["findings"] as? [[String: Any]])
        let windowed = try #require(
            try huntJSON(["--since", "2022-12-27", "--until", "2022-12-27", "SampleLogs"])["findings"]
                as? [[String: Any]])
        let expected = all.filter { ($0["timestamp"] as? String ?? "").hasPrefix("2022-12-27") }
        #expect(windowed.count == expected.count)
        #expect(!windowed.isEmpty)
        #expect(windowed.allSatisfy { ($0["timestamp"] as? String ?? "").hasPrefix("2022-12-27") })
    }

    @Test func outputFileIsWrittenAtomically() throws {
        let dir = try TempDirectory()
        let out = dir.path + "/findings.json"
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "json", "-o", out, "SampleLogs"])
        #expect(result.status == 0)
        #expect(result.stdout.isEmpty)
        let data = try #require(FileManager.default.contents(atPath: out))
        #expect((try JSONSerialization.jsonObject(with: data) as? [String: Any])?["findings"] != nil)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0 != "findings.json" }
        #expect(leftovers.isEmpty, "no temporary files left: \(leftovers)")
    }

    @Test func standardInputIsAnInput() throws {
        let data = try #require(
            FileManager.default.contents(
                atPath: TestPaths.inPackage("SampleLogs/github/acme-audit-stream-2022-12.jsonl")))
        let viaStdin = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "-"], stdin: data)
        let lines = try viaStdin.jsonLines()
        #expect(!lines.isEmpty)
        #expect(lines.allSatisfy { ($0["location"] as? [String: Any])?["file"] as? String == "-" })
    }

    @Test func sarifIsValidAgainstTheSchema() throws {
        let dir = try TempDirectory()
        let out = dir.path + "/out.sarif"
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "sarif", "-o", out, "SampleLogs"])
        #expect(result.status == 0)
        let check = try LogHuntProcess.python(
            """
            import json,sys,jsonschema
            s=json.load(open(sys.argv[1])); d=json.load(open(sys.argv[2]))
            errs=list(jsonschema.Draft7Validator(s).iter_errors(d))
            for e in errs[:5]: print("/".join(map(str,e.absolute_path)), e.message[:200])
            run=d["runs"][0]
            assert "results" in run and len(run["results"])>0
            for r in run["tool"]["driver"]["rules"]:
                float(r["properties"]["security-severity"])
            sys.exit(1 if errs else 0)
            """, arguments: [TestPaths.shared("schemas/sarif-schema-2.1.0.json"), out])
        #expect(check.status == 0, "\(check.output)\(check.stderr)")
    }
}
