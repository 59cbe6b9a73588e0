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
        // The budget runs out at the first `*e` under `f` (74,740 nodes before it, 66,430 in it).
        #expect(d.line == 6)
        #expect(d.column == 8)
        #expect(result.diagnostics.count == 1)
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test func bombUsedAsAMappingKeyIsRejectedQuickly() {
        let text = Self.lol.replacingOccurrences(of: "i: &i", with: "i: &i") + "j:\n  ? *i\n  : x\n  ? *h\n  : y\n"
        let clock = ContinuousClock()
        var diagnostics: [Diagnostic] = []
        let elapsed = clock.measure { diagnostics = RuleLoader.check(text: text, file: "bomb.yml").diagnostics }
        #expect(diagnostics.count == 1)
        #expect(elapsed < .seconds(2), "took \(elapsed)")
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

    @Test func aliasSemanticsFollowYAML() throws {
        let r = try rule(
            """
            title: t
            description: |
                * a markdown bullet, not an alias
                - *neither
            logsource: {product: aws}
            detection:
                one:
                    a: &v first
                    b: *v
                two:
                    a: &v second
                    b: *v
                    c: '*v'
                    d: [*v, x, *v]
                    e: &w [*v, y]
                three:
                    f: *w
                condition: one or two or three
            """)
        #expect(r.description == "* a markdown bullet, not an alias\n- *neither\n")
        let one = r.detection.identifiers[0].allItems.map { $0.values.map(\.text) }
        let two = r.detection.identifiers[1].allItems.map { $0.values.map(\.text) }
        #expect(one == [["first"], ["first"]])
        #expect(two == [["second"], ["second"], ["*v"], ["second", "x", "second"], ["second", "y"]])
        let three = r.detection.identifiers[2].allItems.map { $0.values.map(\.text) }
        #expect(three == [["second", "y"]])
        #expect(errors("title: t\nlogsource: {product: aws}\ndetection:\n  s: {a: *nope}\n  condition: s\n").count == 1)
    }

    @Test func budgetAndAnchorsArePerDocument() {
        var limits = Limits()
        limits.maxYAMLNodes = 30
        let doc = "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: s\n"
        let many = Array(repeating: doc, count: 10).joined(separator: "---\n")
        let (documents, diagnostics) = RuleLoader.check(text: many, file: "m.yml", limits: limits)
        #expect(diagnostics.isEmpty)
        #expect(documents.count == 10)
        let crossing = "a: &x 1\n---\nb: *x\n"
        #expect(
            RuleLoader.check(text: crossing, file: "c.yml").diagnostics.first?.message
                == "invalid YAML: found undefined alias 'x'")
    }

    @Test func selfReferenceIsUndefined() {
        let d = RuleLoader.check(text: "a: &a [1, *a]\n", file: "s.yml").diagnostics
        #expect(d.count == 1)
        #expect(d.first?.message.hasPrefix("invalid YAML") == true)
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
