import LogHuntCore
import LogHuntRules
import Testing

/// Whole documents: metadata, custom fields, tests:, multi-document files, duplicate keys.
@Suite struct DocumentTests {
    @Test func metadataAndCustomFields() throws {
        let r = try rule(
            """
            title: Suspicious clone
            id: 2b7c9a40-4f7e-4c55-9d0b-6a1e3f2d8c11
            name: github_git_read
            status: experimental
            description: A clone.
            references:
                - https://example.com
            author: Ann, Bob
            date: 2023-01-05
            modified: 2023-02-01
            tags:
                - attack.t1078
            logsource:
                product: github
                service: audit
                custom_key: kept
            detection:
                selection:
                    action: git.clone
                condition: selection
            fields: [actor, repo]
            falsepositives:
                - CI
            level: high
            x_owner: team-sec
            x_numbers: [1, 2.5]
            """)
        #expect(r.title == "Suspicious clone")
        #expect(r.id == "2b7c9a40-4f7e-4c55-9d0b-6a1e3f2d8c11")
        #expect(r.name == "github_git_read")
        #expect(r.status == "experimental")
        #expect(r.level == .high)
        #expect(r.tags == ["attack.t1078"])
        #expect(r.references == ["https://example.com"])
        #expect(r.author == "Ann, Bob")
        #expect(r.date == "2023-01-05")
        #expect(r.modified == "2023-02-01")
        #expect(r.fields == ["actor", "repo"])
        #expect(r.falsePositives == ["CI"])
        #expect(r.logsource.product == "github")
        #expect(r.logsource.service == "audit")
        #expect(r.logsource.extra == [LogSourceKey(key: "custom_key", value: "kept")])
        #expect(r.logsource.summary == "github/audit")
        #expect(r.custom.map(\.key) == ["x_owner", "x_numbers"])
        #expect(r.custom[0].value == .string("team-sec"))
        #expect(r.custom[1].value == .array([.number("1"), .number("2.5")]))
        #expect(r.mark == RuleMark(file: "test.yml", line: 1, column: 1))
    }

