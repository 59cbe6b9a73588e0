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
