import LogHuntCore
import LogHuntRules
import Testing

/// Diagnostics land on the right line:column (1️⃣ markers in the YAML show where).
@Suite struct LocationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var yaml: String
        var message: String
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(
            name: "unknown modifier",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName|1️⃣contians: Get
                    condition: selection
                """,
            message: "unknown modifier 'contians'"),
        Case(
            name: "second modifier unknown",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName|contains|1️⃣every:
                            - a
                            - b
                    condition: selection
                """,
            message: "unknown modifier 'every'"),
        Case(
            name: "unknown modifier in a quoted key",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        'eventName|1️⃣bogus': Get
                    condition: selection
                """,
            message: "unknown modifier 'bogus'"),
        Case(
            name: "unknown identifier in condition",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: Get
                    condition: selection and not 1️⃣filter
                """,
            message: "condition refers to unknown search identifier 'filter'"),
        Case(
            name: "unknown identifier in a quoted condition",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: Get
                    condition: 'selection or 1️⃣missing'
                """,
            message: "condition refers to unknown search identifier 'missing'"),
        Case(
            name: "pattern matching nothing",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: Get
                    condition: selection and not 1 of 1️⃣filter_*
                """,
            message: "condition pattern 'filter_*' matches no search identifier"),
        Case(
            name: "legacy aggregation",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: Get
                    condition: selection 1️⃣| count() by userIdentity.arn > 5
                """,
            message: "legacy aggregation ('| count()', '| near') is not supported; write a correlation rule"),
        Case(
            name: "uppercase keyword",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    a:
                        x: 1
                    b:
                        y: 2
                    condition: a 1️⃣AND b
                """,
            message: "condition: condition keywords are lowercase: use 'and'"),
        Case(
            name: "all on a single value",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName|contains|1️⃣all: Get
                    condition: selection
                """,
            message: "modifier 'all' needs a list of two or more values"),
        Case(
            name: "null in a value list",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        errorCode:
                            - AccessDenied
                            - 1️⃣null
                    condition: selection
                """,
            message: "null cannot be an element of a value list; use a separate selection"),
        Case(
            name: "base64 with a wildcard",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        data|base64: 1️⃣'abc*'
                    condition: selection
                """,
            message: "invalid value 'abc*': 'base64' values cannot contain wildcards (escape them with \\)"),
        Case(
            name: "cidr not first",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        sourceIPAddress|contains|1️⃣cidr: 10.0.0.0/8
                    condition: selection
                """,
            message: "modifier 'cidr' must be the first modifier"),
        Case(
            name: "bad level",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: Get
                    condition: selection
                level: 1️⃣severe
                """,
            message: "unknown level 'severe' (informational, low, medium, high, critical)"),
        Case(
            name: "YAML syntax error",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: [a, b
                    condition1️⃣: selection
                """,
            message: "invalid YAML"),
        Case(
            name: "missing condition",
            yaml: """
                title: t
                logsource: {product: aws}
                detection:
                    1️⃣selection:
                        eventName: Get
                """,
            message: "missing 'condition' in detection"),
        Case(
            name: "error in the second document",
            yaml: """
                title: first
                logsource: {product: aws}
                detection:
                    selection:
                        eventName: Get
                    condition: selection
                ---
                title: second
                logsource: {product: aws}
                detection:
                    selection:
                        eventName|1️⃣startwith: Get
                    condition: selection
                """,
            message: "unknown modifier 'startwith'"),
        Case(
            name: "unknown correlation type",
            yaml: """
                title: c
                correlation:
                    type: 1️⃣event_sum
                    rules: [x]
                    timespan: 1h
                """,
            message: "unknown correlation type 'event_sum'"),
        Case(
            name: "unknown correlation key",
            yaml: """
                title: c
                correlation:
                    type: event_count
                    rules: [x]
                    timespan: 1h
                    1️⃣groupby: [a]
                    condition: {gte: 3}
                """,
            message: "unknown key 'groupby' in correlation"),
        Case(
            name: "bad timespan",
            yaml: """
                title: c
                correlation:
                    type: event_count
                    rules: [x]
                    timespan: 1️⃣ten minutes
                    condition: {gte: 3}
                """,
            message: "invalid timespan 'ten minutes' (use <number><s|m|h|d|w|M|y>)"),
    ]

    @Test(arguments: cases)
    func diagnosticLandsOnTheMarker(_ c: Case) throws {
        let marked = MarkedText(c.yaml)
        let expected = try #require(marked.marks[1])
        let found = load(marked.text).diagnostics.filter { $0.severity == .error }
        let first = try #require(found.first, "no error for \(c.name)")
        #expect(first.file == "test.yml")
        #expect(first.message.hasPrefix(c.message), "\(first.message)")
        #expect(first.line == expected.line, "\(first)")
        #expect(first.column == expected.column, "\(first)")
    }

    @Test func formattedAsFileLineColumn() throws {
        let marked = MarkedText(
            """
            title: t
            logsource: {product: aws}
            detection:
                selection:
                    eventName|1️⃣nope: Get
                condition: selection
            """)
        let diagnostic = try #require(load(marked.text).diagnostics.first)
        #expect(diagnostic.description == "test.yml:5:19: unknown modifier 'nope'")
        #expect(diagnostic.code == .ruleError)
    }

    @Test func markerHelperCountsScalars() throws {
        let marked = MarkedText("ab\ncé1️⃣x")
        #expect(marked.text == "ab\ncéx")
        let m = try #require(marked.marks[1])
        #expect(m.line == 2)
        #expect(m.column == 3)
    }
}
