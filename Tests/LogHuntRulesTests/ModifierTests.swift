import LogHuntCore
import LogHuntRules
import Testing

/// Every modifier of SIGMA.md §1.7 parses, with its validation errors (§1.13 item 9).
@Suite struct ModifierTests {
    static let valid: [(key: String, value: String, modifiers: [Modifier])] = [
        ("f|contains", "a", [.contains]),
        ("f|startswith", "a", [.startswith]),
        ("f|endswith", "a", [.endswith]),
        ("f|contains|all", "[a, b]", [.contains, .all]),
        ("f|all", "[a, b]", [.all]),
        ("f|re", "'^a.*'", [.re]),
        ("f|re|i", "'^a'", [.re, .reIgnoreCase]),
        ("f|re|m", "'^a'", [.re, .reMultiline]),
        ("f|re|s", "'^a'", [.re, .reDotAll]),
        ("f|re|ignorecase", "'^a'", [.re, .reIgnoreCase]),
        ("f|re|multiline", "'^a'", [.re, .reMultiline]),
        ("f|re|dotall", "'^a'", [.re, .reDotAll]),
        ("f|re|i|m|s", "'^a'", [.re, .reIgnoreCase, .reMultiline, .reDotAll]),
        ("f|cidr", "10.0.0.0/8", [.cidr]),
        ("f|cidr", "'2001:db8::/32'", [.cidr]),
        ("f|cidr", "'::1/128'", [.cidr]),
        ("f|cidr", "192.0.2.1/32", [.cidr]),
        ("f|cidr", "[10.0.0.0/8, 192.168.0.0/16]", [.cidr]),
        ("f|base64", "abc", [.base64]),
        ("f|base64|contains", "abc", [.base64, .contains]),
        ("f|base64offset|contains", "abc", [.base64offset, .contains]),
        ("f|utf16le|base64offset|contains", "abc", [.utf16le, .base64offset, .contains]),
        ("f|wide|base64offset|contains", "abc", [.utf16le, .base64offset, .contains]),
        ("f|utf16be|base64", "abc", [.utf16be, .base64]),
        ("f|utf16|base64", "abc", [.utf16, .base64]),
        ("f|windash|contains", "-enc", [.windash, .contains]),
        ("f|contains|windash", "-enc", [.contains, .windash]),
        ("f|exists", "true", [.exists]),
        ("f|exists", "false", [.exists]),
        ("f|fieldref", "other.field", [.fieldref]),
        ("f|fieldref|contains", "other", [.fieldref, .contains]),
        ("f|fieldref|neq", "other", [.fieldref, .neq]),
        ("f|gt", "5", [.gt]),
        ("f|gte", "5.5", [.gte]),
        ("f|lt", "-1", [.lt]),
        ("f|lte", "0", [.lte]),
        ("'@timestamp|gte'", "2022-12-21", [.gte]),
        ("'@timestamp|lt'", "'2022-12-21T10:00:00Z'", [.lt]),
        ("f|neq", "a", [.neq]),
        ("f|neq", "[a, b]", [.neq]),
        ("f|contains|expand", "'%ips%'", [.contains, .expand]),
        ("f|expand", "'%ips%'", [.expand]),
        ("f|cased", "Abc", [.cased]),
        ("f|contains|cased", "Abc", [.contains, .cased]),
        ("f|minute", "30", [.minute]),
        ("f|hour", "23", [.hour]),
        ("f|day", "1", [.day]),
        ("f|week", "52", [.week]),
        ("f|month", "12", [.month]),
        ("f|year", "2022", [.year]),
        ("f|hour|gte", "9", [.hour, .gte]),
    ]

    @Test(arguments: valid)
    func parses(_ key: String, _ value: String, _ expected: [Modifier]) throws {
        let r = try rule(ruleText(detection: "selection:\n    \(key): \(value)\ncondition: selection"))
        let item = try #require(r.detection.identifiers.first?.allItems.first)
        #expect(item.modifiers == expected)
        #expect(item.field == (key.hasPrefix("'@") ? "@timestamp" : "f"))
    }

