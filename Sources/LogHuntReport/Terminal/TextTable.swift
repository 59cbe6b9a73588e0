/// Aligned columns of already-escaped text, fitted to a terminal width: the layout behind the
/// findings table and the event timeline.
package struct TextTable: Sendable {
    /// One column.
    package struct Column: Sendable, Hashable {
        /// The header text.
        package var header: String
        /// The narrowest the column may get.
        package var minimum: Int
        /// The narrowest it gets while other columns can be dropped instead.
        package var comfortable: Int
        /// Columns are dropped in increasing order of this when the terminal is too narrow;
        /// nil: never dropped.
        package var dropOrder: Int?

        /// Creates a column.
        package init(_ header: String, minimum: Int = 8, comfortable: Int = 12, dropOrder: Int? = nil) {
            self.header = header
            self.minimum = minimum
            self.comfortable = comfortable
            self.dropOrder = dropOrder
        }
    }

    private static let gap = 2
    /// No column is wider than this, terminal or not.
    private static let maximum = 120

    /// The columns.
    package var columns: [Column]
    /// The rows: one cell per column, already escaped (`TerminalText.escape`).
    package var rows: [[String]]
    /// Per row, an SGR sequence for the styled column (nil: plain).
    package var rowStyles: [String?]
    /// The index of the column `rowStyles` colours.
    package var styledColumn: Int?

    /// Creates a table.
    package init(columns: [Column], rows: [[String]], rowStyles: [String?] = [], styledColumn: Int? = nil) {
        self.columns = columns
        self.rows = rows
        self.rowStyles = rowStyles
        self.styledColumn = styledColumn
    }

    /// The table as text: a header line and one line per row, each ending in a newline.
    /// - Parameters:
    ///   - width: the terminal width (nil: no fitting).
    ///   - color: bold header and the row styles.
    /// - Returns: the text.
    package func render(width: Int?, color: Bool) -> String {
        let (shown, widths) = layout(width: width)
        var out = ""
        out += line(
            shown.map { columns[$0].header }, shown, widths, style: color ? ANSIStyle.bold : nil, styleAll: true)
        for (r, row) in rows.enumerated() {
            let cells = shown.map { $0 < row.count ? row[$0] : "" }
            let style = color && r < rowStyles.count ? rowStyles[r] : nil
            out += line(cells, shown, widths, style: style, styleAll: false)
        }
        return out
    }

    /// The shown columns (indices) and their widths.
    private func layout(width: Int?) -> ([Int], [Int: Int]) {
        var widths: [Int: Int] = [:]
        for (c, col) in columns.enumerated() {
            var w = TerminalText.width(col.header)
            for row in rows where c < row.count { w = max(w, TerminalText.width(row[c])) }
            widths[c] = min(w, Self.maximum)
        }
        var shown = Array(columns.indices)
        guard let total = width else { return (shown, widths) }
        func floor(_ c: Int, comfortable: Bool) -> Int {
            let col = columns[c]
            return min(widths[c] ?? 0, max(comfortable ? col.comfortable : col.minimum, TerminalText.width(col.header)))
        }
        func needed(_ cols: [Int], _ width: (Int) -> Int) -> Int {
            cols.reduce(0) { $0 + width($1) } + Self.gap * max(0, cols.count - 1)
        }
        // Drop columns, least useful first, until the rest fit at comfortable widths.
        var drop = columns.indices.filter { columns[$0].dropOrder != nil }
            .sorted { (columns[$0].dropOrder ?? 0) < (columns[$1].dropOrder ?? 0) }[...]
        while needed(shown, { floor($0, comfortable: true) }) > total, let next = drop.popFirst() {
            shown.removeAll { $0 == next }
        }
        let comfortable = needed(shown, { floor($0, comfortable: true) }) <= total
        // Shrink the widest shrinkable column, one column at a time, until the row fits.
        var excess = needed(shown, { widths[$0] ?? 0 }) - total
        while excess > 0 {
            guard
                let widest = shown.filter({ (widths[$0] ?? 0) > floor($0, comfortable: comfortable) })
                    .max(by: { (widths[$0] ?? 0) < (widths[$1] ?? 0) })
            else { break }
            widths[widest, default: 0] -= 1
            excess -= 1
        }
        return (shown, widths)
    }

    private func line(_ cells: [String], _ shown: [Int], _ widths: [Int: Int], style: String?, styleAll: Bool) -> String
    {
        var parts: [String] = []
        for (k, (cell, c)) in zip(cells, shown).enumerated() {
            let w = widths[c] ?? 0
            let cut = TerminalText.truncate(cell, to: w)
            var text = k == shown.count - 1 ? cut : TerminalText.pad(cut, to: w)
            if let style, styleAll || c == styledColumn { text = style + text + ANSIStyle.reset }
            parts.append(text)
        }
        return parts.joined(separator: String(repeating: " ", count: Self.gap)) + "\n"
    }
}
