/// Where a rule node starts in its file: the file as given, 1-based line and column
/// (columns counted in Unicode scalars, as libyaml counts them).
package struct RuleMark: Sendable, Hashable, CustomStringConvertible {
    /// The rule file (built-in rules use `Rules/<product>/…`).
    package var file: String
    /// 1-based line.
    package var line: Int
    /// 1-based column.
    package var column: Int

    /// Creates a mark.
    package init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// The same line, `offset` columns to the right.
    package func advanced(byColumns offset: Int) -> RuleMark {
        RuleMark(file: file, line: line, column: column + offset)
    }

    /// `FILE:LINE:COLUMN`.
    package var description: String { "\(file):\(line):\(column)" }
}
