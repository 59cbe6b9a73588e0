import Foundation
import LogHuntTestSupport
import Testing

/// The contract's exit statuses, checked on the real binary.
@Suite struct ExitStatusTests {
    @Test func usageErrorsExitTwo() throws {
        let unknown = try LogHuntProcess.run(["hunt", "--bogus"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("Unknown option"))
        let badLevel = try LogHuntProcess.run(["hunt", "--fail-on", "severe", "SampleLogs"])
        #expect(badLevel.status == 2)
        let badFormat = try LogHuntProcess.run(["hunt", "--format", "xml", "SampleLogs"])
        #expect(badFormat.status == 2)
        let badTime = try LogHuntProcess.run(["hunt", "--since", "yesterday", "SampleLogs"])
        #expect(badTime.status == 2)
    }

    @Test func completedRunExitsZeroAndFailOnExitsOne() throws {
        let plain = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        #expect(plain.status == 0)
        #expect(!plain.stdout.isEmpty)
        let failOn = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "--fail-on", "high", "SampleLogs"])
        #expect(failOn.status == 1)
        // Nothing at critical in the CircleCI export alone.
        let none = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "--fail-on", "critical", "SampleLogs/entra"])
        #expect(none.status == 0)
    }

    @Test func unreadableRuleExitsTwo() throws {
        let dir = try TempDirectory()
        let rule = try dir.write(
            "broken.yml",
            "title: broken\nlogsource: {product: aws}\ndetection:\n  sel: {eventName|bogus: x}\n  condition: sel\n")
        let result = try LogHuntProcess.run(["hunt", "-q", "-r", rule, "SampleLogs/aws"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("broken.yml"))
        let missing = try LogHuntProcess.run(["hunt", "-q", "-r", dir.path + "/nope.yml", "SampleLogs/aws"])
        #expect(missing.status == 2)
    }

    @Test func strictTurnsMalformedInputIntoExitTwo() throws {
        let dir = try TempDirectory()
        let file = try dir.write(
            "mixed.jsonl",
            "{\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"ListBuckets\",\"eventTime\":\"2022-12-22T00:00:00Z\"}\n{not json\n"
        )
        let lenient = try LogHuntProcess.run(["hunt", "-q", "-f", "json", file])
        #expect(lenient.status == 0)
        #expect(lenient.stderr.contains("loghunt: warning: \(file):2:"))
        // The same warning is in the report: JSON `errors` names the file and line.
        let root = try #require(try lenient.json() as? [String: Any])
        let errors = try #require(root["errors"] as? [[String: Any]])
        #expect(errors.contains { $0["file"] as? String == file && $0["line"] as? Int == 2 })
        let strict = try LogHuntProcess.run(["hunt", "-q", "-f", "json", "--strict", file])
        #expect(strict.status == 2)
    }

    @Test func rulesCheckReportsLocationsAndExitsTwoOnError() throws {
        let dir = try TempDirectory()
        let rule = try dir.write(
            "bad.yml",
            "title: t\nlogsource: {product: github}\ndetection:\n  sel:\n    action|startswith|nope: git.\n  condition: sel\n"
        )
        let result = try LogHuntProcess.run(["rules", "check", rule])
        #expect(result.status == 2)
        let lines = result.output.split(separator: "\n").map(String.init)
        #expect(lines.contains { $0.hasPrefix("\(rule):5:") && $0.contains("error:") })
        #expect(lines.last == "1 rule, 1 error, 0 warnings" || (lines.last?.hasSuffix("1 error, 0 warnings") ?? false))
        let sigma = try LogHuntProcess.run(["rules", "check", TestPaths.shared("sigma")])
        #expect(sigma.status == 0)
        #expect(sigma.output.split(separator: "\n").last?.hasPrefix("287 rules, 0 errors") ?? false)
    }
}
