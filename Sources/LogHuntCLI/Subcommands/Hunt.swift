import ArgumentParser
import LogHunt

/// `loghunt hunt`: the main job.
struct Hunt: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hunt", abstract: "Hunt through exported logs and report findings.")

    @OptionGroup var input: InputOptions
    @OptionGroup var rules: RuleOptions
    @OptionGroup var output: OutputOptions

    @Option(
        name: .customLong("since"),
        help: "Report only findings on events at or after TIME (ISO-8601; UTC unless an offset is given).")
    var since: String?

    @Option(name: .customLong("until"), help: "Report only findings on events at or before TIME.")
    var until: String?

    @Option(name: .customLong("state"), help: "A state file that keeps first-seen baselines between runs.")
    var state: String?

    @Option(
        name: .customLong("fail-on"),
        help: "Exit 1 when a finding of LEVEL or higher is reported (informational, low, medium, high, critical).")
    var failOn: String?

    @Option(name: .customLong("inventory"), help: "A CircleCI-Env-Inspector circleci-data.json to hunt from.")
    var inventory: String?

    @Option(name: .customLong("bench-stage"), help: .hidden)
    var benchStage: String?

    func validate() throws {
        if let benchStage, !["frame", "parse", "normalize", "match"].contains(benchStage) {
            throw ValidationError("--bench-stage expects frame, parse, normalize or match")
        }
        if let failOn, !["informational", "low", "medium", "high", "critical"].contains(failOn.lowercased()) {
            throw ValidationError("--fail-on expects informational, low, medium, high or critical, got '\(failOn)'")
        }
        for (flag, value) in [("--since", since), ("--until", until)] {
            if let value, !LogHunt.isValidTime(value) {
                throw ValidationError("\(flag) expects an ISO-8601 date or date-time, got '\(value)'")
            }
        }
    }

    func run() throws {
        var config = HuntConfiguration()
        try input.apply(to: &config)
        try rules.apply(to: &config)
        output.apply(to: &config)
        config.since = since
        config.until = until
        config.statePath = state
        config.failOn = failOn
        config.inventoryPath = inventory
        config.benchStage = benchStage
        try finish(LogHunt.hunt(config, console: FileDescriptorConsole.standard))
    }
}
