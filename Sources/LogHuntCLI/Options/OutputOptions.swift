import ArgumentParser
import LogHunt

extension OutputFormat: ExpressibleByArgument {}

/// Output options shared by the reporting commands.
struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("format")], help: "Output format.")
    var format: OutputFormat = .table

    @Option(
        name: [.short, .customLong("output")], help: "Write the output to FILE (atomically) instead of standard output."
    )
    var output: String?

    @Flag(name: [.short, .customLong("quiet")], help: "No progress and no summary on standard error.")
    var quiet = false

    @Flag(
        name: .customLong("progress"), help: "Show progress and the summary even when standard error is not a terminal."
    )
    var progress = false

    func apply(to config: inout HuntConfiguration) {
        config.format = format
        config.outputPath = output
        config.quiet = quiet
        config.forceProgress = progress
        config.stdoutIsTerminal = output == nil && FileDescriptorConsole.isTerminal(1)
        config.stderrIsTerminal = FileDescriptorConsole.isTerminal(2)
        config.color = output == nil && FileDescriptorConsole.useColor()
        config.terminalWidth = FileDescriptorConsole.terminalWidth()
    }
}
