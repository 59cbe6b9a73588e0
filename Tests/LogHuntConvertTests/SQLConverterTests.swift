import LogHuntConvert
import LogHuntRules
import Testing

/// SQL text for each Sigma construct, and what `convert` reports as unsupported.
@Suite struct SQLConverterTests {
    static func documents(_ yaml: String) throws -> [RuleDocument] {
        let (documents, diagnostics) = RuleLoader.check(text: yaml, file: "t.yml")
        try #require(!diagnostics.contains { $0.severity == .error }, "\(diagnostics)")
        return documents
    }

    static func rule(_ detection: String, product: String = "aws") -> String {
        """
        title: T
        id: r1
        logsource:
          product: \(product)
        detection:
        \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "  " + $0 }.joined(separator: "\n"))
        level: high
        """
    }

    static func convert(
        _ yaml: String, target: SQLTarget = .sparkSQL, placeholders: [String: [String]] = [:]
    ) throws -> ConversionResult {
        SQLConverter().convert(try documents(yaml), placeholders: placeholders, target: target, table: "events")
    }

    static func sql(_ detection: String, product: String = "aws", target: SQLTarget = .sparkSQL) throws -> String {
        let result = try convert(
            rule(detection, product: product), target: target,
            placeholders: ["ips": ["10.0.0.0/8", "192.168.1.7"], "names": ["Alice", "b*"]])
        try #require(result.unsupported.isEmpty, "\(result.unsupported)")
        let converted = try #require(result.converted.first)
        return converted.sql
    }

