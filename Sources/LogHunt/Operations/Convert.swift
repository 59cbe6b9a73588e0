import LogHuntConvert
import LogHuntCore
import LogHuntRules

extension LogHunt {
    /// `loghunt convert --target spark-sql|athena`: every loaded rule as one SQL statement over
    /// a table of `loghunt normalize` output; rules that cannot be expressed are reported on
    /// standard error (`loghunt: warning: FILE: rule 'ID' not converted: REASON`) and listed
    /// at the end of the SQL as comments.
    public static func convert(_ config: ConvertConfiguration, console: Console) -> HuntOutcome {
        let diagnostics = RunDiagnostics(console: console)
        guard let target = SQLTarget(name: config.target) else {
            console.writeErr(
                Array("loghunt: error: --target expects spark-sql or athena, got '\(config.target)'\n".utf8))
            return HuntOutcome(exitCode: 2)
        }
        let catalog = RuleCatalog.load(config.hunt, sink: diagnostics)
        let out = ConvertRunner().run(
            documents: catalog.documents, placeholders: catalog.placeholders.values, mapping: catalog.mapping,
            target: target, table: config.table)
        for u in out.result.unsupported {
            diagnostics.emit(
                Diagnostic(.warning, .other, file: u.file, message: "rule '\(u.id)' not converted: \(u.reason)"))
        }
        guard OutputDestination.write(Array(out.sql.utf8), to: config.hunt.outputPath, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        return HuntOutcome(exitCode: catalog.errors > 0 ? 2 : 0)
    }
}
