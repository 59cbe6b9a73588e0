import Foundation
import LogHuntConvert
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntReport
import LogHuntRules
import Testing

/// The built-in rules' own `tests:` cases as a Spark check: every single-event case is
/// normalised into a `loghunt normalize` line (file `tests/<rule>/<n>`), and each detection
/// rule's statement must return exactly its `match: true` cases among its own events.
/// `scripts/spark_rule_tests.py` runs the check on the files this test writes when
/// `LOGHUNT_CONVERT_DUMP=DIR` is set.
@Suite struct RuleTestEventsTests {
    struct Case {
        var rule: String
        var file: String
        var match: Bool
        var line: [UInt8]
    }

    static func cases() throws -> (documents: [RuleDocument], cases: [Case]) {
        var documents: [RuleDocument] = []
        var cases: [Case] = []
        for file in BuiltinRules.files {
            for document in RuleLoader.check(text: file.text, file: file.path).documents {
                guard case .detection(let rule) = document else { continue }
                documents.append(document)
                let id = rule.id ?? rule.name ?? rule.title
                for (n, test) in rule.tests.enumerated() where test.events.count == 1 {
                    let path = "tests/\(id)/\(n)"
                    let doc = try JSONParser.parse(Array(test.event.serialized().utf8))
                    let event = Normalizer().normalize(
                        document: doc, location: SourceLocation(file: path, line: 1, record: 0))
                    cases.append(Case(rule: id, file: path, match: test.match, line: EventWriter().line(event)))
                }
            }
        }
        return (documents, cases)
    }

    /// Every key `loghunt normalize` writes (outside `raw`) is a column or struct field of the
    /// table schema, so Spark drops nothing.
    @Test func schemaCoversNormalisedEvents() throws {
        let (_, cases) = try Self.cases()
        let ddl = EventSchema.sparkDDL
        func check(_ value: JSONValue, _ path: String) {
            guard case .object(let members) = value else { return }
            for m in members where !(path.isEmpty && m.key == "raw") {
                #expect(
                    ddl.contains("`\(m.key)` ") || ddl.contains("`\(m.key)`: "), "\(path)\(m.key) is not in the schema")
                check(m.value, path + m.key + ".")
            }
        }
        for c in cases {
            let doc = try JSONParser.parse(c.line)
            check(doc.value(doc.root), "")
        }
    }

    @Test func everyDetectionRuleHasNormalisedCases() throws {
        let (documents, cases) = try Self.cases()
        #expect(!cases.isEmpty)
        let result = SQLConverter().convert(
            documents, placeholders: Placeholders.builtin.values, target: .sparkSQL, table: "loghunt_events")
        // Converted one by one, no base rule is suppressed: every detection rule has a statement.
        #expect(result.converted.count + result.unsupported.count + result.suppressed.count == documents.count)
        for c in cases { #expect(c.line.last == 0x0A) }
        if let dir = ProcessInfo.processInfo.environment["LOGHUNT_CONVERT_DUMP"] {
            var events: [UInt8] = []
            var expected = ""
            for c in cases {
                events += c.line
                expected += "{\"rule\": \"\(c.rule)\", \"file\": \"\(c.file)\", \"match\": \(c.match)}\n"
            }
            try Data(events).write(to: URL(fileURLWithPath: dir + "/rule-tests.events.ndjson"))
            try expected.write(toFile: dir + "/rule-tests.expected.jsonl", atomically: true, encoding: .utf8)
            var sql = ConvertRunner().run(documents: [], placeholders: [:], target: .sparkSQL, table: "loghunt_events")
                .sql
            for document in documents {
                let one = ConvertRunner().run(
                    documents: [document], placeholders: Placeholders.builtin.values, target: .sparkSQL,
                    table: "loghunt_events")
                sql += one.sql.components(separatedBy: "\n").filter {
                    !$0.hasPrefix("-- loghunt convert") && !$0.hasPrefix("-- Each") && !$0.hasPrefix("-- spark-schema")
                }.joined(separator: "\n")
            }
            try sql.write(toFile: dir + "/rule-tests.spark.sql", atomically: true, encoding: .utf8)
        }
    }
}