    @Test(arguments: [
        // Case-insensitive equality, and a list is an IN-like OR.
        ("selection:\n  eventName: CreateUser\ncondition: selection", "lower(x) = 'createuser'"),
        ("selection:\n  eventName: [A, B]\ncondition: selection", "(lower(x) = 'a' OR lower(x) = 'b')"),
        // Wildcards become LIKE; SQL's own % and _ are escaped.
        ("selection:\n  userAgent: 'aws-cli/*'\ncondition: selection", "lower(x) LIKE 'aws-cli/%'"),
        ("selection:\n  userAgent: '50%_off?'\ncondition: selection", "lower(x) LIKE '50\\\\%\\\\_off_'"),
        // An escaped wildcard is a literal character, compared with equality.
        ("selection:\n  userAgent: 'a\\*b'\ncondition: selection", "lower(x) = 'a*b'"),
        ("selection:\n  userAgent|contains: 'Boto3'\ncondition: selection", "lower(x) LIKE '%boto3%'"),
        ("selection:\n  userAgent|startswith: 'Boto3'\ncondition: selection", "lower(x) LIKE 'boto3%'"),
        ("selection:\n  userAgent|endswith: 'Boto3'\ncondition: selection", "lower(x) LIKE '%boto3'"),
        ("selection:\n  userAgent|cased: 'Boto3'\ncondition: selection", "x = 'Boto3'"),
        (
            "selection:\n  userAgent|contains|all: [a, b]\ncondition: selection",
            "LIKE '%a%'), FALSE) AND COALESCE(exists("
        ),
        // Regular expressions: case-sensitive, (?i) for |i.
        ("selection:\n  userAgent|re: '^Boto3/[0-9]+'\ncondition: selection", "x RLIKE '^Boto3/[0-9]+'"),
        ("selection:\n  userAgent|re|i: 'boto'\ncondition: selection", "x RLIKE '(?i)boto'"),
        // CIDR: the IPv4 address number compared with the network's range.
        ("selection:\n  sourceIPAddress|cidr: 10.0.0.0/8\ncondition: selection", "n BETWEEN 167772160 AND 184549375"),
        (
            "selection:\n  sourceIPAddress|cidr: 192.168.1.7\ncondition: selection",
            "n BETWEEN 3232235783 AND 3232235783"
        ),
        // Numbers compare by value (JSON numbers and numeric strings).
        ("selection:\n  status.errorCode: 0\ncondition: selection", "try_cast(x AS DOUBLE) = 0"),
        ("selection:\n  protoPayload.status.code|gt: 0\ncondition: selection", "try_cast(x AS DOUBLE) > 0"),
        ("selection:\n  readOnly: true\ncondition: selection", "lower(x) = 'true'"),
        // Null is missing or JSON null; exists is presence (a JSON null counts).
        ("selection:\n  errorCode: null\ncondition: selection", "IS NULL)"),
        (
            "selection:\n  errorCode|exists: true\ncondition: selection",
            "array_contains(json_object_keys(`raw`), 'errorCode')"
        ),
        (
            "selection:\n  errorCode|exists: false\ncondition: selection",
            "(NOT ((COALESCE(array_contains(json_object_keys(`raw`), 'errorCode'), FALSE)"
        ),
        // neq negates the whole item.
        ("selection:\n  eventName|neq: A\ncondition: selection", "(NOT COALESCE(exists("),
        // ECS names read their column, the raw record when it is NULL.
        (
            "selection:\n  source.ip: 1.2.3.4\ncondition: selection",
            "CASE WHEN `source`.`ip` IS NOT NULL THEN array(`source`.`ip`)"
        ),
        // Dotted raw names: nested path, and the literal dotted key first.
        (
            "selection:\n  userIdentity.type: Root\ncondition: selection",
            "get_json_object(`raw`, '$[\\'userIdentity.type\\']')"
        ),
        (
            "selection:\n  userIdentity.type: Root\ncondition: selection",
            "get_json_object(`raw`, '$.userIdentity.type')"
        ),
        // Placeholders expand to their values (as Sigma strings).
        (
            "selection:\n  userName|expand: '%names%'\ncondition: selection",
            "(lower(x) = 'alice' OR lower(x) LIKE 'b%')"
        ),
        (
            "selection:\n  sourceIPAddress|cidr|expand: '%ips%'\ncondition: selection",
            "(n BETWEEN 167772160 AND 184549375 OR n BETWEEN 3232235783 AND 3232235783)"
        ),
        // Dates compare with @timestamp as absolute instants.
        (
            "selection:\n  '@timestamp|gte': 2022-12-21\ncondition: selection",
            "to_timestamp(`@timestamp`) >= to_timestamp('2022-12-21T00:00:00Z')"
        ),
        // Keywords: a case-insensitive substring of some string value of the raw record.
        (
            "keywords:\n  - 'Microsoft.Authorization/*/write'\ncondition: keywords",
            "lower(x) LIKE '%microsoft.authorization/%/write%'"
        ),
        ("keywords:\n  - evil\ncondition: keywords", "regexp_extract_all(`raw`,"),
        // Missing fields make a predicate FALSE, never NULL, so NOT of it is TRUE.
        (
            "selection:\n  eventName: A\nfilter:\n  errorCode: X\ncondition: selection and not filter",
            "AND (NOT (COALESCE(exists("
        ),
        ("sel_a:\n  eventName: A\nsel_b:\n  eventName: B\ncondition: 1 of sel_*", "FALSE)) OR (COALESCE(exists("),
        // A path through an array of objects reaches every element.
        (
            "selection:\n  protoPayload.authorizationInfo.permission: x\ncondition: selection",
            "transform(from_json(get_json_object(`raw`, '$.protoPayload.authorizationInfo'), 'array<string>'), p ->"
        ),
        // The built-in field mappings (Rules/mappings) add raw paths, as in the engine.
        ("selection:\n  src_ip: 1.2.3.4\ncondition: selection", "'$.sourceIPAddress'"),
        ("selection:\n  userAgent|re|startswith: 'Boto'\ncondition: selection", "x RLIKE '^(?:Boto)'"),
        ("selection:\n  userAgent|re|expand: '^%names%$'\ncondition: selection", "x RLIKE '^Alice$' OR x RLIKE '^b*$'"),
        // fieldref compares two fields of one event.
        (
            "selection:\n  userIdentity.arn|fieldref|endswith: requestParameters.userName\ncondition: selection",
            "substr(lower(x), length(lower(x)) - length(lower(y)) + 1) = lower(y)"
        ),
    ])
    func detectionConstruct(detection: String, expected: String) throws {
        let text = try Self.sql(detection)
        #expect(text.contains(expected), "\(text)")
    }

