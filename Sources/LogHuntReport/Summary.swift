import LogHuntCore
import LogHuntEngine

/// The counts of one run, reported in JSON output, SARIF run properties and on standard error.
package struct Summary: Sendable, Hashable {
    /// Input files read.
    package var files: Int
    /// Records read (good or bad).
    package var records: Int
    /// Records normalised into events.
    package var events: Int
    /// Records or files that could not be read.
    package var malformed: Int
    /// Findings reported.
    package var findings: Int
    /// Findings per rule level.
    package var byLevel: [Level: Int]

    /// Creates a summary.
    package init(
        files: Int = 0, records: Int = 0, events: Int = 0, malformed: Int = 0, findings: Int = 0,
        byLevel: [Level: Int] = [:]
    ) {
        self.files = files
        self.records = records
        self.events = events
        self.malformed = malformed
        self.findings = findings
        self.byLevel = byLevel
    }

    /// Counts `finding` in `findings` and `byLevel`.
    /// - Parameter finding: the finding to count.
    package mutating func count(_ finding: Finding) {
        findings += 1
        byLevel[finding.rule.level, default: 0] += 1
    }

    /// `by_level` as a JSON object, every level present, most severe first.
    package var byLevelJSON: JSONValue {
        .object(Level.allCases.reversed().map { JSONMember(key: $0.name, value: .int(byLevel[$0] ?? 0)) })
    }

    /// The contract's `summary` object.
    package var json: JSONValue {
        .object([
            JSONMember(key: "files", value: .int(files)),
            JSONMember(key: "records", value: .int(records)),
            JSONMember(key: "events", value: .int(events)),
            JSONMember(key: "malformed", value: .int(malformed)),
            JSONMember(key: "findings", value: .int(findings)),
            JSONMember(key: "by_level", value: byLevelJSON),
        ])
    }

    /// The last line on standard error: `loghunt: 3 files, 1,204 records, 1,200 events,
    /// 4 malformed, 5 findings (2 high, 3 medium) in 1.2s`.
    /// - Parameter elapsedSeconds: run time to append, if known.
    /// - Returns: the line, without a newline.
    package func line(elapsedSeconds: Double? = nil) -> String {
        var s = "loghunt: \(plural(files, "file")), \(plural(records, "record")), \(plural(events, "event")), "
        s += "\(malformed.grouped) malformed, \(plural(findings, "finding"))"
        let levels = Level.allCases.reversed().compactMap { l -> String? in
            guard let n = byLevel[l], n > 0 else { return nil }
            return "\(n.grouped) \(l.name)"
        }
        if !levels.isEmpty { s += " (" + levels.joined(separator: ", ") + ")" }
        if let elapsedSeconds { s += " in " + ProgressFormatter.duration(elapsedSeconds) }
        return s
    }
}

private func plural(_ n: Int, _ noun: String) -> String { "\(n.grouped) \(noun)\(n == 1 ? "" : "s")" }

extension Int {
    /// The number with thousands separators: `1,234,567`.
    package var grouped: String {
        let digits = String(self.magnitude)
        var out = ""
        for (k, c) in digits.enumerated() {
            if k > 0, (digits.count - k) % 3 == 0 { out.append(",") }
            out.append(c)
        }
        return self < 0 ? "-" + out : out
    }
}
