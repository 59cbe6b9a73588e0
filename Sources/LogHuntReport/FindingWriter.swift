import LogHuntCore
import LogHuntEngine

/// Everything about a run that a writer may report besides the findings themselves.
package struct ReportContext: Sendable {
    /// The tool's name (`loghunt`).
    package var toolName: String
    /// The tool's version.
    package var toolVersion: String
    /// The run's counts.
    package var summary: Summary
    /// Warnings and errors about inputs and rules, in the order they were found.
    package var diagnostics: [Diagnostic]
    /// False only when the run stopped on a fatal error (SARIF `executionSuccessful`).
    package var executionSuccessful: Bool

    /// Creates a context.
    package init(
        toolName: String = "loghunt", toolVersion: String, summary: Summary = Summary(),
        diagnostics: [Diagnostic] = [], executionSuccessful: Bool = true
    ) {
        self.toolName = toolName
        self.toolVersion = toolVersion
        self.summary = summary
        self.diagnostics = diagnostics
        self.executionSuccessful = executionSuccessful
    }
}

/// Formats findings as bytes. Writers are values: they take findings (already in report order,
/// see `Finding.reportOrder`) and give bytes back; the caller writes them (`OutputSink`).
package protocol FindingWriter: Sendable {
    /// The whole output for one run.
    /// - Parameters:
    ///   - findings: the findings, in report order.
    ///   - context: counts, diagnostics and tool details.
    /// - Returns: the output bytes.
    func render(_ findings: [Finding], context: ReportContext) -> [UInt8]
}

/// The output formats of `hunt --format`.
package enum ReportFormat: String, Sendable, Hashable, CaseIterable {
    case table
    case json
    case jsonl
    case csv
    case sarif
}

/// The options every format may need; each writer reads its own.
package struct WriterOptions: Sendable {
    /// Table: the terminal width (nil when not a terminal: no fitting).
    package var width: Int?
    /// Table: colour by level (the caller decides: a terminal and no `NO_COLOR`).
    package var color: Bool
    /// JSON and SARIF: pretty-print with this indent (nil: compact).
    package var indent: Int?
    /// SARIF settings.
    package var sarif: SARIFOptions

    /// Creates options.
    package init(width: Int? = nil, color: Bool = false, indent: Int? = 2, sarif: SARIFOptions = SARIFOptions()) {
        self.width = width
        self.color = color
        self.indent = indent
        self.sarif = sarif
    }
}

extension ReportFormat {
    /// The writer for this format.
    /// - Parameter options: writer settings.
    /// - Returns: a writer.
    package func makeWriter(options: WriterOptions = WriterOptions()) -> any FindingWriter {
        switch self {
        case .table: TableWriter(options: TableOptions(width: options.width, color: options.color))
        case .json: JSONWriter(indent: options.indent)
        case .jsonl: JSONLinesWriter()
        case .csv: CSVWriter()
        case .sarif: SARIFWriter(options: options.sarif, indent: options.indent)
        }
    }
}