    static let invalid: [(key: String, value: String, message: String)] = [
        ("f|contians", "a", "unknown modifier 'contians'"),
        ("f|Contains", "a", "unknown modifier 'Contains'"),
        ("f|", "a", "unknown modifier ''"),
        ("f|contains|all", "a", "modifier 'all' needs a list of two or more values"),
        ("f|all", "[a]", "modifier 'all' needs a list of two or more values"),
        ("f|contains|re", "a", "modifier 're' must be the first modifier"),
        ("f|re|base64", "a", "modifier 'base64' cannot follow 're'"),
        ("f|i", "a", "modifier 'i' is a regular expression flag and needs 're' before it"),
        ("f|contains|cidr", "10.0.0.0/8", "modifier 'cidr' must be the first modifier"),
        ("f|cidr|contains", "10.0.0.0/8", "modifier 'contains' cannot be combined with 'cidr'"),
        ("f|cidr", "10.0.0.0/33", "invalid value '10.0.0.0/33': not an IPv4 or IPv6 network"),
        ("f|cidr", "not-an-ip", "invalid value 'not-an-ip': not an IPv4 or IPv6 network"),
        ("f|exists|contains", "true", "modifier 'exists' must be the only modifier"),
        ("f|exists", "maybe", "invalid value 'maybe': 'exists' takes true or false"),
        ("'|exists'", "true", "modifier 'exists' needs a field name"),
        ("f|base64", "'ab*'", "invalid value 'ab*': 'base64' values cannot contain wildcards"),
        ("f|base64offset|contains", "'a?b'", "invalid value 'a?b': 'base64offset' values cannot contain wildcards"),
        ("f|fieldref", "'other*'", "invalid value 'other*': 'fieldref' takes a field name without wildcards"),
        ("f|fieldref|re", "x", "modifier 're' cannot be combined with 'fieldref'"),
        ("f|gt", "abc", "invalid value 'abc': 'gt', 'gte', 'lt' and 'lte' compare with a number"),
        ("f|gt|lt", "5", "modifier 'lt' cannot be combined with 'gt'"),
        ("f|hour", "noon", "invalid value 'noon': time-part modifiers compare with an integer"),
        ("f|contains|startswith", "a", "modifier 'startswith' cannot be combined with 'contains'"),
        ("f|contains|contains", "a", "modifier 'contains' is given twice"),
        ("f", "[a, null]", "null cannot be an element of a value list"),
        ("f|contains", "null", "invalid value 'null': modifier 'contains' cannot take null"),
        ("f", "[]", "empty value list"),
        ("f", "{a: b}", "'f' must be a scalar or a list of scalars"),
    ]

    @Test(arguments: invalid)
    func rejects(_ key: String, _ value: String, _ message: String) throws {
        let found = errors(ruleText(detection: "selection:\n    \(key): \(value)\ncondition: selection"))
        let first = try #require(found.first, "no error for \(key): \(value)")
        #expect(first.message.hasPrefix(message), "\(first.message)")
        #expect(first.line == 7, "\(first)")
    }

    @Test func documentWithAnErrorIsLeftOut() {
        let (documents, diagnostics) = load(ruleText(detection: "selection:\n    f|bogus: a\ncondition: selection"))
        #expect(documents.isEmpty)
        #expect(diagnostics.count == 1)
    }

    @Test(arguments: Modifier.allCases)
    func everyModifierHasACanonicalName(_ m: Modifier) {
        #expect(Modifier(name: m.name) == m)
    }

    @Test func aliasesNormalise() {
        #expect(Modifier(name: "wide") == .utf16le)
        #expect(Modifier(name: "ignorecase") == .reIgnoreCase)
        #expect(Modifier(name: "multiline") == .reMultiline)
        #expect(Modifier(name: "dotall") == .reDotAll)
        #expect(Modifier(name: "CONTAINS") == nil)
    }

