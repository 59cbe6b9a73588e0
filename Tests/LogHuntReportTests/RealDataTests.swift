import Foundation
import LogHuntCore
import LogHuntEngine
import LogHuntIngest
import LogHuntNormalize
import LogHuntTestSupport
import Testing

@testable import LogHuntReport

/// Every writer on real third-party records (read in place from ../shared/realdata).
@Suite struct RealDataTests {
    static let samples = [
        "github/test-organisation-audit-json.log", "azure_signin/test-signinlogs-raw.log",
    ]

    /// One finding per NDJSON record of a sample.
    static func findings(_ sample: String) throws -> [Finding] {
        let path = TestPaths.realData(sample)
        let data = try #require(FileManager.default.contents(atPath: path))
        let normalizer = Normalizer()
        var out: [Finding] = []
        let rule = RuleInfo(id: "real-\(sample)", title: "Every record", level: .medium, tags: ["attack.t1078"])
        for (k, line) in [UInt8](data).split(separator: 0x0A).enumerated() {
            guard let doc = try? JSONParser.parse(Array(line)) else { continue }
            let event = normalizer.normalize(
                document: doc, location: LogHuntCore.SourceLocation(file: sample, line: k + 1, record: k))
            out.append(Finding(rule: rule, timestamp: event.timestamp, location: event.location, event: event))
        }
        return out.sorted(by: Finding.reportOrder)
    }

    @Test(arguments: samples)
    func sarifValidAndFingerprintsDistinct(sample: String) throws {
        let findings = try Self.findings(sample)
        #expect(!findings.isEmpty)
        let context = ReportContext(toolVersion: "0.1.0")
        let out = SARIFWriter().render(findings, context: context)
        let (status, output) = try SARIFWriterTests.validate(out)
        #expect(status == 0, "\(output)")
        let fingerprints = try SARIFWriterTests.fingerprints(out)
        #expect(fingerprints.count == findings.count)
        #expect(fingerprints == (try SARIFWriterTests.fingerprints(SARIFWriter().render(findings, context: context))))
        // Distinct records give distinct fingerprints.
        let distinctRaw = Set(findings.compactMap { $0.event.map { RawRecord.canonical($0.raw) } })
        #expect(Set(fingerprints).count == distinctRaw.count)
    }

    @Test(arguments: samples)
    func everyFormatRenders(sample: String) throws {
        let findings = try Self.findings(sample)
        let context = ReportContext(toolVersion: "0.1.0")
        let jsonl = JSONLinesWriter().render(findings, context: context)
        let lines = jsonl.split(separator: 0x0A)
        #expect(lines.count == findings.count)
        for (line, f) in zip(lines, findings) {
            let v = try JSONParser.parse(Array(line)).value()
            #expect(v["raw"] == f.event?.raw.value())
        }
        let json = try JSONParser.parse(JSONWriter().render(findings, context: context)).value()
        guard case .array(let all)? = json["findings"] else {
            Issue.record("no findings array")
            return
        }
        #expect(all.count == findings.count)
        let table = TableWriter(options: TableOptions(width: 120)).render(findings, context: context)
        #expect(!table.contains(0x1B))
        let csv = CSVWriterTests.parse(String(decoding: CSVWriter().render(findings, context: context), as: UTF8.self))
        #expect(csv.count == findings.count + 1)
        #expect(csv.allSatisfy { $0.count == CSVWriter.header.count })
    }
}
