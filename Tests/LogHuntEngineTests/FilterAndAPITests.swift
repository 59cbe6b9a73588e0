import LogHuntCore
import LogHuntIngest
@testable import LogHuntEngine
import LogHuntNormalize
import LogHuntRules
import Testing

private let baseRule = """
    title: base
    id: 11111111-1111-4111-8111-111111111111
    name: base_rule
    logsource:
        product: aws
        service: cloudtrail
    detection:
        sel:
            eventName: ConsoleLogin
        condition: sel
    level: high
    """

private func filter(condition: String, product: String = "aws", rules: String = "[base_rule]") -> String {
    """
    title: tuning
    logsource:
        product: \(product)
    filter:
        rules: \(rules)
        ci:
            sourceIPAddress: 10.0.0.1
        condition: \(condition)
    """
}

private func run(_ texts: [String], _ json: String, provider: Provider = .aws) throws -> (Bool, [Diagnostic]) {
    let documents = texts.flatMap { Conformance.load($0).documents }
    let (on, diagnostics) = Conformance.program(documents, optimise: true)
    let (off, _) = Conformance.program(documents, optimise: false)
    let event = try Conformance.event(json, provider: provider)
    let a = Conformance.evaluate(on, event) ?? false
    let b = Conformance.evaluate(off, event) ?? false
    #expect(a == b)
    return (a, diagnostics)
}

