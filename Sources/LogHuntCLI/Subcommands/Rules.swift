import ArgumentParser
import LogHunt

/// `loghunt rules`: list, check and test rules.
struct Rules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "List, check and test rules.",
        subcommands: [List.self, Check.self, Test.self, Snapshot.self])

    /// `loghunt rules list`.
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "list",
            abstract: "List the loaded rules: id, title, level, logsource, file.")
        @OptionGroup var rules: RuleOptions
        @OptionGroup var output: OutputOptions

        func run() throws {
            var config = HuntConfiguration()
            try rules.apply(to: &config)
            output.apply(to: &config)
            try finish(LogHunt.listRules(config, console: FileDescriptorConsole.standard))
        }
    }

    /// `loghunt rules check`.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Parse and compile rule files; report every error as FILE:LINE:COLUMN.")
        @Argument(help: "Rule files or directories (default: the built-in rules).")
        var paths: [String] = []
        @Option(name: .customLong("var"), help: "Placeholder value NAME=VALUE or NAME=@FILE; repeatable.")
        var variables: [String] = []

        func run() throws {
            var config = HuntConfiguration()
            config.rulePaths = paths
            config.builtinRules = paths.isEmpty
            config.variables = variables
            try finish(LogHunt.checkRules(config, console: FileDescriptorConsole.standard))
        }
    }

    /// `loghunt rules test`.
    struct Test: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "test", abstract: "Run the test cases embedded in rule files.")
        @Argument(help: "Rule files or directories (default: the built-in rules).")
        var paths: [String] = []
        @Option(name: .customLong("var"), help: "Placeholder value NAME=VALUE or NAME=@FILE; repeatable.")
        var variables: [String] = []
        @Flag(name: [.short, .customLong("quiet")], help: "Print only failures and the total.")
        var quiet = false

        func run() throws {
            var config = HuntConfiguration()
            config.rulePaths = paths
            config.builtinRules = paths.isEmpty
            config.variables = variables
            config.quiet = quiet
            try finish(LogHunt.testRules(config, console: FileDescriptorConsole.standard))
        }
    }

    /// `loghunt rules snapshot` (hidden): the built-in rules' YAML snapshots as Swift source,
    /// for scripts/embed-rules.
    struct Snapshot: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "snapshot",
            abstract: "Write Sources/LogHuntRules/BuiltinRules+Snapshot.swift (scripts/embed-rules).",
            shouldDisplay: false)
        @Option(name: [.short, .customLong("output")], help: "Write to FILE instead of standard output.")
        var output: String?

        func run() throws {
            try finish(LogHunt.writeRuleSnapshots(to: output, console: FileDescriptorConsole.standard))
        }
    }
}
