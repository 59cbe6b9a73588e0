import ArgumentParser
import LogHunt

/// `loghunt stats`: counts per provider and day.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Counts per provider and day: actions, actors, source IPs, countries, credentials.")
    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("top"), help: "How many of each to list.")
    var top: Int = 10

    func run() throws {
        var config = HuntConfiguration()
        try input.apply(to: &config)
        output.apply(to: &config)
        try finish(LogHunt.stats(config, top: max(1, top), console: FileDescriptorConsole.standard))
    }
}
