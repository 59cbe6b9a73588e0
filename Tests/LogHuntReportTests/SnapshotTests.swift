import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import Testing

@testable import LogHuntReport

/// Golden output of every format, built from `ReportFixtures`.
@Suite struct SnapshotTests {
    let findings = ReportFixtures.findings.sorted(by: Finding.reportOrder)
    let context = ReportContext(
        toolVersion: "0.1.0-test", summary: ReportFixtures.summary, diagnostics: ReportFixtures.diagnostics)

    @Test func tablePlain() {
        let out = TableWriter(options: TableOptions(width: nil, color: false)).render(findings, context: context)
        Snapshot.expect(out, named: "tablePlain.txt")
    }

    @Test func tableNarrowColoured() {
        let out = TableWriter(options: TableOptions(width: 100, color: true)).render(findings, context: context)
        Snapshot.expect(out, named: "tableNarrowColoured.txt")
    }

    @Test func json() {
        Snapshot.expect(JSONWriter().render(findings, context: context), named: "json.json", json: true)
    }

    @Test func jsonLines() {
        Snapshot.expect(JSONLinesWriter().render(findings, context: context), named: "jsonLines.jsonl", json: true)
    }

    @Test func csv() {
        Snapshot.expect(CSVWriter().render(findings, context: context), named: "csv.csv")
    }

    @Test func sarif() {
        let options = SARIFOptions(
            baseDirectory: "/var", recordPointerPrefix: ["/var/logs/trail.json": "/Records"])
        Snapshot.expect(
            SARIFWriter(options: options).render(findings, context: context), named: "sarif.sarif", json: true)
    }

    @Test func normalizeEvents() {
        let w = EventWriter()
        let out = [ReportFixtures.githubEvent, ReportFixtures.awsEvent, ReportFixtures.entraEvent].flatMap(w.line)
        Snapshot.expect(out, named: "normalizeEvents.jsonl")
    }

    @Test func eventTimeline() {
        let events = [ReportFixtures.awsEvent, ReportFixtures.githubEvent, ReportFixtures.entraEvent]
        Snapshot.expect(EventTableWriter(options: TableOptions(width: 120)).render(events), named: "eventTimeline.txt")
    }

    @Test func statsTableAndJSON() {
        var stats = StatsAccumulator()
        for e in [
            ReportFixtures.githubEvent, ReportFixtures.githubEvent, ReportFixtures.awsEvent, ReportFixtures.entraEvent,
        ] {
            stats.add(e)
        }
        Snapshot.expect(StatsWriter(top: 3, width: 100).table(stats), named: "statsTable.txt")
        Snapshot.expect(StatsWriter(top: 3).json(stats), named: "stats.json", json: true)
    }

    @Test func diagnosticsAndSummary() {
        let f = DiagnosticFormatter()
        var lines = ReportFixtures.diagnostics.map(f.line)
        lines += ReportFixtures.diagnostics.map(f.ruleCheckLine)
        lines.append(f.ruleCheckSummary(rules: 12, errors: 1, warnings: 1))
        lines.append(ReportFixtures.summary.line(elapsedSeconds: 1.25))
        lines.append(
            ProgressFormatter.line(
                ProgressSnapshot(
                    files: 3, totalFiles: 10, bytes: 126_353_408, events: 45_000, findings: 12, elapsedSeconds: 2))
        )
        Snapshot.expect(Array((lines.joined(separator: "\n") + "\n").utf8), named: "diagnostics.txt")
    }
}

/// JSON and JSON Lines escape what a terminal would act on, and keep raw records intact.
@Suite struct JSONWriterTests {
    @Test func noControlOrBidiCharacterInJSON() {
        for out in [
            JSONWriter().render(ReportFixtures.findings, context: ReportFixtures.context),
            JSONLinesWriter().render(ReportFixtures.findings, context: ReportFixtures.context),
            SARIFWriter().render(ReportFixtures.findings, context: ReportFixtures.context),
        ] {
            let text = String(decoding: out, as: UTF8.self)
            for s in text.unicodeScalars where s != "\n" {
                #expect(!TerminalText.needsEscape(s), "U+\(String(s.value, radix: 16))")
            }
        }
    }

    @Test func jsonLinesIsOneFindingPerLine() throws {
        let out = JSONLinesWriter().render(ReportFixtures.findings, context: ReportFixtures.context)
        let lines = out.split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(lines.count == ReportFixtures.findings.count + 1)
        let last = try #require(lines.last)
        #expect(last.isEmpty)
        for line in lines.dropLast() {
            let v = try JSONParser.parse(Array(line)).value()
            #expect(v["rule"]?["id"] != nil)
            #expect(v["location"] != nil)
        }
    }

    /// A clean raw record is copied byte for byte; a pretty-printed one is re-encoded compactly
    /// and keeps its values.
    @Test func rawRecordVerbatimOrReencoded() throws {
        let gh = ReportFixtures.githubEvent
        let line = EventWriter().line(gh)
        let rawText = String(decoding: gh.raw.rawBytes(gh.raw.root), as: UTF8.self)
        let ascii = rawText.unicodeScalars.allSatisfy { $0.isASCII }
        let plain = ReportFixtures.event(
            #"{"b": 1,  "a":"x"}"#, provider: .github, file: "f", line: 1, record: 0, time: nil, fields: [:])
        #expect(String(decoding: EventWriter().line(plain), as: UTF8.self).contains(#""raw":{"b": 1,  "a":"x"}"#))
        #expect(ascii)
        let aws = EventWriter().line(ReportFixtures.awsEvent)
        #expect(!aws.dropLast().contains(0x0A))
        let parsed = try JSONParser.parse(Array(aws.dropLast())).value()
        #expect(parsed["raw"] == ReportFixtures.awsEvent.raw.value())
        #expect(try JSONParser.parse(Array(line.dropLast())).value()["raw"] == gh.raw.value())
    }

    @Test func ecsNestingKeepsConflictingNames() {
        var o = ECSObject()
        o.set("user.name", .string("a"))
        o.set("user.id", .string("1"))
        o.set("actor", .string("x"))
        o.set("actor.id", .string("y"))
        o.set("source.geo.country_iso_code", .string("RO"))
        #expect(
            o.value.serialized()
                == #"{"user":{"name":"a","id":"1"},"actor":"x","actor.id":"y","source":{"geo":{"country_iso_code":"RO"}}}"#
        )
    }

    @Test func contractShape() throws {
        let out = JSONWriter(indent: nil).render(ReportFixtures.findings, context: ReportFixtures.context)
        let v = try JSONParser.parse(out).value()
        #expect(v["tool"]?["name"] == .string("loghunt"))
        #expect(v["summary"]?["by_level"]?["high"] == .number("1"))
        #expect(v["summary"]?["findings"] == .number("5"))
        guard case .array(let errors)? = v["errors"], case .array(let findings)? = v["findings"] else {
            Issue.record("missing arrays")
            return
        }
        #expect(errors.count == 4)
        let firstError = try #require(errors.first)
        #expect(firstError["line"] == .number("12"))
        #expect(findings.count == 5)
        let gh = findings[1]
        #expect(gh["event"]?["source"]?["geo"]?["country_iso_code"] == .string("RO"))
        #expect(gh["pivot"]?["credential.id"] == .string("tok+Hash="))
        #expect(gh["timestamp"] == .string("2022-12-23T01:33:25Z"))
        #expect(findings[2]["related_omitted"] == .number("2"))
        #expect(findings[2]["event"]?["event"]?["kind"] == .string("correlation"))
    }
}
