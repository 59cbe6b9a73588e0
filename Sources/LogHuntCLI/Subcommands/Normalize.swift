import ArgumentParser
import LogHunt

/// `loghunt normalize`: every event as one ECS JSON object a line.
struct Normalize: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "normalize",
        abstract: "Print every event, normalised, one JSON object per line.")
    @OptionGroup var input: InputOptions
    @Option(name: [.short, .customLong("output")], help: "Write to FILE (atomically) instead of standard output.")
    var output: String?
    @Flag(name: [.short, .customLong("quiet")], help: "No summary on standard error.")
    var quiet = false

    func run() throws {
        var config = HuntConfiguration()
        try input.apply(to: &config)
        config.outputPath = output
        config.quiet = quiet
        config.stderrIsTerminal = FileDescriptorConsole.isTerminal(2)
        try finish(LogHunt.normalize(config, console: FileDescriptorConsole.standard))
    }
}