    @Test(arguments: [
        ("selection:\n  eventName: CreateUser\ncondition: selection", "any_match("),
        ("selection:\n  userAgent|re: 'x'\ncondition: selection", "regexp_like(x, 'x')"),
        ("selection:\n  userAgent: '50%*'\ncondition: selection", "LIKE '50\\%%' ESCAPE '\\'"),
        ("selection:\n  eventName: CreateUser\ncondition: selection", "json_extract_scalar(\"raw\", '$.eventName')"),
        (
            "selection:\n  '@timestamp|gte': 2022-12-21\ncondition: selection",
            "try(from_iso8601_timestamp(\"timestamp\")) >= try(from_iso8601_timestamp('2022-12-21T00:00:00Z'))"
        ),
    ])
    func athenaDialect(detection: String, expected: String) throws {
        let text = try Self.sql(detection, target: .athena)
        #expect(text.contains(expected), "\(text)")
    }

    @Test(arguments: [
        ("azure", "signinlogs", "`event`.`dataset` IN ('azure.signinlogs')"),
        ("azure", "activitylogs", "`event`.`dataset` IN ('azure.activitylogs')"),
        ("aws", "cloudtrail", "`event`.`dataset` IN ('aws.cloudtrail')"),
        ("azure", "riskdetection", "WHERE FALSE"),
    ])
    func serviceSelectsDatasets(product: String, service: String, expected: String) throws {
        let yaml = Self.rule("sel:\n  a: x\ncondition: sel", product: product).replacingOccurrences(
            of: "  product: \(product)", with: "  product: \(product)\n  service: \(service)")
        let result = try Self.convert(yaml)
        let sql = try #require(result.converted.first).sql
        #expect(sql.contains(expected), "\(sql)")
    }

    @Test func sparkLiteralsEscapeBackslashAndQuote() throws {
        let text = try Self.sql("selection:\n  path: 'C:\\Users\\o''neil'\ncondition: selection")
        #expect(text.contains("'c:\\\\users\\\\o\\'neil'"), "\(text)")
    }

    @Test(arguments: [
        ("aws", "`event`.`provider` IN ('aws')"),
        ("azure", "`event`.`provider` IN ('azure', 'entra')"),
        ("okta", "WHERE FALSE"),
    ])
    func productScopesTheProvider(product: String, expected: String) throws {
        let text = try Self.sql("selection:\n  a: b\ncondition: selection", product: product)
        #expect(text.contains(expected), "\(text)")
    }

    @Test func azureKeysAlsoMatchCaseInsensitively() throws {
        let text = try Self.sql("selection:\n  operationName: X\ncondition: selection", product: "azure")
        #expect(text.contains("get_json_object(lower(`raw`), '$.operationname')"), "\(text)")
        #expect(text.contains("'$.properties.operationName'"), "\(text)")
    }

    @Test(arguments: [
        ("selection:\n  a|base64: x\ncondition: selection", "modifier 'base64'"),
        ("selection:\n  a|windash: '-x'\ncondition: selection", "modifier 'windash'"),
        ("selection:\n  a|cidr: '2001:db8::/32'\ncondition: selection", "is not an IPv4 network"),
        ("selection:\n  a|expand: '%nope%'\ncondition: selection", "placeholder '%nope%' has no values"),
        ("selection:\n  eventTime|gte: 2022-12-21\ncondition: selection", "only @timestamp is translated"),
    ])
    func unsupportedIsReported(detection: String, reason: String) throws {
        let result = try Self.convert(Self.rule(detection))
        #expect(result.converted.isEmpty)
        let entry = try #require(result.unsupported.first)
        #expect(entry.id == "r1")
        #expect(entry.file == "t.yml")
        #expect(entry.reason.contains(reason), "\(entry.reason)")
    }

    @Test func caseSensitiveRegexOnAzureKeysIsReported() throws {
        let result = try Self.convert(
            Self.rule("selection:\n  operationName|re: 'X'\ncondition: selection", product: "azure"))
        let entry = try #require(result.unsupported.first)
        #expect(entry.reason.contains("case-sensitive"))
    }

