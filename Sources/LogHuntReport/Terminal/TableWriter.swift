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
/// cursor, change colours or reorder text. Columns shrink (with `…`) or are dropped to fit `width`.
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

        /// The column's layout.
        var layout: TextTable.Column {
            switch self {
            case .time: TextTable.Column(rawValue, minimum: 20, comfortable: 20)
            case .level: TextTable.Column(rawValue, minimum: 4, comfortable: 13)
            case .rule: TextTable.Column(rawValue, comfortable: 24)
            case .provider: TextTable.Column(rawValue, minimum: 6, comfortable: 6, dropOrder: 0)
            case .actor: TextTable.Column(rawValue, comfortable: 14, dropOrder: 5)
            case .source: TextTable.Column(rawValue, comfortable: 16, dropOrder: 4)
            case .credential: TextTable.Column(rawValue, dropOrder: 2)
            case .target: TextTable.Column(rawValue, dropOrder: 1)
            case .location: TextTable.Column(rawValue, comfortable: 16, dropOrder: 3)
            }
        }
    }

    /// Layout options.
    package var options: TableOptions

    /// Creates the writer.
    package init(options: TableOptions = TableOptions()) { self.options = options }

    package func render(_ findings: [Finding], context: ReportContext) -> [UInt8] {
        guard !findings.isEmpty else { return [] }
        let table = TextTable(
            columns: Column.allCases.map(\.layout),
            rows: findings.map { f in
                let c = Self.cells(f)
                return Column.allCases.map { c[$0] ?? "-" }
            },
            rowStyles: findings.map { ANSIStyle.sequence(for: $0.rule.level) },
            styledColumn: Column.allCases.firstIndex(of: .level))
        return Array(table.render(width: options.width, color: options.color).utf8)
    }

    /// The escaped cells of one finding.
    package static func cells(_ f: Finding) -> [Column: String] {
        func field(_ field: ECSField) -> String? { FindingEncoder.pivotValue(f, field) ?? f.event?.fields[field] }
        var c: [Column: String] = [:]
        c[.time] = f.timestamp.map(Self.time) ?? "-"
        c[.level] = f.rule.level.name
        c[.rule] = f.rule.title
        c[.provider] = f.event?.provider.rawValue ?? "-"
        c[.actor] = field(.userName) ?? "-"
        c[.source] = f.event.map(Self.source) ?? field(.sourceIP) ?? "-"
        c[.credential] = field(.credentialID) ?? "-"
        c[.target] = field(.targetName) ?? "-"
        c[.location] = "\(f.location.file):\(f.location.line)"
        return c.mapValues(TerminalText.escape)
    }

    /// `2022-12-23T01:33:25Z`: UTC to the second.
    package static func time(_ t: Timestamp) -> String { String(t.iso8601.prefix(19)) + "Z" }

    /// `source.ip` (or `source.address`) and the country in brackets, or `-`.
    package static func source(_ e: Event) -> String {
        var s = e.fields[.sourceIP] ?? e.fields[.sourceAddress] ?? "-"
        if let cc = e.fields[.country] { s += " (\(cc))" }
        return s
    }
}
