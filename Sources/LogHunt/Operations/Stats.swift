import LogHuntCore
import LogHuntReport

extension LogHunt {
    /// `loghunt stats`: per provider and day, the top actions, actors, source IPs, countries
    /// and credentials.
    public static func stats(_ config: HuntConfiguration, top: Int, console: Console) -> HuntOutcome {
        guard let setup = InputSetup.make(config, console: console) else { return HuntOutcome(exitCode: 2) }
        let accumulators = PerWorker<StatsAccumulator>(count: setup.pipeline.consumers) { _ in StatsAccumulator() }
        let counts = setup.pipeline.run(setup.sources, sink: setup.diagnostics) { worker, event in
            accumulators.with(worker) { $0.add(event) }
        }
        var stats = StatsAccumulator()
        for a in accumulators.all { stats.merge(a) }
        let writer = StatsWriter(top: top, width: config.stdoutIsTerminal ? config.terminalWidth : nil)
        let bytes: [UInt8]
        switch config.format {
        case .json, .jsonl: bytes = writer.json(stats)
        default: bytes = writer.table(stats)
        }
        guard OutputDestination.write(bytes, to: config.outputPath, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        let summary = counts.summary
        setup.printSummary(summary, config: config, console: console)
        return HuntOutcome(exitCode: setup.strictStatus(config, counts: counts) ?? 0)
    }
}