    static let base = """
        title: Base
        id: b1
        name: base
        logsource:
          product: github
        detection:
          selection:
            action: git.clone
          condition: selection
        level: low
        """

    static func correlation(_ body: String, generate: Bool = false) -> String {
        "\(base)\n---\ntitle: C\nid: c1\ncorrelation:\n\(body.split(separator: "\n").map { "  " + $0 }.joined(separator: "\n"))\n  generate: \(generate)\nlevel: high\n"
    }

    @Test func eventCountSlidesAWindowOverEachGroup() throws {
        let result = try Self.convert(
            Self.correlation("type: event_count\nrules: [base]\ngroup-by: [actor]\ntimespan: 10m\ncondition:\n  gte: 5")
        )
        #expect(result.suppressed == ["b1"])
        let c = try #require(result.converted.first)
        #expect(c.id == "c1")
        #expect(c.kind == "event_count")
        #expect(c.sql.contains("RANGE BETWEEN 600000000 PRECEDING AND CURRENT ROW"))
        #expect(c.sql.contains("PARTITION BY lower(g0)"))
        #expect(c.sql.contains("size(filter(win, w -> w.ord <= ord))"))
        #expect(c.sql.contains("(n >= 5)"))
        #expect(c.sql.contains("LAG(hit)"))
    }

    @Test func valueCountCountsDistinctFoldedValues() throws {
        let result = try Self.convert(
            Self.correlation(
                "type: value_count\nrules: [base]\ngroup-by: [actor]\ntimespan: 1h\ncondition:\n  gte: 10\n  field: repo"
            ))
        let c = try #require(result.converted.first)
        #expect(c.sql.contains("RANGE BETWEEN 3600000000 PRECEDING"))
        #expect(c.sql.contains("size(array_distinct(flatten(transform(filter(win, w -> w.ord <= ord), w -> w.vals))))"))
        #expect(c.sql.contains("transform("))
    }

    @Test func temporalCountsDistinctListedRules() throws {
        let yaml =
            Self.base
            + "\n---\ntitle: Other\nid: b2\nname: other\nlogsource:\n  product: github\ndetection:\n  selection:\n    action: repo.create\n  condition: selection\n---\ntitle: C\nid: c1\ncorrelation:\n  type: temporal\n  rules: [base, other]\n  group-by: [actor]\n  timespan: 5m\nlevel: high\n"
        let result = try Self.convert(yaml)
        let c = try #require(result.converted.first { $0.id == "c1" })
        #expect(c.sql.contains("(n >= 2)"))
        #expect(c.sql.contains("UNION ALL"))
        #expect(!c.sql.contains("AS dup"))
    }

    @Test(arguments: [
        ("value_sum", "aggregate(transform(filter(win, w -> w.ord <= ord)"),
        ("value_avg", ") / size(transform(filter(win, w -> w.ord <= ord)"),
        ("value_percentile", "sort_array(transform(filter(win, w -> w.ord <= ord)"),
    ])
    func metricCorrelationsAggregateTheWindowsNumbers(type: String, expected: String) throws {
        let percentile = type == "value_percentile" ? "\n  percentile: 90" : ""
        let result = try Self.convert(
            Self.correlation(
                "type: \(type)\nrules: [base]\ngroup-by: [actor]\ntimespan: 10m\ncondition:\n  gte: 5\n  field: n\(percentile)"
            ))
        let c = try #require(result.converted.first)
        #expect(c.sql.contains(expected), "\(c.sql)")
        #expect(c.sql.contains("try_cast(trim(s) AS DOUBLE)"))
    }

    @Test func newValueReportsFirstOccurrencesAfterTheBaseline() throws {
        let result = try Self.convert(
            Self.correlation(
                "type: new_value\nrules: [base]\ngroup-by: [actor]\nfield: actor_ip\nbaseline-until: 2022-12-21"))
        let c = try #require(result.converted.first)
        #expect(c.kind == "new_value")
        #expect(c.sql.contains("PARTITION BY lower(g0), v ORDER BY ts, file, record, line"))
        #expect(c.sql.contains("rn = 1 AND ts >= 1671580800000000"))
    }

