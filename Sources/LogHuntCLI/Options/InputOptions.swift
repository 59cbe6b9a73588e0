import ArgumentParser
import LogHunt

/// Inputs shared by the commands that read logs.
struct InputOptions: ParsableArguments {
    @Argument(help: "Files, directories (searched recursively) or - for standard input.")
    var paths: [String] = []

    @Option(name: .customLong("geoip"), help: "MaxMind country/city database (.mmdb) for offline enrichment.")
    var geoip: String?

    @Option(name: .customLong("asn"), help: "MaxMind ASN database (.mmdb) for offline enrichment.")
    var asn: String?

    @Option(name: .customLong("max-record-bytes"), help: "Largest record accepted, in bytes.")
    var maxRecordBytes: Int?

    @Option(name: .customLong("max-depth"), help: "Deepest JSON nesting accepted.")
    var maxDepth: Int?

    @Option(name: .customLong("threads"), help: "Worker threads (default: one per core).")
    var threads: Int = 0

    @Flag(name: .customLong("strict"), help: "Treat malformed input as a fatal error (exit 2).")
    var strict = false

    func apply(to config: inout HuntConfiguration) throws {
        config.paths = paths
        config.geoipPath = geoip
        config.asnPath = asn
        if let maxRecordBytes {
            guard maxRecordBytes > 0 else { throw ValidationError("--max-record-bytes must be positive") }
            config.maxRecordBytes = maxRecordBytes
        }
        if let maxDepth {
            guard maxDepth > 0 else { throw ValidationError("--max-depth must be positive") }
            config.maxDepth = maxDepth
        }
        guard threads >= 0 else { throw ValidationError("--threads must not be negative") }
        config.threads = threads
        config.strict = strict
    }
}
