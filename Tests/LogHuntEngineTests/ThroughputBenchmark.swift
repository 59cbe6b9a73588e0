import Foundation
import LogHuntCore
@testable import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import LogHuntRules
import Testing

/// Matcher throughput on generated events, only when `LOGHUNT_BENCH=1` (run it in a release
/// build: `LOGHUNT_BENCH=1 swift test -c release --filter ThroughputBenchmark`). Prints events/s
/// for the SigmaHQ corpus plus the built-in rules, optimiser on and off.
@Suite struct ThroughputBenchmark {
    static var enabled: Bool { ProcessInfo.processInfo.environment["LOGHUNT_BENCH"] == "1" }

    static func events(_ n: Int) throws -> [Event] {
        let actions = [
            "git.clone", "git.fetch", "repo.create", "org.add_member", "repo.destroy",
            "workflows.completed_workflow_run",
        ]
        let names = [
            "GetObject", "PutObject", "AssumeRole", "ConsoleLogin", "ListBuckets", "CreateAccessKey",
            "DescribeInstances",
        ]
        var out: [Event] = []
        out.reserveCapacity(n)
        for i in 0..<n {
            let json: String
            let provider: Provider
            if i % 2 == 0 {
                json = """
                    {"@timestamp":\(1_671_580_800_000 + i * 1000),"action":"\(actions[i % actions.count])","actor":"user\(i % 97)","actor_ip":"203.0.113.\(i % 250)","org":"acme","repo":"acme/repo\(i % 31)","user_agent":"git/2.39.\(i % 5)","hashed_token":"tok\(i % 13)=","programmatic_access_type":"Personal access token (classic)"}
                    """
                provider = .github
            } else {
                json = """
                    {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::123456789012:user/u\(i % 41)","accessKeyId":"AKIA\(i % 17)EXAMPLE"},"eventTime":"2022-12-22T01:02:\(String(format: "%02d", i % 60))Z","eventSource":"s3.amazonaws.com","eventName":"\(names[i % names.count])","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.\(i % 250)","userAgent":"aws-cli/2.9.\(i % 9) Python/3.9","requestParameters":{"bucketName":"b\(i % 7)","key":"path/to/object\(i)"},"responseElements":null,"eventID":"e\(i)","readOnly":true}
                    """
                provider = .aws
            }
            let doc = try JSONParser.parse(Array(json.utf8))
            out.append(
                Event(location: SourceLocation(file: "bench", line: i + 1, record: i), raw: doc, provider: provider))
        }
        return out
    }

    @Test(.enabled(if: ThroughputBenchmark.enabled)) func throughput() throws {
        var documents = try CorpusTests.sigmaDocuments()
        documents += CorpusTests.builtinDocuments()
        var names: Set<String> = []
        for case .detection(let rule) in documents { names.formUnion(rule.placeholderNames) }
        var values = Placeholders.builtin
        for n in names where values[n] == nil { values[n] = ["placeholder-\(n)"] }
        let events = try Self.events(100_000)
        for optimise in [true, false] {
            let program = RuleCompiler(options: CompileOptions(optimise: optimise, placeholders: values))
                .compile(documents, sink: DiscardingDiagnosticSink())
            let engine = DetectionEngine(program: program)
            var scratch = EvaluationScratch()
            var matches: [Match] = []
            matches.reserveCapacity(1024)
            let clock = ContinuousClock()
            var count = 0
            let elapsed = clock.measure {
                for e in events {
                    matches.removeAll(keepingCapacity: true)
                    engine.evaluate(e, into: &matches, scratch: &scratch)
                    count += matches.count
                }
            }
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            print(
                "bench: optimise=\(optimise) rules=\(program.rules.count) events=\(events.count) matches=\(count) "
                    + "seconds=\(seconds) events/s=\(Int(Double(events.count) / seconds))")
            #expect(seconds > 0)
        }
    }
}
