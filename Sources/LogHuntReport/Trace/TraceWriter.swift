import LogHuntCore
import LogHuntNormalize

/// `loghunt trace` output: a time-ordered timeline of every event that involves the traced
/// values, and a per-provider summary (first and last seen, source IPs, countries, user agents,
/// actions). Table for people; JSON, JSONL and CSV for tools.
package struct TraceWriter: Sendable {
    /// One traced event and the field the value was found in.
    package struct Entry: Sendable {
        package var event: Event
        package var matchedField: String
        package var value: String

        /// Creates an entry.
        package init(event: Event, matchedField: String, value: String) {
            self.event = event
            self.matchedField = matchedField
            self.value = value
        }
    }

    /// Terminal width for the table (nil: no fitting).
    package var width: Int?
    /// How many of each to list in the summary.
    package var top: Int

    /// Creates a writer.
    package init(width: Int? = nil, top: Int = 5) {
        self.width = width
        self.top = top
    }

    /// The order entries are reported in: event time, then location.
    package static func order(_ a: Entry, _ b: Entry) -> Bool {
        switch (a.event.timestamp, b.event.timestamp) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, .none): return true
        case (.none, .some): return false
        default: return a.event.location < b.event.location
        }
    }

    // MARK: JSON

    /// `{"values": […], "summary": {provider: {…}}, "events": [ECS event + "trace": {field, value}]}`.
    package func json(_ entries: [Entry], summary: TraceSummary, values: [String]) -> [UInt8] {
        var w = JSONTextWriter(indent: 2)
        w.beginObject()
        w.member("values", .array(values.map { .string($0) }))
        w.member("summary", summaryJSON(summary))
        w.key("events")
        w.beginArray()
        for e in entries { writeEntry(e, into: &w) }
        w.endArray()
        w.endObject()
        w.appendRaw(0x0A)
        return w.take()
    }

    /// One JSON object per traced event, nothing else.
    package func jsonLines(_ entries: [Entry]) -> [UInt8] {
        var out: [UInt8] = []
        for e in entries {
            var w = JSONTextWriter()
            writeEntry(e, into: &w)
            w.appendRaw(0x0A)
            out += w.take()
        }
        return out
    }

    private func writeEntry(_ e: Entry, into w: inout JSONTextWriter) {
        w.beginObject()
        if case .object(let members) = ECSObject.of(e.event).value {
            for member in members { w.member(member.key, member.value) }
        }
        w.member(
            "trace",
            .object([
                JSONMember(key: "field", value: .string(e.matchedField)),
                JSONMember(key: "value", value: .string(e.value)),
            ]))
        w.member("location", FindingEncoder.location(e.event.location))
        w.key("raw")
        RawRecord.write(e.event.raw, into: &w)
        w.endObject()
    }

    private func summaryJSON(_ s: TraceSummary) -> JSONValue {
        func counts(_ d: [String: Int]) -> JSONValue {
            .object(TraceSummary.top(d, top).map { JSONMember(key: $0.0, value: .int($0.1)) })
        }
        return .object(
            s.providers.keys.sorted().compactMap { name in
                guard let p = s.providers[name] else { return nil }
                return JSONMember(
                    key: name,
                    value: .object([
                        JSONMember(key: "events", value: .int(p.events)),
                        JSONMember(key: "first_seen", value: p.firstSeen.map { .string($0.iso8601) } ?? .null),
                        JSONMember(key: "last_seen", value: p.lastSeen.map { .string($0.iso8601) } ?? .null),
                        JSONMember(key: "matched_fields", value: counts(p.fields)),
                        JSONMember(key: "source_ips", value: counts(p.sourceIPs)),
                        JSONMember(key: "countries", value: counts(p.countries)),
                        JSONMember(key: "user_agents", value: counts(p.userAgents)),
                        JSONMember(key: "actions", value: counts(p.actions)),
                    ]))
            })
    }

    // MARK: CSV

    /// A timeline, one row an event, RFC 4180 with formula neutralisation.
    package func csv(_ entries: [Entry]) -> [UInt8] {
        var out =
            "timestamp,provider,action,outcome,user,source_ip,country,credential,target,user_agent,matched_field,file,line\r\n"
        for e in entries {
            let f = e.event.fields
            let cells = [
                e.event.timestamp?.iso8601 ?? "", e.event.provider.rawValue, f[.action] ?? "", f[.outcome] ?? "",
                f[.userName] ?? "", f[.sourceIP] ?? f[.sourceAddress] ?? "", f[.country] ?? "", f[.credentialID] ?? "",
                f[.targetName] ?? "", f[.userAgent] ?? "", e.matchedField, e.event.location.file,
                String(e.event.location.line),
            ]
            out += cells.map { CSVWriter.quote(CSVWriter.neutralise($0)) }.joined(separator: ",") + "\r\n"
        }
        return Array(out.utf8)
    }

    // MARK: Table

    /// The summary, then the timeline, every log-borne string escaped for the terminal.
    package func table(_ entries: [Entry], summary: TraceSummary, values: [String]) -> [UInt8] {
        var out = "trace: " + values.map(TerminalText.escape).joined(separator: ", ") + "\n\n"
        if summary.providers.isEmpty {
            out += "no events found\n"
            return Array(out.utf8)
        }
        for name in summary.providers.keys.sorted() {
            guard let p = summary.providers[name] else { continue }
            out +=
                "\(name): \(p.events) events, first \(p.firstSeen?.iso8601 ?? "?"), last \(p.lastSeen?.iso8601 ?? "?")\n"
            func line(_ label: String, _ d: [String: Int]) {
                let items = TraceSummary.top(d, top)
                guard !items.isEmpty else { return }
                let text = items.map { "\(TerminalText.escape($0.0)) (\($0.1))" }.joined(separator: ", ")
                out += "  " + TerminalText.pad(label, to: 12) + fit(text, indent: 14) + "\n"
            }
            line("source IPs", p.sourceIPs)
            line("countries", p.countries)
            line("user agents", p.userAgents)
            line("actions", p.actions)
            line("matched on", p.fields)
        }
        out += "\n"
        let headers = ["time", "provider", "action", "user", "source", "country", "location"]
        var rows: [[String]] = [headers]
        for e in entries {
            let f = e.event.fields
            rows.append(
                [
                    e.event.timestamp?.iso8601 ?? "-", e.event.provider.rawValue, f[.action] ?? "-",
                    f[.userName] ?? "-",
                    f[.sourceIP] ?? f[.sourceAddress] ?? "-", f[.country] ?? "-",
                    "\(e.event.location.file):\(e.event.location.line)",
                ].map(TerminalText.escape))
        }
        var widths = headers.indices.map { c in rows.map { TerminalText.width($0[c]) }.max() ?? 0 }
        widths = widths.map { min($0, 48) }
        if let width {
            // Shrink the widest columns until the row fits.
            while widths.reduce(0, +) + 2 * (widths.count - 1) > width,
                let i = widths.indices.max(by: { widths[$0] < widths[$1] }),
                widths[i] > 8
            {
                widths[i] -= 1
            }
        }
        for row in rows {
            let cells = row.enumerated().map { column, cell in
                // The location keeps its FILE:LINE tail; other columns keep their start.
                let fitted =
                    column == headers.count - 1 && TerminalText.width(cell) > widths[column]
                    ? "…" + String(cell.suffix(max(1, widths[column] - 1)))
                    : TerminalText.truncate(cell, to: widths[column])
                return TerminalText.pad(fitted, to: widths[column])
            }
            var text = cells.joined(separator: "  ")
            while text.hasSuffix(" ") { text.removeLast() }
            out += text + "\n"
        }
        return Array(out.utf8)
    }

    private func fit(_ text: String, indent: Int) -> String {
        guard let width, width > indent + 10 else { return text }
        return TerminalText.truncate(text, to: width - indent)
    }
}
