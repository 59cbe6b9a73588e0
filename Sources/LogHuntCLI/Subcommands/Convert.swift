import ArgumentParser
import LogHunt

/// `loghunt convert`: rules as SQL for a distributed engine.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "convert",
        abstract: "The loaded rules as SQL over a table of normalised events (spark-sql, athena).")
    @Option(name: .customLong("target"), help: "spark-sql or athena.")
    var target: String
    @Option(name: .customLong("table"), help: "Table holding `loghunt normalize` output.")
    var table: String = "loghunt_events"
    @OptionGroup var rules: RuleOptions
    @Option(name: [.short, .customLong("output")], help: "Write to FILE instead of standard output.")
    var output: String?

    func validate() throws {
        guard ["spark-sql", "athena"].contains(target) else {
            throw ValidationError("--target expects spark-sql or athena, got '\(target)'")
        }
    }

    func run() throws {
        var config = ConvertConfiguration()
        try rules.apply(to: &config.hunt)
        config.hunt.outputPath = output
        config.target = target
        config.table = table
        try finish(LogHunt.convert(config, console: FileDescriptorConsole.standard))
    }
}
