import LogHuntCore
import LogHuntRules
import Testing

/// YAML alias bombs and deep nesting are rejected quickly, before any AST is built.
@Suite struct AliasBombTests {
    /// The classic "billion laughs" in 342 bytes: 9 levels of 9 aliases (9^9 leaves).
    static let lol = """
        a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
        b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
        c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
        d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
        e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
        f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
        g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
        h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
        i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

        """

    @Test func bombIsTheClassicSize() {
        #expect(Self.lol.utf8.count == 342)
    }

    @Test func bombIsRejectedInMilliseconds() throws {
        let clock = ContinuousClock()
        var result: (documents: [RuleDocument], diagnostics: [Diagnostic]) = ([], [])
        let elapsed = clock.measure {
            result = RuleLoader.check(text: Self.lol, file: "bomb.yml")
        }
        #expect(result.documents.isEmpty)
        let d = try #require(result.diagnostics.first)
        #expect(d.severity == .error)
        #expect(d.message == "YAML aliases expand beyond 100000 nodes")
        #expect(d.file == "bomb.yml")
        #expect((d.line ?? 0) >= 1)
        #expect(result.diagnostics.count == 1)
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test func budgetIsConfigurable() {
        var limits = Limits()
        limits.maxYAMLNodes = 50
        let small = "a: &a [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]\nb: [*a, *a, *a, *a, *a]\n"
        let d = RuleLoader.check(text: small, file: "s.yml", limits: limits).diagnostics
        #expect(d.map(\.message) == ["YAML aliases expand beyond 50 nodes"])
    }

    @Test func modestAliasesAreFine() throws {
        let r = try rule(
            """
            title: t
            logsource: {product: aws}
            detection:
                selection:
                    eventName: &names [A, B]
                other:
                    eventSource: *names
                condition: selection or other
            """)
        #expect(r.detection.identifiers[1].allItems[0].values.map(\.text) == ["A", "B"])
    }

    @Test func deepNestingIsRejected() {
        var limits = Limits()
        limits.maxYAMLDepth = 20
        let deep = String(repeating: "[", count: 30) + String(repeating: "]", count: 30) + "\n"
        let d = RuleLoader.check(text: deep, file: "d.yml", limits: limits).diagnostics
        #expect(d.map(\.message) == ["YAML nests deeper than 20 levels"])
    }

    @Test func libyamlNestingLimitIsADiagnostic() {
        let deep = String(repeating: "[", count: 5000) + String(repeating: "]", count: 5000) + "\n"
        let d = RuleLoader.check(text: deep, file: "d.yml").diagnostics
        #expect(d.count == 1)
        #expect(d.first?.severity == .error)
    }
}
