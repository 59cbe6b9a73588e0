import LogHuntCore
import LogHuntReport
import LogHuntRules

extension LogHunt {
    /// `loghunt rules list`: id, title, level, logsource and file of every loaded rule.
    public static func listRules(_ config: HuntConfiguration, console: Console) -> HuntOutcome {
        let diagnostics = RunDiagnostics(console: console)
        let catalog = RuleCatalog.load(config, sink: diagnostics)
        let rows = catalog.documents.map { d in
            RuleListWriter.Row(
                id: d.id ?? "-", title: d.title, level: d.level?.name ?? "-", kind: d.kindName,
                logsource: d.logsourceSummary,
                file: d.file, line: d.mark.line)
        }
        let writer = RuleListWriter(width: config.stdoutIsTerminal ? config.terminalWidth : nil)
        let bytes = config.format == .json || config.format == .jsonl ? writer.json(rows) : writer.table(rows)
        guard OutputDestination.write(bytes, to: config.outputPath, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        return HuntOutcome(exitCode: catalog.errors > 0 ? 2 : 0)
    }
}

extension LogHunt {
    /// `loghunt rules snapshot` (hidden, for scripts/embed-rules): writes the Swift source of
    /// the built-in rules' YAML snapshots (`YAMLSnapshot`) to `path`, or standard output.
    /// - Parameters:
    ///   - path: the output file; nil for standard output.
    ///   - console: where the source (without a path) and the files left out are written.
    /// - Returns: exit code 0, or 2 when the file could not be written.
    public static func writeRuleSnapshots(to path: String?, console: Console) -> HuntOutcome {
        let (source, leftOut) = YAMLSnapshot.generatedSource()
        for file in leftOut {
            console.writeErr(Array("loghunt: \(file) reports diagnostics when read; it has no snapshot\n".utf8))
        }
        guard OutputDestination.write(Array(source.utf8), to: path, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        return HuntOutcome(exitCode: 0)
    }
}