    @Test func newValueWithABaselinePeriodStartsAtTheEarliestMatch() throws {
        let result = try Self.convert(
            Self.correlation("type: new_value\nrules: [base]\ngroup-by: [actor]\nfield: actor_ip\nbaseline: 1d"))
        let c = try #require(result.converted.first)
        #expect(c.sql.contains("ts >= (SELECT MIN(ts) FROM k) + 86400000000"))
    }

    @Test func generateKeepsTheBaseRuleReported() throws {
        let result = try Self.convert(
            Self.correlation(
                "type: event_count\nrules: [base]\ngroup-by: [actor]\ntimespan: 10m\ncondition:\n  gte: 5",
                generate: true))
        #expect(result.suppressed.isEmpty)
        #expect(result.converted.map(\.id) == ["b1", "c1"])
    }

    @Test(arguments: [
        ("type: temporal_ordered\nrules: [base]\ngroup-by: [actor]\ntimespan: 10m", "temporal_ordered"),
        ("type: event_count\nrules: [nothere]\ngroup-by: [actor]\ntimespan: 10m\ncondition:\n  gte: 5", "nothere"),
    ])
    func unsupportedCorrelationIsReported(body: String, reason: String) throws {
        let (documents, _) = RuleLoader.check(text: Self.correlation(body), file: "t.yml")
        let result = SQLConverter().convert(documents, placeholders: [:], target: .sparkSQL, table: "events")
        let entry = try #require(result.unsupported.first { $0.id == "c1" })
        #expect(entry.reason.contains(reason), "\(entry.reason)")
    }

    @Test func chainedCorrelationIsReported() throws {
        let yaml =
            Self.correlation("type: event_count\nrules: [base]\ngroup-by: [actor]\ntimespan: 10m\ncondition:\n  gte: 5")
            .replacingFirst("id: c1", with: "id: c1\nname: inner")
            + "---\ntitle: Outer\nid: c2\ncorrelation:\n  type: event_count\n  rules: [inner]\n  group-by: [actor]\n  timespan: 1h\n  condition:\n    gte: 2\nlevel: high\n"
        let result = try Self.convert(yaml)
        let entry = try #require(result.unsupported.first { $0.id == "c2" })
        #expect(entry.reason.contains("correlation over another correlation"))
        #expect(result.suppressed.contains("c1"))
    }

    @Test func statementsReturnTheFindingColumns() throws {
        let text = try Self.sql("selection:\n  a: b\ncondition: selection")
        #expect(
            text.hasPrefix(
                "SELECT 'r1' AS rule_id, `location`.`file` AS file, `location`.`line` AS line, `location`.`record` AS record, `@timestamp` AS timestamp\nFROM events\n"
            ))
    }

    @Test func runnerListsUnsupportedRulesWithTheReason() throws {
        let yaml = Self.rule("selection:\n  a|base64: x\ncondition: selection")
        let out = ConvertRunner().run(ruleFiles: [("t.yml", yaml)], builtin: false, target: .sparkSQL)
        #expect(
            out.unsupported == ["t.yml: rule 'r1' not converted: modifier 'base64' (field 'a') has no SQL translation"])
        #expect(out.sql.contains("-- unsupported: r1 | t.yml | modifier 'base64'"))
        #expect(out.sql.contains("-- spark-schema: `@timestamp` STRING, `event` STRUCT<"))
    }

    @Test func schemaKeepsRawAsText() {
        #expect(
            EventSchema.sparkDDL.contains(
                "`raw` STRING, `location` STRUCT<`file`: STRING, `line`: BIGINT, `record`: BIGINT>"))
        let athena = EventSchema.athenaDDL(table: "events", location: "s3://b/p/")
        #expect(athena.contains("`raw` string"))
        #expect(athena.contains("org.openx.data.jsonserde.JsonSerDe"))
    }
}

extension String {
    fileprivate func replacingFirst(_ a: String, with b: String) -> String {
        guard let r = range(of: a) else { return self }
        return replacingCharacters(in: r, with: b)
    }
}
