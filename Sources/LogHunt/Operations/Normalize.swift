import LogHuntCore
import LogHuntReport

extension LogHunt {
    /// `loghunt normalize`: every event as one ECS JSON object a line, in input order.
    public static func normalize(_ config: HuntConfiguration, console: Console) -> HuntOutcome {
        guard var setup = InputSetup.make(config, console: console) else { return HuntOutcome(exitCode: 2) }
        setup.pipeline.ordered = true
        let output: OutputStream
        do {
            output = try OutputStream(path: config.outputPath, console: console)
        } catch {
            console.writeErr(Array("loghunt: error: \(error)\n".utf8))
            return HuntOutcome(exitCode: 2)
        }
        let writer = EventWriter()
        let counts = setup.pipeline.run(setup.sources, sink: setup.diagnostics) { _, event in
            output.write(writer.line(event))
        }
        do {
            try output.close()
        } catch {
            console.writeErr(Array("loghunt: error: \(error)\n".utf8))
            return HuntOutcome(exitCode: 2)
        }
        let summary = counts.summary
        setup.printSummary(summary, config: config, console: console)
        return HuntOutcome(exitCode: setup.strictStatus(config, counts: counts) ?? 0)
    }
}
