import Foundation
import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import LogHuntTestSupport
import Testing

@testable import LogHuntReport

@Suite struct SARIFWriterTests {
    let findings = ReportFixtures.findings.sorted(by: Finding.reportOrder)

    /// Runs Python's jsonschema (Draft7Validator, CONVENTIONS §1.2) on the output.
    static func validate(_ bytes: [UInt8]) throws -> (status: Int32, output: String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loghunt-sarif-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("out.sarif")
        try Data(bytes).write(to: file)
        let script = """
            import json,sys,jsonschema
            s=json.load(open(sys.argv[1])); d=json.load(open(sys.argv[2]))
            errs=sorted(jsonschema.Draft7Validator(s).iter_errors(d), key=lambda e: list(e.absolute_path))
            [print("/".join(map(str,e.absolute_path)), "-", e.message[:200]) for e in errs]
            print(len(errs), "errors"); sys.exit(1 if errs else 0)
            """
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = ["python3", "-c", script, TestPaths.shared("schemas/sarif-schema-2.1.0.json"), file.path]
        let pipe = Pipe()
        p.standardOutput = pipe
        p.standardError = pipe
        try p.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    @Test func validAgainstSchema() throws {
        let out = SARIFWriter().render(findings, context: ReportFixtures.context)
        let (status, output) = try Self.validate(out)
        #expect(status == 0, "\(output)")
        #expect(output.contains("0 errors"))
    }

    @Test func emptyRunIsValidAndHasResults() throws {
        let out = SARIFWriter().render([], context: ReportContext(toolVersion: "0.1.0"))
        let (status, output) = try Self.validate(out)
        #expect(status == 0, "\(output)")
        let log = try JSONParser.parse(out).value()
        let run = try #require(Self.run(log))
        #expect(run["results"] == .array([]))
        #expect(run["tool"]?["driver"]?["rules"] == .array([]))
    }

    @Test func cappedRunIsValid() throws {
        let out = SARIFWriter(options: SARIFOptions(maxResults: 2, maxNotificationsPerFile: 1))
            .render(findings, context: ReportFixtures.context)
        let (status, output) = try Self.validate(out)
        #expect(status == 0, "\(output)")
        // Without a base directory, the absolute input path is relative to a declared ROOT.
        let run = try #require(Self.run(try JSONParser.parse(out).value()))
        #expect(run["originalUriBaseIds"]?["ROOT"]?["uri"] == .string("file:///"))
        // Every rule that produced a finding is listed, even when its results were left out.
        guard case .array(let rules)? = run["tool"]?["driver"]?["rules"] else {
            Issue.record("no rules")
            return
        }
        #expect(rules.count == 5)
    }

    static func run(_ log: JSONValue) -> JSONValue? {
        guard case .array(let runs)? = log["runs"], runs.count == 1 else { return nil }
        return runs[0]
    }

    static func results(_ bytes: [UInt8]) throws -> [JSONValue] {
        let run = try #require(run(try JSONParser.parse(bytes).value()))
        guard case .array(let results)? = run["results"] else { return [] }
        return results
    }

    @Test func rulesLevelsAndSeverity() throws {
        let out = SARIFWriter().render(findings, context: ReportFixtures.context)
        let run = try #require(Self.run(try JSONParser.parse(out).value()))
        guard case .array(let rules)? = run["tool"]?["driver"]?["rules"] else {
            Issue.record("no rules")
            return
        }
        #expect(rules.count == 5)
        var byID: [String: JSONValue] = [:]
        for r in rules { byID[r["id"]?.stringValue ?? ""] = r }
        let expected: [(String, String, String)] = [
            ("aws-exposed-key", "error", "9.5"), (ReportFixtures.cloneRule.id, "error", "8.0"),
            ("burst-001", "warning", "5.5"), ("entra-signin", "note", "2.0"), ("info-1", "note", "0.0"),
        ]
        for (id, level, severity) in expected {
            let r = try #require(byID[id])
            #expect(r["defaultConfiguration"]?["level"]?.stringValue == level)
            let s = try #require(r["properties"]?["security-severity"]?.stringValue)
            #expect(s == severity)
            #expect(Double(s) != nil)
            for key in ["shortDescription", "fullDescription", "help"] {
                let text = try #require(r[key]?["text"]?.stringValue)
                #expect(!text.isEmpty)
            }
        }
        let clone = try #require(byID[ReportFixtures.cloneRule.id])
        #expect(
            clone["properties"]?["tags"]
                == .array([.string("security"), .string("attack.t1078"), .string("attack.initial-access")]))
        // ruleIndex points at the rule with ruleId.
        for result in try Self.results(out) {
            guard case .number(let n)? = result["ruleIndex"], let i = Int(n) else {
                Issue.record("no ruleIndex")
                continue
            }
            #expect(rules[i]["id"] == result["ruleId"])
        }
    }

