import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntRules

/// The outcome of one embedded rule test (`tests:` in a rule file), evaluated with the
/// optimiser on and off.
package struct RuleTestResult: Sendable, Hashable {
    /// The rule's identity (id, else name, else title).
    package var rule: String
    /// The rule's title.
    package var title: String
    /// The test's name.
    package var name: String
    /// Where the test case is.
    package var mark: RuleMark
    /// `match:` as written.
    package var expected: Bool
    /// The result with the optimiser on.
    package var optimised: Bool
    /// The result with the optimiser off.
    package var unoptimised: Bool
    /// Why the event could not be evaluated, if it could not.
    package var problem: String?

    /// True when both results equal the expectation.
    package var passed: Bool { problem == nil && optimised == expected && unoptimised == expected }
    /// True when the optimiser changed the result (always a defect).
    package var optimiserDisagrees: Bool { optimised != unoptimised }
}

/// Runs the `tests:` cases of detection rules: each event is serialised, parsed and normalised
/// like a real record, then evaluated by the rule with the optimiser on and off.
package enum RuleTestRunner {
    /// Runs every test case of every detection rule in `documents`.
    /// - Parameters:
    ///   - documents: loaded rule documents (filters and correlations are honoured when compiling).
    ///   - options: compile options (the optimiser switch is overridden: both are run).
    ///   - limits: limits for parsing and regex matching.
    ///   - sink: receives compile diagnostics (once).
    /// - Returns: one result per test case, in rule order.
    package static func run(
        _ documents: [RuleDocument], options: CompileOptions = CompileOptions(), limits: Limits = Limits(),
        sink: any DiagnosticSink
    ) -> [RuleTestResult] {
        var on = options
        on.optimise = true
        var off = options
        off.optimise = false
        let optimised = DetectionEngine(program: RuleCompiler(options: on).compile(documents, sink: sink))
        let plain = DetectionEngine(
            program: RuleCompiler(options: off).compile(documents, sink: DiscardingDiagnosticSink()))
        var scratch = EvaluationScratch(limits: limits)
        var results: [RuleTestResult] = []
        for (r, rule) in optimised.program.rules.enumerated() {
            guard plain.program.rules.indices.contains(r) else { break }
            for test in rule.tests {
                var result = RuleTestResult(
                    rule: rule.identity, title: rule.info.title, name: test.name, mark: test.mark, expected: test.match,
                    optimised: false, unoptimised: false, problem: nil)
                let location = SourceLocation(file: test.mark.file, line: test.mark.line, record: 0)
                switch event(from: test.event, location: location, product: rule.product, limits: limits) {
                case .success(let e):
                    result.optimised = optimised.matches(rule: r, e, scratch: &scratch)
                    result.unoptimised = plain.matches(rule: r, e, scratch: &scratch)
                case .failure(let error):
                    result.problem = "test event is not valid JSON: \(error)"
                }
                results.append(result)
            }
        }
        return results
    }

    /// Turns a test case's event into an `Event` the way a real record becomes one.
    /// - Parameters:
    ///   - json: the event as written in the rule.
    ///   - location: where the test is.
    ///   - product: the rule's product (the provider when the record does not reveal it).
    ///   - limits: parsing limits.
    /// - Returns: the event, or the parse error.
    package static func event(
        from json: JSONValue, location: SourceLocation, product: String?, limits: Limits = Limits()
    )
        -> Result<Event, JSONParseError>
    {
        let bytes = Array(json.serialized().utf8)
        let document: JSONDocument
        do {
            document = try JSONParser.parse(bytes, maxDepth: limits.maxDepth)
        } catch {
            return .failure(error)
        }
        return .success(normalise(document, location: location, product: product))
    }

    /// Normalises a parsed test event with the real `Normalizer`; when the record does not
    /// reveal its source (test events are often minimal), the rule's product is taken as the provider.
    private static func normalise(_ document: JSONDocument, location: SourceLocation, product: String?) -> Event {
        var event = Normalizer().normalize(document: document, location: location)
        if event.provider == .unknown, let product {
            let providers = CompiledRule.providers(for: product)
            if let exact = providers.first(where: { $0.rawValue == product.lowercased() }) {
                event.provider = exact
            } else if let any = providers.sorted(by: { $0.rawValue < $1.rawValue }).first {
                event.provider = any
            }
        }
        return event
    }
}
