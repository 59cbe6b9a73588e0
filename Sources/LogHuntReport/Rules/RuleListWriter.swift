import LogHuntCore

/// `loghunt rules list` output: one line per rule (id, title, level, logsource, file) as an
/// aligned table, or a JSON array.
package struct RuleListWriter: Sendable {
    /// One listed rule.
    package struct Row: Sendable, Hashable {
        package var id: String
        package var title: String
        package var level: String
        package var kind: String
        package var logsource: String
        package var file: String
        package var line: Int

        /// Creates a row.
        package init(id: String, title: String, level: String, kind: String, logsource: String, file: String, line: Int)
        {
            self.id = id
            self.title = title
            self.level = level
            self.kind = kind
            self.logsource = logsource
            self.file = file
            self.line = line
        }
    }

    /// Terminal width (nil: no fitting).
    package var width: Int?

    /// Creates a writer.
    package init(width: Int? = nil) { self.width = width }

    /// The rows as a table with a header, escaped for the terminal.
    package func table(_ rows: [Row]) -> [UInt8] {
        var cells: [[String]] = [["id", "title", "level", "kind", "logsource", "file"]]
        for r in rows {
            cells.append([r.id, r.title, r.level, r.kind, r.logsource, "\(r.file):\(r.line)"].map(TerminalText.escape))
        }
        var widths = cells[0].indices.map { c in cells.map { TerminalText.width($0[c]) }.max() ?? 0 }
        if let width {
            while widths.reduce(0, +) + 2 * (widths.count - 1) > width,
                let i = widths.indices.max(by: { widths[$0] < widths[$1] }), widths[i] > 10
            {
                widths[i] -= 1
            }
        }
        var out = ""
        for row in cells {
            var line = row.enumerated().map {
                TerminalText.pad(TerminalText.truncate($0.element, to: widths[$0.offset]), to: widths[$0.offset])
            }.joined(separator: "  ")
            while line.hasSuffix(" ") { line.removeLast() }
            out += line + "\n"
        }
        return Array(out.utf8)
    }

    /// The rows as a JSON array of objects.
    package func json(_ rows: [Row]) -> [UInt8] {
        let value = JSONValue.array(
            rows.map { r in
                .object([
                    JSONMember(key: "id", value: .string(r.id)), JSONMember(key: "title", value: .string(r.title)),
                    JSONMember(key: "level", value: .string(r.level)), JSONMember(key: "kind", value: .string(r.kind)),
                    JSONMember(key: "logsource", value: .string(r.logsource)),
                    JSONMember(key: "file", value: .string(r.file)), JSONMember(key: "line", value: .int(r.line)),
                ])
            })
        var w = JSONTextWriter(indent: 2)
        w.value(value)
        w.appendRaw(0x0A)
        return w.take()
    }
}