    @Test func tagsCappedAtTwenty() {
        let r = RuleInfo(id: "x", title: "x", level: .low, tags: (0..<30).map { "t\($0)" })
        guard case .array(let tags)? = SARIFWriter.descriptor(r)["properties"]?["tags"] else {
            Issue.record("no tags")
            return
        }
        #expect(tags.count == 20)
        #expect(tags.first == .string("security"))
    }

    @Test func locationsAreRelativeAndEncoded() throws {
        let options = SARIFOptions(baseDirectory: "/var", recordPointerPrefix: ["/var/logs/trail.json": "/Records"])
        let results = try Self.results(SARIFWriter(options: options).render(findings, context: ReportFixtures.context))
        let uris = results.compactMap {
            $0["locations"].flatMap(Self.first)?["physicalLocation"]?["artifactLocation"]?["uri"]?.stringValue
        }
        #expect(
            uris == [
                "logs/trail.json", "logs/github%20audit.ndjson", "logs/github%20audit.ndjson", "logs/signin.json",
                "stdin",
            ])
        let aws = try #require(results.first)
        let logical = try #require(aws["locations"].flatMap(Self.first)?["logicalLocations"].flatMap(Self.first))
        #expect(logical["fullyQualifiedName"] == .string("/Records/1"))
        #expect(aws["locations"].flatMap(Self.first)?["physicalLocation"]?["region"]?["startLine"] == .number("3"))
        #expect(SARIFURI.uri(forPath: "./a b/ü#.json", base: nil) == "a%20b/%C3%BC%23.json")
        #expect(SARIFURI.uri(forPath: "/elsewhere/x.json", base: "/var") == "elsewhere/x.json")
        #expect(SARIFURI.baseID(forPath: "/elsewhere/x.json", base: "/var") == "ROOT")
        #expect(SARIFURI.baseID(forPath: "/var/x.json", base: "/var") == nil)
        #expect(SARIFURI.baseID(forPath: "x.json", base: nil) == nil)
    }

    static func first(_ v: JSONValue) -> JSONValue? {
        if case .array(let a) = v { return a.first }
        return nil
    }

    static func fingerprints(_ bytes: [UInt8]) throws -> [String] {
        try results(bytes).compactMap { $0["partialFingerprints"]?[Fingerprint.key]?.stringValue }
    }

    @Test func fingerprintsStableAndUnique() throws {
        let a = try Self.fingerprints(SARIFWriter().render(findings, context: ReportFixtures.context))
        let b = try Self.fingerprints(
            SARIFWriter().render(
                ReportFixtures.findings.sorted(by: Finding.reportOrder), context: ReportFixtures.context))
        #expect(a.count == findings.count)
        #expect(a == b)
        #expect(Set(a).count == a.count)
        let results = try Self.results(SARIFWriter().render(findings, context: ReportFixtures.context))
        for r in results {
            let line = try #require(r["partialFingerprints"]?["primaryLocationLineHash"]?.stringValue)
            #expect(line.hasSuffix(":1") && line.count == 18)
        }
    }

    /// Fingerprints ignore where the record sits: moving it to another file or line keeps them.
    @Test func fingerprintsIgnoreFileAndLine() {
        let f = ReportFixtures.findings[1]
        var moved = f
        moved.location = LogHuntCore.SourceLocation(file: "elsewhere.ndjson", line: 1, record: 0)
        var movedEvent = ReportFixtures.githubEvent
        movedEvent.location = moved.location
        moved.event = movedEvent
        #expect(Fingerprint.of(f) == Fingerprint.of(moved))
        // Another rule on the same event, or another event for the same rule, differ.
        var otherRule = f
        otherRule.rule.id = "other"
        #expect(Fingerprint.of(otherRule) != Fingerprint.of(f))
        // Events without an id are told apart by their raw record, keys in any order.
        let e1 = ReportFixtures.event(
            #"{"a":1,"b":"x"}"#, provider: .entra, file: "f", line: 1, record: 0, time: nil, fields: [:])
        let e2 = ReportFixtures.event(
            #"{"b":"x","a":1}"#, provider: .entra, file: "g", line: 9, record: 8, time: nil, fields: [:])
        let e3 = ReportFixtures.event(
            #"{"a":2,"b":"x"}"#, provider: .entra, file: "f", line: 1, record: 0, time: nil, fields: [:])
        let r = ReportFixtures.signinRule
        let fp = { (e: Event) in Fingerprint.of(Finding(rule: r, timestamp: nil, location: e.location, event: e)) }
        #expect(fp(e1) == fp(e2))
        #expect(fp(e1) != fp(e3))
    }

    /// Exports reuse event ids for different records (the Entra sample does): the fingerprint
    /// still tells them apart, and still ignores where they sit.
    @Test func sharedEventIDWithDifferentRecordsGivesDistinctFingerprints() {
        let a = ReportFixtures.event(
            #"{"id":"same","x":1}"#, provider: .entra, file: "f", line: 1, record: 0, time: nil,
            fields: [.eventID: "same"])
        let b = ReportFixtures.event(
            #"{"id":"same","x":2}"#, provider: .entra, file: "f", line: 2, record: 1, time: nil,
            fields: [.eventID: "same"])
        let a2 = ReportFixtures.event(
            #"{"x":1,"id":"same"}"#, provider: .entra, file: "g", line: 9, record: 8, time: nil,
            fields: [.eventID: "same"])
        let r = ReportFixtures.signinRule
        let fp = { (e: Event) in Fingerprint.of(Finding(rule: r, timestamp: nil, location: e.location, event: e)) }
        #expect(fp(a) != fp(b))
        #expect(fp(a) == fp(a2))
    }

    @Test func resultCapKeepsMostSevereWithNotification() throws {
        let out = SARIFWriter(options: SARIFOptions(maxResults: 2)).render(findings, context: ReportFixtures.context)
        let results = try Self.results(out)
        #expect(results.map { $0["ruleId"]?.stringValue ?? "" } == ["aws-exposed-key", ReportFixtures.cloneRule.id])
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.contains("3 of 5 findings were left out"))
        #expect(text.contains(SARIFWriter.truncatedResultsID))
        #expect(SARIFOptions().maxResults == 25_000)
    }

    @Test func notificationsPerDiagnosticCappedPerFile() throws {
        var diagnostics = (1...5).map {
            Diagnostic(.warning, .malformedRecord, file: "logs/bad.ndjson", line: $0, message: "invalid JSON")
        }
        diagnostics.append(Diagnostic(.warning, .ruleError, file: "r.yml", line: 2, column: 3, message: "bad rule"))
        let out = SARIFWriter(options: SARIFOptions(maxNotificationsPerFile: 3))
            .render([], context: ReportContext(toolVersion: "1", diagnostics: diagnostics))
        let run = try #require(Self.run(try JSONParser.parse(out).value()))
        let invocation = try #require(run["invocations"].flatMap(Self.first))
        #expect(invocation["executionSuccessful"] == .bool(true))
        guard case .array(let execution)? = invocation["toolExecutionNotifications"],
            case .array(let configuration)? = invocation["toolConfigurationNotifications"]
        else {
            Issue.record("no notifications")
            return
        }
        #expect(execution.count == 4)
        #expect(execution.last?["message"]?["text"] == .string("2 more warnings in logs/bad.ndjson not listed"))
        #expect(configuration.count == 1)
        #expect(configuration.first?["descriptor"]?["id"] == .string("LH2001"))
        let (status, output) = try Self.validate(out)
        #expect(status == 0, "\(output)")
    }

    @Test func sha256KnownVectors() {
        #expect(SHA256.hex(Array("".utf8)) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: 0x61, count: 1000))
                == "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3")
    }
}

