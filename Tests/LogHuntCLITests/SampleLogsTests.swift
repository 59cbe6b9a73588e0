import Foundation
import LogHuntTestSupport
import Testing

/// SampleLogs/README.md lists, per built-in rule, the exact `file:line` of every finding the
/// pack must report on SampleLogs; the hunt must report exactly those.
@Suite struct SampleLogsTests {
    /// (rule id, "file:line") pairs parsed from the README's "Expected findings by rule" section.
    private func expected() throws -> Set<String> {
        let text = try String(contentsOfFile: TestPaths.inPackage("SampleLogs/README.md"), encoding: .utf8)
        guard let start = text.range(of: "## Expected findings by rule") else { return [] }
        var out = Set<String>()
        var rule: String?
        for line in text[start.upperBound...].split(separator: "\n") {
            if line.hasPrefix("## ") { break }
            if line.hasPrefix("### ") {
                rule = nil
                continue
            }
            let ticks = line.split(separator: "`", omittingEmptySubsequences: false)
            let quoted = stride(from: 1, to: ticks.count, by: 2).map { String(ticks[$0]) }
            if rule == nil, line.contains(" · "), let id = quoted.first {
                rule = id
                continue
            }
            guard let rule else { continue }
            for q in quoted where q.range(of: #":\d+$"#, options: .regularExpression) != nil {
                out.insert(rule + " " + q)
            }
        }
        return out
    }

    @Test func huntFindsExactlyWhatTheReadmeLists() throws {
        let want = try expected()
        #expect(want.count >= 20, "README lists the expected findings")
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        #expect(result.status == 0)
        var got = Set<String>()
        for f in try result.jsonLines() {
            let rule = (f["rule"] as? [String: Any])?["id"] as? String ?? "?"
            let loc = f["location"] as? [String: Any] ?? [:]
            var file = loc["file"] as? String ?? "?"
            if file.hasPrefix("SampleLogs/") { file.removeFirst("SampleLogs/".count) }
            got.insert("\(rule) \(file):\(loc["line"] as? Int ?? 0)")
        }
        let missing = want.subtracting(got).sorted()
        let unexpected = got.subtracting(want).sorted()
        #expect(missing.isEmpty, "expected but not found: \(missing.prefix(20))")
        #expect(unexpected.isEmpty, "found but not listed: \(unexpected.prefix(20))")
    }

    /// A hunt normalises events only for the fields its rules read; every reported event must
    /// still carry all of them, exactly as `loghunt normalize` prints that record.
    @Test func reportedEventsCarryEveryECSField() throws {
        let normalized = try LogHuntProcess.run(["normalize", "-q", "SampleLogs"])
        #expect(normalized.status == 0)
        func key(_ location: Any?) -> String {
            let loc = location as? [String: Any] ?? [:]
            return "\(loc["file"] as? String ?? "?"):\(loc["record"] as? Int ?? -1):\(loc["line"] as? Int ?? -1)"
        }
        var byLocation: [String: NSDictionary] = [:]
        for e in try normalized.jsonLines() {
            var ecs = e
            for k in ["raw", "location", "loghunt"] { ecs.removeValue(forKey: k) }
            byLocation[key(e["location"])] = ecs as NSDictionary
        }
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        var compared = 0
        for f in try result.jsonLines() {
            guard let event = f["event"] as? [String: Any], let want = byLocation[key(f["location"])] else { continue }
            // Windowed correlations report a summary object, not one event's fields.
            if (event["event"] as? [String: Any])?["kind"] as? String == "correlation" { continue }
            #expect(event as NSDictionary == want, "\(key(f["location"]))")
            compared += 1
        }
        #expect(compared >= 20)
    }

    @Test func everyBuiltInDetectionRuleFiresOnSampleLogs() throws {
        let list = try LogHuntProcess.run(["rules", "list", "-f", "json"])
        let rules = try #require(try list.json() as? [[String: Any]])
        let result = try LogHuntProcess.run(["hunt", "-q", "-f", "jsonl", "SampleLogs"])
        let fired = Set(try result.jsonLines().compactMap { ($0["rule"] as? [String: Any])?["id"] as? String })
        // Base rules of correlations report through their correlation; every reporting rule must fire.
        // Rules whose file carries the `# requires: geoip` marker (docs/rules.md) need `--geoip`;
        // GeoTests checks them with a database.
        let reporting = rules.filter { ($0["level"] as? String) != "informational" && !Self.requiresGeoIP($0) }
            .compactMap { $0["id"] as? String }
        #expect(rules.contains(where: Self.requiresGeoIP), "the geoip marker is found")
        let silent = reporting.filter { !fired.contains($0) }
        #expect(silent.isEmpty, "built-in rules that find nothing in SampleLogs: \(silent)")
    }

    /// Whether a `rules list -f json` entry's file says `# requires: geoip` in a comment line.
    static func requiresGeoIP(_ rule: [String: Any]) -> Bool {
        guard let file = rule["file"] as? String,
            let text = try? String(contentsOfFile: TestPaths.inPackage(file), encoding: .utf8)
        else { return false }
        return text.split(separator: "\n").contains { $0.trimmingCharacters(in: .whitespaces) == "# requires: geoip" }
    }

    @Test func everyFormatRendersTheSampleHunt() throws {
        for format in ["table", "json", "jsonl", "csv", "sarif"] {
            let result = try LogHuntProcess.run(["hunt", "-q", "-f", format, "SampleLogs"])
            #expect(result.status == 0, "\(format): \(result.stderr)")
            #expect(!result.stdout.isEmpty, "\(format) output")
        }
        let csv = try LogHuntProcess.run(["hunt", "-q", "-f", "csv", "SampleLogs"]).output
        let header = csv.split(separator: "\r\n").first.map(String.init) ?? ""
        #expect(header.lowercased().contains("timestamp"))
        // No cell may start a formula.
        for row in csv.split(separator: "\r\n").dropFirst() {
            for cell in row.split(separator: ",") {
                let c = cell.hasPrefix("\"") ? cell.dropFirst() : cell[...]
                #expect(!(c.first.map { "=+@".contains($0) } ?? false), "formula-like cell: \(cell)")
            }
        }
    }
}
