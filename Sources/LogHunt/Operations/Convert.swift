import LogHuntConvert
import LogHuntCore
import LogHuntReport
import LogHuntRules

extension LogHunt {
    /// `loghunt convert --target spark-sql|athena`: every loaded rule as SQL over a table of
    /// `loghunt normalize` output. Rules that cannot be expressed are listed with the reason on
    /// standard error (and as comments in the output), never dropped silently.
    public static func convert(_ config: ConvertConfiguration, console: Console) -> HuntOutcome {
        guard let target = SQLTarget(name: config.target) else {
            console.writeErr(Array("loghunt: error: unknown target '\(config.target)'\n".utf8))
            return HuntOutcome(exitCode: 2)
        }
        let diagnostics = RunDiagnostics(console: console)
        let catalog = RuleCatalog.load(config.hunt, sink: diagnostics)
        if catalog.errors > 0 {
            console.writeErr(Array("loghunt: error: \(catalog.errors) rule errors; nothing converted\n".utf8))
            return HuntOutcome(exitCode: 2)
        }
        let output = ConvertRunner().run(
            documents: catalog.documents, placeholders: catalog.placeholders.values, mapping: catalog.mapping,
            target: target, table: config.table)
        for line in output.unsupported {
            console.writeErr(Array("loghunt: note: \(TerminalText.escape(line))\n".utf8))
        }
        guard OutputDestination.write(Array(output.sql.utf8), to: config.hunt.outputPath, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        return HuntOutcome(exitCode: 0)
    }
}
