import LogHuntCore
import LogHuntEngine

/// `--format jsonl`: one FINDING per line and nothing else.
package struct JSONLinesWriter: FindingWriter {
    /// Creates the writer.
    package init() {}

    package func render(_ findings: [Finding], context: ReportContext) -> [UInt8] {
        var out: [UInt8] = []
        for f in findings { out.append(contentsOf: line(f)) }
        return out
    }

    /// One finding as one line (with its newline), for streaming.
    /// - Parameter finding: the finding.
    /// - Returns: the line's bytes.
    package func line(_ finding: Finding) -> [UInt8] {
        var w = JSONTextWriter()
        FindingEncoder.write(finding, into: &w)
        w.appendRaw(0x0A)
        return w.take()
    }
}
