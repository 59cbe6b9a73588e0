import Foundation
import LogHuntCore
@testable import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import LogHuntRules
import LogHuntTestSupport
import Testing

/// SigmaHQ's cloud rules (read in place from `../shared/sigma`) and loghunt's built-in rules
/// compile without errors, and every rule gives the same results with the optimiser on and off.
@Suite struct CorpusTests {
    static func sigmaFiles() -> [String] {
        let root = TestPaths.shared("sigma")
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            if relative.hasSuffix(".yml") { out.append(root + "/" + relative) }
        }
        return out.sorted()
    }

    static func sigmaDocuments() throws -> [RuleDocument] {
        var documents: [RuleDocument] = []
        for path in sigmaFiles() {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            documents += RuleLoader.check(text: text, file: path).documents
        }
        return documents
    }

    static func builtinDocuments() -> [RuleDocument] {
        BuiltinRules.files.flatMap { RuleLoader.check(text: $0.text, file: $0.path).documents }
    }

    @Test func sigmaHQCompilesWithZeroErrors() throws {
        let documents = try Self.sigmaDocuments()
        #expect(documents.count >= 287)
        let sink = DiagnosticCollector()
        let program = RuleCompiler().compile(documents, sink: sink)
        let errors = sink.diagnostics.filter { $0.severity == .error }
        #expect(errors.isEmpty, "\(errors.prefix(10).map(\.description))")
        // Only placeholder rules (rules-placeholder/) are left out, each with a warning naming the --var.
        let detections = documents.filter { if case .detection = $0 { return true } else { return false } }
        let unresolved = sink.diagnostics.filter { $0.code == .unresolvedPlaceholder }
        #expect(program.rules.count + unresolved.count == detections.count)
        #expect(unresolved.allSatisfy { ($0.file ?? "").contains("rules-placeholder") })
    }

    @Test func sigmaHQCompilesCompletelyWithPlaceholderValues() throws {
        let documents = try Self.sigmaDocuments()
        var names: Set<String> = []
        for case .detection(let rule) in documents { names.formUnion(rule.placeholderNames) }
        let values = Placeholders(Dictionary(uniqueKeysWithValues: names.map { ($0, ["10.0.0.0/8"]) }))
        let sink = DiagnosticCollector()
        let program = RuleCompiler(options: CompileOptions(placeholders: values)).compile(documents, sink: sink)
        let detections = documents.filter { if case .detection = $0 { return true } else { return false } }
        #expect(sink.diagnostics.filter { $0.severity == .error }.isEmpty)
        #expect(program.rules.count == detections.count)
    }

    /// Differential: every SigmaHQ rule on a few representative events, optimiser on and off.
    @Test func sigmaHQOptimiserOnAndOffAgree() throws {
        let documents = try Self.sigmaDocuments()
        var names: Set<String> = []
        for case .detection(let rule) in documents { names.formUnion(rule.placeholderNames) }
        let values = Placeholders(Dictionary(uniqueKeysWithValues: names.map { ($0, ["x"]) }))
        let on = DetectionEngine(
            program: RuleCompiler(options: CompileOptions(optimise: true, placeholders: values))
                .compile(documents, sink: DiscardingDiagnosticSink()))
        let off = DetectionEngine(
            program: RuleCompiler(options: CompileOptions(optimise: false, placeholders: values))
                .compile(documents, sink: DiscardingDiagnosticSink()))
        #expect(on.program.rules.count == off.program.rules.count)
        var scratch = EvaluationScratch()
        var total = 0
        for (json, provider) in Self.sampleEvents {
            let doc = try JSONParser.parse(Array(json.utf8))
            let event = Event(location: SourceLocation(file: "e", line: 1, record: 0), raw: doc, provider: provider)
            var a: [Match] = []
            var b: [Match] = []
            on.evaluate(event, into: &a, scratch: &scratch)
            off.evaluate(event, into: &b, scratch: &scratch)
            #expect(a.map(\.rule) == b.map(\.rule), "\(json)")
            // The index never hides a match: every rule evaluated directly agrees.
            for r in on.program.rules.indices where on.program.rules[r].providers.contains(provider) {
                let direct = on.matches(rule: r, event, scratch: &scratch)
                #expect(direct == a.contains { $0.rule == r }, "rule \(on.program.rules[r].identity) on \(json)")
            }
            total += a.count
        }
        #expect(total >= 4)
    }

    static let sampleEvents: [(String, Provider)] = [
        (
            #"{"eventSource":"cloudtrail.amazonaws.com","eventName":"StopLogging","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::1:user/x"}}"#,
            .aws
        ),
        (
            #"{"eventSource":"signin.amazonaws.com","eventName":"ConsoleLogin","userIdentity":{"type":"Root"},"responseElements":{"ConsoleLogin":"Success"},"additionalEventData":{"MFAUsed":"No"}}"#,
            .aws
        ),
        (
            #"{"eventSource":"iam.amazonaws.com","eventName":"UpdateLoginProfile","userIdentity":{"arn":"arn:aws:iam::1:user/alice"},"requestParameters":{"userName":"bob"}}"#,
            .aws
        ),
        (#"{"action":"repo.destroy","actor":"alice","org":"acme"}"#, .github),
        (#"{"action":"org.add_member","actor":"alice"}"#, .github),
        (
            #"{"protoPayload":{"methodName":"google.iam.admin.v1.DeleteServiceAccount","serviceName":"iam.googleapis.com"}}"#,
            .gcp
        ),
        (
            #"{"operationName":{"value":"MICROSOFT.KEYVAULT/VAULTS/SECRETS/WRITE"},"category":{"value":"Administrative"}}"#,
            .azure
        ),
        (#"{"operationName":"MICROSOFT.AUTHORIZATION/ROLEASSIGNMENTS/WRITE","category":"Administrative"}"#, .azure),
        (
            #"{"resultType":"50126","properties":{"userAgent":"python-requests","authenticationRequirement":"singleFactorAuthentication"}}"#,
            .entra
        ),
    ]

    /// The built-in rules compile and their embedded tests pass with the optimiser on and off.
    @Test func builtinRuleTestsPassOptimisedAndNot() {
        let documents = Self.builtinDocuments()
        #expect(!documents.isEmpty)
        let sink = DiagnosticCollector()
        let results = RuleTestRunner.run(documents, options: CompileOptions(placeholders: .builtin), sink: sink)
        #expect(results.count >= 2 * documents.count / 2)
        #expect(results.contains { $0.expected } && results.contains { !$0.expected })
        #expect(sink.diagnostics.filter { $0.severity == .error }.isEmpty, "\(sink.diagnostics.map(\.description))")
        #expect(results.allSatisfy { !$0.optimiserDisagrees }, "\(results.filter(\.optimiserDisagrees).map(\.name))")
        let failed = results.filter { !$0.passed }
        #expect(failed.isEmpty, "\(failed.map { "\($0.rule) \($0.name): expected \($0.expected)" })")
    }
}
