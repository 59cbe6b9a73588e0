import ArgumentParser
import LogHunt

#if canImport(Glibc)
import Glibc
#endif

/// The `loghunt` command: hunts exported audit logs for stolen-secret use.
@main
struct LogHuntCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "loghunt",
        abstract:
            "Hunt exported audit logs (GitHub, CircleCI, CloudTrail, GCP, Azure, Entra) for stolen secrets in use.",
        discussion: """
            Point it at a folder of exports; it detects formats from content, normalises every \
            event to ECS fields and applies Sigma rules (built-in CircleCI-incident rules plus yours).
            """,
        version: LogHuntVersion.current,
        subcommands: [
            Hunt.self, Rules.self, Normalize.self, Stats.self, Trace.self, Convert.self, Inventory.self,
        ],
        defaultSubcommand: nil
    )

    /// Parses, runs, and maps errors to the contract's exit codes: usage errors exit 2
    /// (ArgumentParser's default on Linux is 64).
    static func main() {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            if code == .validationFailure {
                let message = fullMessage(for: error)
                FileDescriptorConsole.standard.writeErr(Array((message + "\n").utf8))
                Glibc.exit(2)
            }
            exit(withError: error)
        }
    }
}

/// Throws the outcome's exit status when it is not zero.
func finish(_ outcome: HuntOutcome) throws {
    if outcome.exitCode != 0 { throw ExitCode(outcome.exitCode) }
}
