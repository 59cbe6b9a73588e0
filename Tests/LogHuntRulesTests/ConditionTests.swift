import LogHuntRules
import Testing

/// The condition grammar: precedence, quantifiers, patterns, `them`, underscores, errors.
@Suite struct ConditionTests {
    static let names = ["a", "b", "c", "sel_1", "sel_2", "selection", "filter_main", "filter_opt", "_hidden", "xsel_3"]

    func parse(_ text: String) -> Result<Condition, ConditionParser.Problem> {
        var parser = ConditionParser(identifiers: Self.names)
        return parser.parse(text, at: RuleMark(file: "t.yml", line: 1, column: 1))
    }

    /// A compact rendering of a condition: `and(a,not(b))`, `one(sel_1,sel_2)`.
    func render(_ c: Condition) -> String {
        switch c {
        case .identifier(let n, _): n
        case .not(let x, _): "not(\(render(x)))"
        case .and(let xs): "and(\(xs.map(render).joined(separator: ",")))"
        case .or(let xs): "or(\(xs.map(render).joined(separator: ",")))"
        case .oneOf(let s): "one(\(s.identifiers.joined(separator: ",")))"
        case .allOf(let s): "all(\(s.identifiers.joined(separator: ",")))"
        }
    }

    static let grammar: [(String, String)] = [
        ("a", "a"),
        ("a or b and c", "or(a,and(b,c))"),
        ("a and b or c", "or(and(a,b),c)"),
        ("(a or b) and c", "and(or(a,b),c)"),
        ("not a and b", "and(not(a),b)"),
        ("not (a and b)", "not(and(a,b))"),
        ("not not a", "not(not(a))"),
        ("a and not b or not c", "or(and(a,not(b)),not(c))"),
        ("a and b and c", "and(a,b,c)"),
        ("a or b or c", "or(a,b,c)"),
        ("1 of sel_*", "one(sel_1,sel_2)"),
        ("any of sel_*", "one(sel_1,sel_2)"),
        ("all of sel_*", "all(sel_1,sel_2)"),
        ("not 1 of filter_*", "not(one(filter_main,filter_opt))"),
        ("selection and not 1 of filter_*", "and(selection,not(one(filter_main,filter_opt)))"),
        ("1 of them", "one(a,b,c,sel_1,sel_2,selection,filter_main,filter_opt,xsel_3)"),
        ("all of them", "all(a,b,c,sel_1,sel_2,selection,filter_main,filter_opt,xsel_3)"),
        ("1 of _*", "one(_hidden)"),
        ("1 of *", "one(a,b,c,sel_1,sel_2,selection,filter_main,filter_opt,xsel_3)"),
        ("1 of *sel_*", "one(sel_1,sel_2,xsel_3)"),
        ("1 of sel*", "one(sel_1,sel_2,selection)"),
        ("_hidden and a", "and(_hidden,a)"),
        ("((a))", "a"),
        ("a and (b or (c and not sel_1))", "and(a,or(b,and(c,not(sel_1))))"),
        ("1 of sel_* or all of filter_*", "or(one(sel_1,sel_2),all(filter_main,filter_opt))"),
        ("  a   and\tb ", "and(a,b)"),
    ]

    @Test(arguments: grammar)
    func parses(_ text: String, _ expected: String) throws {
        let c = try parse(text).get()
        #expect(render(c) == expected)
    }

    static let bad: [(String, String)] = [
        ("a AND b", "condition: condition keywords are lowercase: use 'and'"),
        ("NOT a", "condition: condition keywords are lowercase: use 'not'"),
        ("a Or b", "condition: condition keywords are lowercase: use 'or'"),
        ("ALL of sel_*", "condition: condition keywords are lowercase: use 'all'"),
        ("1 of THEM", "condition: condition keywords are lowercase: use 'them'"),
        ("2 of sel_*", "condition: quantifier must be '1', 'any' or 'all', not '2'"),
        ("1 of nothing_*", "condition pattern 'nothing_*' matches no search identifier"),
        ("1 of sel", "condition pattern 'sel' matches no search identifier"),
        ("missing", "condition refers to unknown search identifier 'missing'"),
        ("a and", "condition: expression expected at the end"),
        ("(a or b", "condition: missing ')' for the '(' here"),
        ("a)", "condition: unexpected ')'"),
        ("a b", "condition: unexpected 'b'"),
        ("", "condition: empty condition"),
        ("sel_*", "condition: pattern 'sel_*' needs '1 of' or 'all of'"),
        ("a | count() by x > 5", "legacy aggregation"),
        ("a | near b", "legacy aggregation"),
        ("1 of", "condition: 'of' needs 'them' or a pattern after it"),
        ("and a", "condition: unexpected 'and'"),
    ]

    @Test(arguments: bad)
    func rejects(_ text: String, _ message: String) {
        switch parse(text) {
        case .success(let c): Issue.record("parsed \(text) as \(render(c))")
        case .failure(let p): #expect(p.error.description.hasPrefix(message), "\(p.error)")
        }
    }

    @Test func themLeavesOutOnlyUnderscoreIdentifiers() throws {
        var parser = ConditionParser(identifiers: ["_a", "_b"])
        let result = parser.parse("1 of them", at: RuleMark(file: "t", line: 1, column: 1))
        guard case .failure(let p) = result else {
            Issue.record("them matched hidden identifiers")
            return
        }
        #expect(p.error == .patternMatchesNothing("them"))
    }

    @Test func conditionListIsOred() throws {
        let r = try rule(
            ruleText(
                detection: """
                    a:
                        x: 1
                    b:
                        y: 2
                    condition:
                        - a
                        - b and not a
                    """))
        #expect(render(r.detection.condition) == "or(a,and(b,not(a)))")
        #expect(r.detection.conditionText == ["a", "b and not a"])
    }

    @Test func globIsAnchored() {
        #expect(ConditionParser.glob("sel*", matches: "selection"))
        #expect(!ConditionParser.glob("sel*", matches: "xselection"))
        #expect(ConditionParser.glob("*_main", matches: "filter_main"))
        #expect(!ConditionParser.glob("*_main", matches: "filter_main2"))
        #expect(ConditionParser.glob("a*b*c", matches: "aXbYc"))
        #expect(ConditionParser.glob("*", matches: ""))
    }

    @Test func referencedIdentifiersExpandSelectors() throws {
        let c = try parse("a and not 1 of filter_*").get()
        #expect(c.referencedIdentifiers == ["a", "filter_main", "filter_opt"])
    }

    @Test func tokenMarksFollowTheScalar() throws {
        var parser = ConditionParser(identifiers: ["a"])
        let result = parser.parse("a and b", at: RuleMark(file: "t", line: 4, column: 16))
        guard case .failure(let p) = result else {
            Issue.record("b should be unknown")
            return
        }
        #expect(p.mark == RuleMark(file: "t", line: 4, column: 22))
    }
}
