import LogHuntCore
@testable import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import LogHuntRules
import Testing

/// One row of the conformance table: a rule's `detection:` (YAML, unindented), an event, and
/// what the specification says the result is (nil: the rule must be rejected).
struct ConformanceCase: Sendable, CustomTestStringConvertible {
    /// SIGMA.md §1.13 item (or §1.12 decision) the row pins.
    var item: String
    var name: String
    var detection: String
    var event: String
    var provider: Provider = .github
    var product: String? = nil
    var placeholders: [String: [String]] = [:]
    var expected: Bool?

    var testDescription: String { "\(item): \(name)" }
}

/// Builds, loads and evaluates conformance rows.
enum Conformance {
    /// A complete rule document around a `detection:` body.
    static func ruleText(_ detection: String, product: String? = nil, extra: String = "") -> String {
        let body = detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(
            separator: "\n")
        var text = "title: conformance\nid: 5f0c1c5e-0000-4000-8000-000000000001\n"
        text += product.map { "logsource:\n    product: \($0)\n" } ?? "logsource:\n    category: test\n"
        text += "detection:\n" + body + "\n" + extra
        return text
    }

    /// Loads rule text.
    static func load(_ text: String) -> (documents: [RuleDocument], diagnostics: [Diagnostic]) {
        RuleLoader.check(text: text, file: "conformance.yml")
    }

    /// Parses an event.
    static func event(_ json: String, provider: Provider) throws -> Event {
        let doc = try JSONParser.parse(Array(json.utf8))
        return Event(location: SourceLocation(file: "event.json", line: 1, record: 0), raw: doc, provider: provider)
    }

    /// Compiles documents with the optimiser on or off.
    static func program(_ documents: [RuleDocument], optimise: Bool, placeholders: [String: [String]] = [:])
        -> (Program, [Diagnostic])
    {
        let sink = DiagnosticCollector()
        let program = RuleCompiler(
            options: CompileOptions(optimise: optimise, placeholders: Placeholders(placeholders))
        )
        .compile(documents, sink: sink)
        return (program, sink.diagnostics)
    }

    /// Whether the (single) compiled rule matches the event through the engine's index, or nil
    /// when no rule compiled.
    static func evaluate(_ program: Program, _ event: Event) -> Bool? {
        guard !program.rules.isEmpty else { return nil }
        let engine = DetectionEngine(program: program)
        var scratch = EvaluationScratch()
        var matches: [Match] = []
        engine.evaluate(event, into: &matches, scratch: &scratch)
        return !matches.isEmpty
    }
}
