import ArgumentParser
import LogHunt

/// `loghunt inventory`: the hunt plan from a CircleCI-Env-Inspector file.
struct Inventory: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inventory",
        abstract: "The hunt plan from a CircleCI-Env-Inspector circleci-data.json.")
    @Argument(help: "The circleci-data.json file.")
    var file: String
    @OptionGroup var output: OutputOptions

    func run() throws {
        var config = HuntConfiguration()
        output.apply(to: &config)
        config.inventoryPath = file
        try finish(LogHunt.inventory(config, console: FileDescriptorConsole.standard))
    }
}
