import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize

@testable import LogHuntReport

/// Hand-made findings and events covering every shape the writers meet.
enum ReportFixtures {
    static func document(_ text: String) -> JSONDocument {
        (try? JSONParser.parse(Array(text.utf8))) ?? JSONDocument(bytes: Array("null".utf8), nodes: [])
    }

    static func event(
        _ raw: String, provider: Provider, file: String, line: Int, record: Int, time: String?,
        fields: [ECSField: String], service: String? = nil
    ) -> Event {
        var values = ECSValues()
        for (k, v) in fields { values[k] = v }
        return Event(
            location: SourceLocation(file: file, line: line, record: record), raw: document(raw), provider: provider,
            service: service, timestamp: time.flatMap { Timestamp(parsing: $0) }, fields: values)
    }

    /// A GitHub clone whose user agent carries ANSI, OSC and bidi sequences.
    static let githubEvent = event(
        #"{"@timestamp":1671759205000,"_document_id":"doc-001","action":"git.clone","actor":"acme-circleci-bot","actor_ip":"89.36.78.74","actor_location":{"country_code":"RO"},"repo":"acme/app","hashed_token":"tok+Hash=","user_agent":"git/2.39 \u001b[31mRED\u001b[0m \u001b]0;pwned\u0007 \u202egnp.exe \u009b2J"}"#,
        provider: .github, file: "logs/github audit.ndjson", line: 445, record: 444, time: "2022-12-23T01:33:25Z",
        fields: [
            .eventID: "doc-001", .action: "git.clone", .userName: "acme-circleci-bot", .sourceIP: "89.36.78.74",
            .country: "RO", .targetName: "acme/app", .credentialID: "tok+Hash=",
            .userAgent: "git/2.39 \u{1B}[31mRED\u{1B}[0m \u{1B}]0;pwned\u{07} \u{202E}gnp.exe \u{9B}2J",
            .organizationName: "acme", .outcome: "unknown",
        ], service: "audit")

    /// A CloudTrail call from a pretty-printed export, whose user name is a spreadsheet formula.
    static let awsEvent = event(
        """
        {
          "eventTime": "2022-12-22T04:05:06Z", "eventID": "e-77", "eventName": "GetObject",
          "userIdentity": {"userName": "=HYPERLINK(\\"http://x\\",\\"y\\")", "accessKeyId": "AKIAEXAMPLE"},
          "sourceIPAddress": "203.0.113.9", "requestParameters": {"bucketName": "-bucket,with\\"quote"}
        }
        """,
        provider: .aws, file: "/var/logs/trail.json", line: 3, record: 1, time: "2022-12-22T04:05:06Z",
        fields: [
            .eventID: "e-77", .action: "GetObject", .userName: "=HYPERLINK(\"http://x\",\"y\")",
            .credentialID: "AKIAEXAMPLE", .sourceIP: "203.0.113.9", .targetName: "-bucket,with\"quote",
            .outcome: "success", .region: "us-east-1", .accountID: "123456789012",
        ], service: "cloudtrail")

    /// An Entra sign-in without an event id (fingerprinted by its raw record) and a multi-line user.
    static let entraEvent = event(
        #"{"time":"2022-12-24T10:00:00Z","properties":{"userPrincipalName":"bob@contoso.com\r\n@SUM(1)","ipAddress":"2001:db8::1"},"location":"DE"}"#,
        provider: .entra, file: "logs/signin.json", line: 1, record: 0, time: "2022-12-24T10:00:00Z",
        fields: [
            .userName: "bob@contoso.com\r\n@SUM(1)", .sourceIP: "2001:db8::1", .country: "DE",
            .action: "Sign-in activity",
        ])

    static let cloneRule = RuleInfo(
        id: "2b7c9a40-4f7e-4c55-9d0b-6a1e3f2d8c11", title: "Git clone by a CI actor from a new IP", level: .high,
        tags: ["attack.t1078", "attack.initial-access", "attack.t1078"],
        description: "A CircleCI bot cloned a repository.",
        references: ["https://circleci.com/blog/jan-4-2023-incident-report/"],
        falsePositives: ["New CircleCI egress ranges"],
        status: "test", file: "Rules/github/github_clone_by_ci_actor_from_new_ip.yml")
    static let keyRule = RuleInfo(
        id: "aws-exposed-key", title: "Exposed AWS key used", level: .critical, tags: ["attack.t1552"],
        description: "An access key that was stored in CircleCI was used.", status: "stable",
        file: "Rules/aws/aws_exposed_key_used.yml")
    static let burstRule = RuleInfo(
        id: "burst-001", title: "Many reads by one actor", level: .medium, tags: [], kind: .correlation)
    static let signinRule = RuleInfo(
        id: "entra-signin", title: "Sign-in from a new country", level: .low, tags: ["attack.t1078.004"],
        status: "experimental")
    static let infoRule = RuleInfo(id: "info-1", title: "Informational marker", level: .informational)

    static var findings: [Finding] {
        [
            Finding(
                rule: keyRule, timestamp: awsEvent.timestamp, location: awsEvent.location, event: awsEvent,
                notes: ["credential listed in exposed_credentials"]),
            Finding(
                rule: cloneRule, timestamp: githubEvent.timestamp, location: githubEvent.location, event: githubEvent),
            Finding(
                rule: burstRule, timestamp: Timestamp(parsing: "2022-12-23T02:00:00Z"),
                location: SourceLocation(file: "logs/github audit.ndjson", line: 460, record: 459), event: nil,
                related: [
                    SourceLocation(file: "logs/github audit.ndjson", line: 445, record: 444),
                    SourceLocation(file: "logs/github audit.ndjson", line: 450, record: 449),
                    SourceLocation(file: "logs/other.ndjson", line: 2, record: 1),
                ], relatedOmitted: 2,
                correlation: CorrelationDetail(
                    type: "event_count",
                    group: [JSONMember(key: "user.name", value: .string("acme-circleci-bot\u{1B}[2J"))], value: 12,
                    windowStart: Timestamp(parsing: "2022-12-23T01:50:00Z"))),
            Finding(
                rule: signinRule, timestamp: entraEvent.timestamp, location: entraEvent.location, event: entraEvent),
            Finding(
                rule: infoRule, timestamp: nil, location: SourceLocation(file: "-", line: 7, record: 6), event: nil),
        ]
    }

    static var summary: Summary {
        var s = Summary(files: 4, records: 1204, events: 1200, malformed: 3)
        for f in findings { s.count(f) }
        return s
    }

    static let diagnostics: [Diagnostic] = [
        Diagnostic(
            .warning, .malformedRecord, file: "logs/bad.ndjson", line: 12,
            message: "invalid JSON: unexpected end of input at byte 40"),
        Diagnostic(.warning, .damagedGzip, file: "logs/old.json.gz", line: 900, message: "truncated gzip member"),
        Diagnostic(
            .warning, .ruleError, file: "rules/x.yml", line: 4, column: 7, message: "unknown modifier 'contians'"),
        Diagnostic(.error, .unreadableInput, message: "no input files"),
    ]

    static var context: ReportContext {
        ReportContext(toolVersion: "0.1.0-test", summary: summary, diagnostics: diagnostics)
    }
}
