import LogHuntCore
import LogHuntEngine
import LogHuntNormalize

/// How the table is laid out.
package struct TableOptions: Sendable, Hashable {
    /// The terminal width in columns; nil when standard output is not a terminal (no fitting).
    package var width: Int?
    /// Colour the level column and the header (the caller decides; see `ANSIStyle.shouldColor`).
    package var color: Bool

    /// Creates options.
    package init(width: Int? = nil, color: Bool = false) {
        self.width = width
        self.color = color
    }
}

/// The default format: one aligned row per finding, for a person at a terminal.
///
/// Every cell is passed through `TerminalText.escape`, so nothing from a log can move the
/// cursor, change colours or reorder text. Columns shrink (with `…`) to fit `width`.
package struct TableWriter: FindingWriter {
    /// The columns, in order.
    package enum Column: String, Sendable, CaseIterable {
        case time = "TIME"
        case level = "LEVEL"
        case rule = "RULE"
        case provider = "PROVIDER"
        case actor = "ACTOR"
        case source = "SOURCE"
        case credential = "CREDENTIAL"
        case target = "TARGET"
        case location = "LOCATION"

        /// The narrowest a column may get before it is dropped.
        var minimum: Int {
            switch self {
            case .time: 20
            case .level: 4
            case .provider: 6
            default: 8
            }
        }

        /// The narrowest a column gets while there are columns left to drop instead.
        var comfortable: Int {
            switch self {
            case .time: 20
            case .level: 13
            case .rule: 24
            case .provider: 6
            case .actor: 14
            case .source: 16
            case .location: 16
            default: 12
            }
        }
    }

    /// Columns given up first when even their minimum widths do not fit.
    private static let dropOrder: [Column] = [.provider, .target, .credential, .location, .source, .actor]
    private static let gap = 2
    /// No column is wider than this, terminal or not.
    private static let maximum = 120

    /// Layout options.
    package var options: TableOptions

    /// Creates the writer.
    package init(options: TableOptions = TableOptions()) { self.options = options }

    package func render(_ findings: [Finding], context: ReportContext) -> [UInt8] {
        guard !findings.isEmpty else { return [] }
        let rows = findings.map(Self.cells)
        let (columns, widths) = layout(rows)
        var out = ""
        out += line(columns.map { $0.rawValue }, columns: columns, widths: widths, level: nil, header: true)
        for (row, f) in zip(rows, findings) {
            let cells = columns.map { row[$0] ?? "-" }
            out += line(cells, columns: columns, widths: widths, level: f.rule.level, header: false)
        }
        return Array(out.utf8)
    }

    /// The escaped cells of one finding.
    package static func cells(_ f: Finding) -> [Column: String] {
        func field(_ field: ECSField) -> String? { FindingEncoder.pivotValue(f, field) ?? f.event?.fields[field] }
        var c: [Column: String] = [:]
        c[.time] = f.timestamp.map { String($0.iso8601.prefix(19)) + "Z" } ?? "-"
        c[.level] = f.rule.level.name
        c[.rule] = f.rule.title
        c[.provider] = f.event?.provider.rawValue ?? "-"
        c[.actor] = field(.userName) ?? "-"
        var source = field(.sourceIP) ?? f.event?.fields[.sourceAddress] ?? "-"
        if let cc = f.event?.fields[.country] { source += " (\(cc))" }
        c[.source] = source
        c[.credential] = field(.credentialID) ?? "-"
        c[.target] = field(.targetName) ?? "-"
        c[.location] = "\(f.location.file):\(f.location.line)"
        return c.mapValues(TerminalText.escape)
    }

    /// Which columns to show and how wide, for these rows and `options.width`.
    private func layout(_ rows: [[Column: String]]) -> ([Column], [Column: Int]) {
        var widths: [Column: Int] = [:]
        for col in Column.allCases {
            var w = TerminalText.width(col.rawValue)
            for r in rows { w = max(w, TerminalText.width(r[col] ?? "-")) }
            widths[col] = min(w, Self.maximum)
        }
        var columns = Column.allCases
        guard let total = options.width else { return (columns, widths) }
        func needed(_ cols: [Column], _ ws: [Column: Int]) -> Int {
            cols.reduce(0) { $0 + (ws[$1] ?? 0) } + Self.gap * max(0, cols.count - 1)
        }
        func floor(_ col: Column, comfortable: Bool) -> Int {
            min(widths[col] ?? 0, max(comfortable ? col.comfortable : col.minimum, TerminalText.width(col.rawValue)))
        }
        func fits(_ cols: [Column], comfortable: Bool) -> Bool {
            needed(cols, Dictionary(uniqueKeysWithValues: cols.map { ($0, floor($0, comfortable: comfortable)) }))
                <= total
        }
        // Drop columns, least useful first, until the rest fit at comfortable widths (or, when
        // that is not possible even for one column, at their minimum widths).
        var drop = Self.dropOrder[...]
        while !fits(columns, comfortable: true), let next = drop.popFirst() {
            columns.removeAll { $0 == next }
        }
        let comfortable = fits(columns, comfortable: true)
        // Shrink the widest shrinkable column, one column at a time, until the row fits.
        var excess = needed(columns, widths) - total
        while excess > 0 {
            guard
                let widest = columns.filter({ (widths[$0] ?? 0) > floor($0, comfortable: comfortable) })
                    .max(by: { (widths[$0] ?? 0) < (widths[$1] ?? 0) })
            else { break }
            widths[widest, default: 0] -= 1
            excess -= 1
        }
        return (columns, widths)
    }

    private func line(_ cells: [String], columns: [Column], widths: [Column: Int], level: Level?, header: Bool)
        -> String
    {
        var parts: [String] = []
        for (k, (cell, col)) in zip(cells, columns).enumerated() {
            let w = widths[col] ?? 0
            let cut = TerminalText.truncate(cell, to: w)
            var text = k == columns.count - 1 ? cut : TerminalText.pad(cut, to: w)
            if options.color {
                if header {
                    text = ANSIStyle.bold + text + ANSIStyle.reset
                } else if col == .level, let level {
                    text = ANSIStyle.sequence(for: level) + text + ANSIStyle.reset
                }
            }
            parts.append(text)
        }
        return parts.joined(separator: String(repeating: " ", count: Self.gap)) + "\n"
    }
}
