import ArgumentParser
import LogHunt

/// `loghunt trace`: follow one credential, user, IP or target across every provider.
struct Trace: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Every event of one credential, user, IP or target, as a timeline with a per-provider summary.")
    @Argument(help: "The value to follow (exact); several values separated by commas, or @FILE.")
    var value: String
    @OptionGroup var input: InputOptions
    @OptionGroup var output: OutputOptions
    @Option(name: .customLong("field"), help: "Only this field: credential.id, user.name, source.ip or target.name.")
    var field: String?

    func validate() throws {
        if let field,
            !["credential.id", "user.name", "source.ip", "target.name", "user.id", "user.email"].contains(field)
        {
            throw ValidationError(
                "--field expects credential.id, user.name, user.id, user.email, source.ip or target.name")
        }
    }

    func run() throws {
        var config = TraceConfiguration()
        try input.apply(to: &config.hunt)
        output.apply(to: &config.hunt)
        config.values = value.split(separator: ",").map(String.init)
        config.field = field
        try finish(LogHunt.trace(config, console: FileDescriptorConsole.standard))
    }
}
