import LogHuntCore
import LogHuntRules
import Testing

/// Regression tests for inputs found by fuzzing the condition parser and the rule loader
/// (issue 7). Each reproducer is minimal; the fuzz corpora hold the raw inputs.
@Suite struct FuzzConditionTests {
    func parse(_ text: String) -> Result<Condition, ConditionParser.Problem> {
        var parser = ConditionParser(identifiers: ["selection", "filter"])
        return parser.parse(text, at: RuleMark(file: "deep.yml", line: 4, column: 14))
    }

    func message(_ result: Result<Condition, ConditionParser.Problem>) -> String? {
        guard case .failure(let problem) = result else { return nil }
        return problem.error.description
    }

    // See: #7
    @Test func issue7_deeplyParenthesisedConditionIsAnErrorNotAStackOverflow() throws {
        let deep = String(repeating: "(", count: 100_000) + "selection" + String(repeating: ")", count: 100_000)
        let text = try #require(message(parse(deep)))
        #expect(text.contains("nests deeper than"))
    }

    // See: #7
    @Test func issue7_longNotChainIsAnErrorNotAStackOverflow() throws {
        let text = try #require(message(parse(String(repeating: "not ", count: 100_000) + "selection")))
        #expect(text.contains("nests deeper than"))
    }

    // See: #7
    @Test func issue7_reasonableNestingStillParses() {
        let nested = String(repeating: "(not ", count: 20) + "selection" + String(repeating: ")", count: 20)
        guard case .success = parse(nested) else {
            Issue.record("20 levels of nesting were rejected")
            return
        }
        guard case .success = parse("(selection and not (filter or (selection)))") else {
            Issue.record("a plain condition was rejected")
            return
        }
    }

    // See: #7
    @Test func issue7_deepConditionInRuleFileIsReportedWithItsLocation() throws {
        let condition = String(repeating: "(", count: 50_000) + "sel" + String(repeating: ")", count: 50_000)
        let text = "title: deep\nlogsource: {product: github}\ndetection:\n  sel: {a: 1}\n  condition: \(condition)\n"
        let (documents, diagnostics) = RuleLoader.check(text: text, file: "deep.yml")
        #expect(documents.isEmpty)
        let error = try #require(diagnostics.first { $0.message.contains("nests deeper than") })
        #expect(error.severity == .error)
        #expect(error.line == 5)
    }
}
