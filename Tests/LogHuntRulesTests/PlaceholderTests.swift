import LogHuntCore
import LogHuntRules
import Testing

/// `@FILE` lists and unresolved placeholders.
@Suite struct PlaceholderTests {
    @Test func parseListSkipsCommentsAndBlanks() {
        let text = "# CircleCI egress\n  3.228.39.90  \n\n18.214.70.5\r\n# end\n\t\n10.0.0.0/8"
        #expect(Placeholders.parseList(text: text) == ["3.228.39.90", "18.214.70.5", "10.0.0.0/8"])
        #expect(Placeholders.parseList(text: "").isEmpty)
        #expect(Placeholders.parseList(text: "# only\n#comments\n").isEmpty)
    }

    @Test func unresolvedPlaceholdersAreReported() throws {
        let r = try rule(
            ruleText(
                detection: """
                    selection:
                        sourceIPAddress|expand: '%circleci_ips%'
                        userIdentity.accessKeyId|expand: '%exposed_credentials%'
                    condition: selection
                    """))
        #expect(r.placeholderNames == ["circleci_ips", "exposed_credentials"])
        var values = Placeholders(["circleci_ips": ["1.2.3.4"]])
        #expect(values.unresolved(in: r) == ["exposed_credentials"])
        values["exposed_credentials"] = []
        #expect(values.unresolved(in: r) == ["exposed_credentials"])
        values["exposed_credentials"] = ["AKIA"]
        #expect(values.unresolved(in: r).isEmpty)
        let d = Placeholders.diagnostic(for: r, missing: ["exposed_credentials"])
        #expect(d.code == .unresolvedPlaceholder)
        #expect(d.file == "test.yml")
        #expect(d.line == 1)
        #expect(d.message.contains("%exposed_credentials%"))
    }

    @Test func laterValuesOverride() {
        let a = Placeholders(["x": ["1"], "y": ["2"]])
        let b = a.overridden(by: Placeholders(["y": ["3"]]))
        #expect(b["x"] == ["1"])
        #expect(b["y"] == ["3"])
    }

    @Test func builtinListsAreNamedAfterTheirFiles() {
        let builtin = Placeholders.builtin
        for file in BuiltinRules.lists {
            let name = String(file.path.split(separator: "/").last?.dropLast(4) ?? "")
            #expect(builtin[name] == Placeholders.parseList(text: file.text))
        }
        #expect(builtin.values.count == BuiltinRules.lists.count)
    }
}