    @Test func testCasesBecomeJSON() throws {
        let r = try rule(
            ruleText(
                detection: "selection:\n    eventName: ConsoleLogin\ncondition: selection",
                extra: """
                    tests:
                        - name: login
                          event: {eventName: ConsoleLogin, n: 12, f: 1.5, ok: true, flag: on, none: null, list: [a, 1], nested: {a: 'x'}}
                          match: true
                        - name: other
                          event:
                              eventName: GetObject
                          match: false
                    """))
        #expect(r.tests.count == 2)
        let t = r.tests[0]
        #expect(t.name == "login")
        #expect(t.match)
        #expect(
            t.event.serialized()
                == #"{"eventName":"ConsoleLogin","n":12,"f":1.5,"ok":true,"flag":true,"none":null,"list":["a",1],"nested":{"a":"x"}}"#
        )
        #expect(r.tests[1].match == false)
        #expect(r.tests[1].event == .object([JSONMember(key: "eventName", value: .string("GetObject"))]))
    }

    @Test func badTestCasesAreErrors() {
        let found = errors(
            ruleText(
                detection: "selection:\n    eventName: x\ncondition: selection",
                extra: """
                    tests:
                        - name: no match key
                          event: {a: 1}
                        - name: bad event
                          event: [1]
                          match: true
                    """))
        #expect(
            found.map(\.message) == [
                "missing 'match' in a test case", "'tests.event' must be a mapping (the raw record)",
            ])
    }

    @Test func multiDocumentFile() {
        let (documents, diagnostics) = load(
            """
            title: Many failed logins
            correlation:
                type: event_count
                rules:
                    - failed_login
                group-by:
                    - user
                timespan: 10m
                condition:
                    gte: 10
            level: high
            ---
            title: Failed login
            name: failed_login
            logsource: {product: aws}
            detection:
                selection:
                    eventName: ConsoleLogin
                    errorMessage: Failed authentication
                condition: selection
            ---
            title: Exclude the scanner
            filter:
                rules: [failed_login]
                selection:
                    sourceIPAddress: 192.0.2.1
                condition: not selection
            logsource: {product: aws}
            """)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        #expect(documents.count == 3)
        guard case .correlation(let c) = documents[0], case .detection(let d) = documents[1],
            case .filter(let f) = documents[2]
        else {
            Issue.record("wrong kinds: \(documents)")
            return
        }
        #expect(c.type == .eventCount)
        #expect(c.rules.map(\.target) == ["failed_login"])
        #expect(c.groupBy == ["user"])
        #expect(c.timespan?.nanoseconds == 600_000_000_000)
        #expect(c.condition?.bounds == [CorrelationBound(op: .gte, value: 10, text: "10")])
        #expect(c.generate == false)
        #expect(c.level == .high)
        #expect(d.name == "failed_login")
        #expect(d.mark.line == 13)
        #expect(f.rules.map(\.target) == ["failed_login"])
        #expect(f.detection.identifiers.map(\.name) == ["selection"])
        #expect(f.logsource.product == "aws")
        let set = RuleSet(documents: documents)
        #expect(set.check(sink: DiscardingDiagnosticSink()).isEmpty)
        #expect(set.document("failed_login")?.title == "Failed login")
        #expect(set.detectionRules.count == 1)
        #expect(set.correlations.count == 1)
        #expect(set.filters.count == 1)
    }

    @Test func emptyDocumentsAreSkipped() {
        let (documents, diagnostics) = load(
            "---\n---\ntitle: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: s\n---\n")
        #expect(diagnostics.isEmpty)
        #expect(documents.count == 1)
    }

    @Test func duplicateKeysWarnAndTheLastWins() throws {
        let marked = MarkedText(
            """
            title: first
            logsource: {product: aws}
            detection:
                selection:
                    eventName: A
                    1️⃣eventName: B
                condition: selection
            2️⃣title: second
            """)
        let (documents, diagnostics) = load(marked.text)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        #expect(diagnostics.count == 2)
        let one = try #require(marked.marks[1])
        let two = try #require(marked.marks[2])
        let lines = Set(diagnostics.map { [$0.line ?? 0, $0.column ?? 0] })
        #expect(lines == [[one.line, one.column], [two.line, two.column]])
        #expect(diagnostics.contains { $0.message == "duplicate key 'eventName' (the last one wins)" })
        guard case .detection(let r)? = documents.first else {
            Issue.record("no rule")
            return
        }
        #expect(r.title == "second")
        let item = try #require(r.detection.identifiers.first?.allItems.first)
        #expect(item.values.map(\.text) == ["B"])
        #expect(r.detection.identifiers.first?.allItems.count == 1)
    }

    @Test func notARule() {
        let found = errors("foo: bar\n")
        #expect(found.map(\.message) == ["document is not a rule: it needs 'detection', 'correlation' or 'filter'"])
        #expect(errors("- a\n- b\n").count == 1)
    }

    @Test func missingTitleAndLogsource() {
        let found = errors("detection:\n  s: {a: 1}\n  condition: s\n")
        #expect(found.map(\.message) == ["missing 'title' in the rule", "missing 'logsource' in a detection rule"])
    }

    @Test func legacyTimeframeIsRejected() {
        let found = errors(ruleText(detection: "s:\n    a: 1\ntimeframe: 5m\ncondition: s"))
        #expect(found.first?.message.hasPrefix("legacy aggregation") == true)
    }

    @Test func unknownLogsourceKeysAndTopLevelKeysAreAllowed() throws {
        let r = try rule(ruleText(detection: "s:\n    a: 1\ncondition: s", extra: "custom:\n    nested: [1, 2]"))
        #expect(r.custom.map(\.key) == ["custom"])
    }

    @Test func ruleDocumentAccessors() throws {
        let (documents, _) = load(ruleText(detection: "s:\n    a: 1\ncondition: s"))
        let d = try #require(documents.first)
        #expect(d.identity == "00000000-0000-4000-8000-000000000001")
        #expect(d.file == "test.yml")
        #expect(d.logsource?.product == "aws")
        #expect(d.level == .high)
        #expect(d.references.isEmpty)
        #expect(d.kindName == "detection")
        #expect(d.logsourceSummary == "aws")
        let c = try #require(
            load("title: c\ncorrelation: {type: new_value, rules: [a, b], field: ip, baseline: 7d}\n").documents.first)
        #expect(c.kindName == "correlation/new_value")
        #expect(c.logsourceSummary == "correlation of a, b")
        #expect(c.logsource == nil)
    }
}