/// Meta-filters (SIGMA.md §1.10, §1.13 item 16): pySigma's polarity, logsource must match.
@Suite struct FilterTests {
    @Test func notSelectionExcludes() throws {
        let (hit, _) = try run(
            [baseRule, filter(condition: "not ci")], #"{"eventName":"ConsoleLogin","sourceIPAddress":"10.0.0.1"}"#)
        #expect(!hit)
        let (other, _) = try run(
            [baseRule, filter(condition: "not ci")], #"{"eventName":"ConsoleLogin","sourceIPAddress":"1.2.3.4"}"#)
        #expect(other)
    }

    @Test func filterIsAndedSoWithoutNotItNarrowsAndWarns() throws {
        let (hit, diagnostics) = try run(
            [baseRule, filter(condition: "ci")], #"{"eventName":"ConsoleLogin","sourceIPAddress":"1.2.3.4"}"#)
        #expect(!hit)
        #expect(diagnostics.contains { $0.severity == .warning && $0.message.contains("no 'not'") })
    }

    @Test func logsourceMustMatch() throws {
        let (hit, _) = try run(
            [baseRule, filter(condition: "not ci", product: "gcp")],
            #"{"eventName":"ConsoleLogin","sourceIPAddress":"10.0.0.1"}"#)
        #expect(hit)  // the gcp filter does not apply to an aws rule
    }

    @Test func filterOnlyAppliesToNamedRules() throws {
        let (hit, _) = try run(
            [baseRule, filter(condition: "not ci", rules: "[other_rule]")],
            #"{"eventName":"ConsoleLogin","sourceIPAddress":"10.0.0.1"}"#)
        #expect(hit)
    }
}

/// The facade's view: matches, findings, `generate: false`.
@Suite struct EngineAPITests {
    private let correlation = """
        title: many logins
        id: 22222222-2222-4222-8222-222222222222
        correlation:
            type: event_count
            rules: [base_rule]
            group-by: [sourceIPAddress]
            timespan: 10m
            condition:
                gte: 3
        level: high
        """

    @Test func generateFalseSilencesTheBaseRule() throws {
        let documents = [baseRule, correlation].flatMap { Conformance.load($0).documents }
        let (program, _) = Conformance.program(documents, optimise: true)
        let r = try #require(program.ruleIndex(named: "base_rule"))
        #expect(program.ruleIndex(named: "11111111-1111-4111-8111-111111111111") == r)
        #expect(!program.emitsFindings(rule: r))
        let engine = DetectionEngine(program: program)
        var scratch = EvaluationScratch()
        var matches: [Match] = []
        let event = try Conformance.event(#"{"eventName":"ConsoleLogin"}"#, provider: .aws)
        engine.evaluate(event, into: &matches, scratch: &scratch)
        let m = try #require(matches.first)
        #expect(m.rule == r)
        #expect(engine.identity(of: m) == "11111111-1111-4111-8111-111111111111")
        #expect(!engine.emitsFinding(m))
    }

    @Test func standaloneRuleEmitsFindingsWithMetadata() throws {
        let documents = Conformance.load(baseRule).documents
        let (program, _) = Conformance.program(documents, optimise: true)
        let engine = DetectionEngine(program: program)
        var scratch = EvaluationScratch()
        var matches: [Match] = []
        let event = try Conformance.event(#"{"eventName":"ConsoleLogin"}"#, provider: .aws)
        engine.evaluate(event, into: &matches, scratch: &scratch)
        let m = try #require(matches.first)
        #expect(engine.emitsFinding(m))
        let finding = engine.finding(for: m, event: event)
        #expect(finding.rule.title == "base")
        #expect(finding.rule.level == .high)
        #expect(finding.rule.file == "conformance.yml")
        #expect(finding.location == event.location)
    }

    @Test func regexLimitIsAPerRecordWarningNamingTheRule() throws {
        let text = Conformance.ruleText("sel:\n    a|re: '(a+)+$'\ncondition: sel")
        let (program, _) = Conformance.program(Conformance.load(text).documents, optimise: true)
        let engine = DetectionEngine(program: program)
        var limits = Limits()
        limits.regexMatchLimit = 20_000
        var scratch = EvaluationScratch(limits: limits)
        var matches: [Match] = []
        let event = try Conformance.event(#"{"a":"\#(String(repeating: "a", count: 40))!"}"#, provider: .github)
        engine.evaluate(event, into: &matches, scratch: &scratch)
        #expect(matches.isEmpty)
        let warnings = scratch.takeDiagnostics()
        let warning = try #require(warnings.first)
        #expect(warnings.count == 1)
        #expect(warning.code == .regexLimit)
        #expect(warning.file == "event.json")
        #expect(warning.message.hasPrefix("rule '5f0c1c5e-0000-4000-8000-000000000001': regular expression gave up"))
        #expect(scratch.diagnostics.isEmpty)
    }
}

/// Predicates several rules share are evaluated once per event (`Program.memoSlotCount`): the
/// memo must never carry a result from one event to the next, nor into `matches(rule:)`.
@Suite struct SharedPredicateMemoTests {
    private static let rules = """
        title: one
        id: 00000000-0000-0000-0000-00000000000a
        logsource: {product: github}
        detection:
          sel: {actor: ci-bot, action: [git.clone, git.fetch]}
          condition: sel
        ---
        title: two
        id: 00000000-0000-0000-0000-00000000000b
        logsource: {product: github}
        detection:
          sel: {actor: ci-bot}
          not_ci: {actor_ip|cidr: ['10.0.0.0/8', '192.168.0.0/16']}
          condition: sel and not not_ci
        ---
        title: three
        id: 00000000-0000-0000-0000-00000000000c
        logsource: {product: github}
        detection:
          not_ci: {actor_ip|cidr: ['10.0.0.0/8', '192.168.0.0/16']}
          condition: not not_ci
        """

    @Test func eachEventGetsItsOwnResults() throws {
        let (documents, _) = Conformance.load(Self.rules)
        let (program, diagnostics) = Conformance.program(documents, optimise: true)
        #expect(diagnostics.isEmpty)
        #expect(program.memoSlotCount >= 2)
        let engine = DetectionEngine(program: program)
        let events = [
            (#"{"action":"git.clone","actor":"ci-bot","actor_ip":"8.8.8.8"}"#, [0, 1, 2]),
            (#"{"action":"git.clone","actor":"someone","actor_ip":"10.1.1.1"}"#, []),
            (#"{"action":"git.fetch","actor":"CI-BOT","actor_ip":"192.168.3.3"}"#, [0]),
            (#"{"action":"repo.create","actor":"ci-bot"}"#, [1, 2]),
            (#"{"action":"git.clone","actor":"ci-bot","actor_ip":"8.8.8.8"}"#, [0, 1, 2]),
        ]
        var scratch = EvaluationScratch()
        for (k, (json, expected)) in events.enumerated() {
            let event = try Conformance.event(json, provider: .github)
            var matches: [Match] = []
            engine.evaluate(event, into: &matches, scratch: &scratch)
            #expect(matches.map(\.rule) == expected, "event \(k)")
            let direct = program.rules.indices.filter { engine.matches(rule: $0, event, scratch: &scratch) }
            #expect(direct == expected, "event \(k), rule by rule")
        }
    }
}

/// `logsource.service` selects events as the detector files them: `signinlogs` rules see Entra
/// sign-ins and not Azure activity, `activitylogs` rules the reverse, and a service loghunt
/// does not read (`riskdetection`) sees nothing.
@Suite struct LogsourceServiceTests {
    private static func rule(_ n: Int, _ service: String) -> String {
        """
        title: service \(service)
        id: 00000000-0000-0000-0000-00000000010\(n)
        logsource: {product: azure, service: \(service)}
        detection:
          sel: {ipAddress|exists: true}
          sel2: {callerIpAddress|exists: true}
          condition: sel or sel2
        """
    }

    @Test func serviceSelectsTheDetectorsService() throws {
        let text = [Self.rule(1, "signinlogs"), Self.rule(2, "activitylogs"), Self.rule(3, "riskdetection")]
            .joined(separator: "\n---\n")
        let (documents, _) = Conformance.load(text)
        let (program, diagnostics) = Conformance.program(documents, optimise: true)
        #expect(diagnostics.isEmpty)
        let engine = DetectionEngine(program: program)
        let normalizer = Normalizer()
        func matched(_ json: String) throws -> [Int] {
            let doc = try JSONParser.parse(Array(json.utf8))
            let event = normalizer.normalize(document: doc, location: SourceLocation(file: "e", line: 1, record: 0))
            var matches: [Match] = []
            var scratch = EvaluationScratch()
            engine.evaluate(event, into: &matches, scratch: &scratch)
            let direct = program.rules.indices.filter { engine.matches(rule: $0, event, scratch: &scratch) }
            #expect(direct == matches.map(\.rule))
            return matches.map(\.rule)
        }
        let signIn = #"""
            {"createdDateTime":"2022-12-28T05:01:55Z","userPrincipalName":"u@x","status":{"errorCode":0},
             "ipAddress":"1.2.3.4","callerIpAddress":"1.2.3.4"}
            """#
        let activity = #"""
            {"eventTimestamp":"2022-12-28T05:02:17Z","operationName":{"value":"x/write"},
             "callerIpAddress":"1.2.3.4","ipAddress":"1.2.3.4"}
            """#
        #expect(try matched(signIn) == [0])
        #expect(try matched(activity) == [1])
    }
}
