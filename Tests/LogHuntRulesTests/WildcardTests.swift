import LogHuntRules
import Testing

/// SIGMA.md §1.6: wildcards and backslash escaping in plain values.
@Suite struct WildcardTests {
    static let rows: [(String, [SigmaStringPart])] = [
        ("abc", [.literal("abc")]),
        ("a*c", [.literal("a"), .anyRun, .literal("c")]),
        ("a?c", [.literal("a"), .anyChar, .literal("c")]),
        ("*", [.anyRun]),
        ("**", [.anyRun]),
        ("??", [.anyChar, .anyChar]),
        (#"a\*c"#, [.literal("a*c")]),
        (#"a\?c"#, [.literal("a?c")]),
        (#"C:\Windows\System32"#, [.literal(#"C:\Windows\System32"#)]),
        (#"a\\b"#, [.literal(#"a\b"#)]),
        (#"a\\*"#, [.literal(#"a\"#), .anyRun]),
        (#"a\\\*"#, [.literal(#"a\*"#)]),
        (#"a\\\\b"#, [.literal(#"a\\b"#)]),
        (#"a\\\b"#, [.literal(#"a\\b"#)]),
        (#"trailing\"#, [.literal(#"trailing\"#)]),
        (#"\"#, [.literal(#"\"#)]),
        (#"\\?"#, [.literal(#"\"#), .anyChar]),
        ("%name%", [.literal("%name%")]),
        ("", []),
    ]

    @Test(arguments: rows)
    func plainValues(_ text: String, _ expected: [SigmaStringPart]) {
        #expect(SigmaStringPart.parse(text, placeholders: false) == expected)
    }

    static let expandRows: [(String, [SigmaStringPart])] = [
        ("%ips%", [.placeholder("ips")]),
        ("pre%a%mid%b%*", [.literal("pre"), .placeholder("a"), .literal("mid"), .placeholder("b"), .anyRun]),
        (#"100\%"#, [.literal("100%")]),
        (#"\%x%"#, [.literal("%x%")]),
        ("50%", [.literal("50%")]),
        ("%%", [.literal("%%")]),
    ]

    @Test(arguments: expandRows)
    func expandValues(_ text: String, _ expected: [SigmaStringPart]) {
        #expect(SigmaStringPart.parse(text, placeholders: true) == expected)
    }

    @Test func escapingReachesTheAST() throws {
        let r = try rule(
            ruleText(
                detection: #"""
                    selection:
                        path: 'C:\Temp\\*'
                        name|contains: 'a\*b'
                    condition: selection
                    """#))
        guard case .maps(let maps) = try #require(r.detection.identifiers.first).body else {
            Issue.record("not a map")
            return
        }
        let items = try #require(maps.first).items
        #expect(items[0].values[0].parts == [.literal(#"C:\Temp\"#), .anyRun])
        #expect(items[0].values[0].text == #"C:\Temp\\*"#)
        #expect(items[1].values[0].parts == [.literal("a*b")])
        #expect(!items[1].values[0].hasWildcards)
    }

    @Test func regexValuesAreNotWildcards() throws {
        let r = try rule(
            ruleText(
                detection: """
                    selection:
                        userIdentity.arn|re: '^arn:aws:iam::.*:user/.+$'
                    condition: selection
                    """))
        let item = try #require(r.detection.identifiers.first?.allItems.first)
        #expect(item.values[0].parts == [.literal("^arn:aws:iam::.*:user/.+$")])
    }
}
