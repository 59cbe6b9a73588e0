import LogHuntCore
import LogHuntEngine
import LogHuntNormalize

/// `--format csv`: a timeline, one finding a row, sorted by time (RFC 4180: CRLF line ends,
/// fields with a comma, quote, CR or LF quoted, quotes doubled).
///
/// Safe to open in a spreadsheet: a log-borne cell that begins with `=`, `+`, `-`, `@`, a tab or
/// a carriage return is prefixed with `'`, so it is shown as text and never run as a formula
/// (OWASP "CSV injection").
package struct CSVWriter: FindingWriter {
    /// The header row.
    package static let header = [
        "timestamp", "level", "rule_id", "rule_title", "provider", "action", "outcome", "user_name",
        "source_ip", "country", "credential_id", "target_name", "user_agent", "file", "line", "record",
    ]

    /// Creates the writer.
    package init() {}

    package func render(_ findings: [Finding], context: ReportContext) -> [UInt8] {
        var out = ""
        out += Self.row(Self.header.map { .trusted($0) })
        for f in findings.enumerated().sorted(by: Self.timeline).map(\.element) {
            out += Self.row(Self.cells(f))
        }
        return Array(out.utf8)
    }

    /// A cell: text loghunt made itself (numbers, levels) or text from a log.
    package enum Cell: Sendable, Hashable {
        /// Written as is (still quoted when needed).
        case trusted(String)
        /// Neutralised against formula injection, then quoted when needed.
        case untrusted(String)
    }

    /// The cells of one finding.
    package static func cells(_ f: Finding) -> [Cell] {
        func field(_ name: ECSField) -> Cell {
            .untrusted(FindingEncoder.pivotValue(f, name) ?? f.event?.fields[name] ?? "")
        }
        return [
            .trusted(f.timestamp?.iso8601 ?? ""),
            .trusted(f.rule.level.name),
            .untrusted(f.rule.id),
            .untrusted(f.rule.title),
            .trusted(f.event?.provider.rawValue ?? ""),
            .untrusted(f.event?.fields[.action] ?? f.correlation?.type ?? ""),
            field(.outcome),
            field(.userName),
            field(.sourceIP),
            field(.country),
            field(.credentialID),
            field(.targetName),
            field(.userAgent),
            .untrusted(f.location.file),
            .trusted(String(f.location.line)),
            .trusted(String(f.location.record)),
        ]
    }

    /// One CSV line, with CRLF.
    package static func row(_ cells: [Cell]) -> String {
        cells.map { cell in
            switch cell {
            case .trusted(let s): quote(s)
            case .untrusted(let s): quote(neutralise(s))
            }
        }.joined(separator: ",") + "\r\n"
    }

    /// `text` prefixed with `'` when a spreadsheet would read it as a formula.
    /// - Parameter text: a cell's text.
    /// - Returns: the text, safe to open.
    package static func neutralise(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return text }
        switch first {
        case "=", "+", "-", "@", "\t", "\r", "\u{FF1D}", "\u{FF0B}", "\u{FF0D}", "\u{FF20}": return "'" + text
        default: return text
        }
    }

    /// RFC 4180 quoting: the field in quotes (inner quotes doubled) when it holds a comma,
    /// quote, CR or LF.
    package static func quote(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0D || $0 == 0x0A }) else { return text }
        var out = "\""
        for c in text.unicodeScalars {
            if c == "\"" { out += "\"\"" } else { out.unicodeScalars.append(c) }
        }
        return out + "\""
    }

    /// Time order (findings without a time last), stable for equal times.
    private static func timeline(_ a: (offset: Int, element: Finding), _ b: (offset: Int, element: Finding)) -> Bool {
        switch (a.element.timestamp, b.element.timestamp) {
        case (let x?, let y?) where x != y: return x < y
        case (.some, .none): return true
        case (.none, .some): return false
        default: return a.offset < b.offset
        }
    }
}