/// GitHub's real limit, with a run just over it.
@Suite struct SARIFLimitTests {
    @Test func overTwentyFiveThousandFindingsIsCappedWithNotification() {
        let rule = RuleInfo(id: "bulk", title: "Bulk", level: .low)
        let severe = RuleInfo(id: "severe", title: "Severe", level: .high)
        var findings: [Finding] = []
        for k in 0..<25_010 {
            let e = ReportFixtures.event(
                #"{"n":\#(k)}"#, provider: .github, file: "big.ndjson", line: k + 1, record: k, time: nil,
                fields: [.eventID: "id-\(k)"])
            findings.append(Finding(rule: k == 25_005 ? severe : rule, timestamp: nil, location: e.location, event: e))
        }
        let out = SARIFWriter(indent: nil).render(findings, context: ReportContext(toolVersion: "1"))
        // Counted without parsing 12 MB of JSON in a debug build: each result has one `ruleIndex`.
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.components(separatedBy: #""ruleIndex":"#).count - 1 == 25_000)
        #expect(text.contains(#""ruleId":"severe""#))
        #expect(text.contains("10 of 25010 findings were left out"))
        #expect(text.contains(#""omittedResults":10"#))
    }

    @Test func sha256AcrossBlockBoundaries() {
        let data = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        var split = SHA256()
        split.update(data[0..<3])
        split.update(data[3..<130])
        split.update(Array(data[130...]))
        var whole = SHA256()
        whole.update(AnySequence(data))
        #expect(split.finish() == whole.finish())
    }
}