    @Test func keywordListWithAll() throws {
        let r = try rule(
            ruleText(
                detection: """
                    keywords:
                        '|all':
                            - Microsoft.Network
                            - /write
                    condition: keywords
                    """))
        let item = try #require(r.detection.identifiers.first?.allItems.first)
        #expect(item.field == nil)
        #expect(item.isAll)
        #expect(item.values.map(\.text) == ["Microsoft.Network", "/write"])
    }

    @Test func plainKeywordList() throws {
        let r = try rule(
            ruleText(
                detection: """
                    keywords:
                        - 'Microsoft.Compute/virtualMachines/write'
                        - 'Microsoft.Network/*/write'
                    condition: keywords
                    """))
        guard case .keywords(let item) = try #require(r.detection.identifiers.first).body else {
            Issue.record("not a keyword list")
            return
        }
        #expect(item.field == nil)
        #expect(item.modifiers.isEmpty)
        #expect(item.values.count == 2)
        #expect(item.values[1].hasWildcards)
    }

    @Test func valueTypesKeepTheirText() throws {
        let r = try rule(
            ruleText(
                detection: """
                    selection:
                        a: on
                        b: yes
                        c: 'true'
                        d: 0123
                        e: 1.50
                        f: null
                        g: ''
                        h: 2022-12-21
                        i: ~
                        j: TRUE
                    condition: selection
                    """))
        let items = try #require(r.detection.identifiers.first?.allItems)
        let values = items.map { $0.values[0] }
        #expect(values.map(\.text) == ["on", "yes", "true", "0123", "1.50", "null", "", "2022-12-21", "~", "TRUE"])
        #expect(values.map(\.kind) == [.bool, .bool, .string, .int, .float, .null, .string, .string, .null, .bool])
        #expect(values[0].boolValue == true)
        #expect(values[2].quoted)
        #expect(values[4].numberValue == 1.5)
        #expect(values[3].numberValue == 123)
        #expect(values[0].numberValue == nil)
        #expect(SigmaValue(text: "nan", kind: .string, mark: values[0].mark).numberValue == nil)
        #expect(SigmaValue(text: "inf", kind: .string, mark: values[0].mark).numberValue == nil)
        #expect(SigmaValue(text: "0x1F", kind: .int, mark: values[0].mark).numberValue == 31)
        #expect(SigmaValue(text: "-2.5e3", kind: .float, mark: values[0].mark).numberValue == -2500)
        #expect(values[5].isNull)
        #expect(values[6].parts.isEmpty)
    }

    @Test func expandPlaceholdersAreListed() throws {
        let r = try rule(
            ruleText(
                detection: """
                    selection:
                        src_ip|expand: '%Legitimate_IP_Ranges%'
                        country|contains|expand: ['%Countries%', 'x%Legitimate_IP_Ranges%']
                        plain: '%not_a_placeholder%'
                    condition: selection
                    """))
        #expect(r.placeholderNames == ["Countries", "Legitimate_IP_Ranges"])
        let items = try #require(r.detection.identifiers.first?.allItems)
        #expect(items[0].values[0].parts == [.placeholder("Legitimate_IP_Ranges")])
        #expect(items[2].values[0].parts == [.literal("%not_a_placeholder%")])
    }

    @Test func listOfMapsIsAnOr() throws {
        let r = try rule(
            ruleText(
                detection: """
                    selection:
                        - eventName: A
                          eventSource: s
                        - eventName: B
                    condition: selection
                    """))
        guard case .maps(let maps) = try #require(r.detection.identifiers.first).body else {
            Issue.record("not maps")
            return
        }
        #expect(maps.count == 2)
        #expect(maps[0].items.count == 2)
        #expect(maps[1].items.map(\.field) == ["eventName"])
    }
}
