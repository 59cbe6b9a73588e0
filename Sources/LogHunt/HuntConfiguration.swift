import LogHuntCore

/// Output formats of `hunt` (and, where they make sense, of the other commands).
public enum OutputFormat: String, Sendable, CaseIterable {
    case table
    case json
    case jsonl
    case sarif
    case csv
}

/// Everything one run needs, with a default for every field. The CLI validates flags into
/// this struct and makes one library call; nothing else in the library reads flags.
public struct HuntConfiguration: Sendable {
    /// Inputs: files, directories, or `-` for standard input. Empty means `-`.
    public var paths: [String] = []
    /// Rule files or directories given with `--rules`.
    public var rulePaths: [String] = []
    /// Load the rules compiled into the binary.
    public var builtinRules = true
    /// Extra field-mapping files (`--mapping`).
    public var mappingPaths: [String] = []
    /// Output format.
    public var format: OutputFormat = .table
    /// Write output here (atomically) instead of standard output.
    public var outputPath: String?
    /// Report only findings on events at or after this time (ISO-8601 text).
    public var since: String?
    /// Report only findings on events at or before this time (ISO-8601 text).
    public var until: String?
    /// Placeholder values: `NAME=VALUE` or `NAME=@FILE`, in the order given.
    public var variables: [String] = []
    /// First-seen state file.
    public var statePath: String?
    /// Exit 1 when a finding of this level or higher is reported (a Sigma level name).
    public var failOn: String?
    /// Malformed input is fatal (exit 2).
    public var strict = false
    /// No progress and no summary on standard error.
    public var quiet = false
    /// Show progress even when standard error is not a terminal.
    public var forceProgress = false
    /// Standard output is a terminal (table colours, widths).
    public var stdoutIsTerminal = false
    /// Standard error is a terminal (progress, summary).
    public var stderrIsTerminal = false
    /// Use ANSI colour in table output (the CLI decides: terminal and no `NO_COLOR`).
    public var color = false
    /// Terminal width for the table.
    public var terminalWidth = 120
    /// MaxMind country/city database for enrichment.
    public var geoipPath: String?
    /// MaxMind ASN database for enrichment.
    public var asnPath: String?
    /// CircleCI-Env-Inspector inventory to hunt from.
    public var inventoryPath: String?
    /// Worker threads (0: one per core).
    public var threads = 0
    /// Stop the pipeline after a stage (`frame`, `parse`, `normalize`, `match`) and print
    /// nothing: stage throughput for the benchmark script.
    public var benchStage: String?
    /// Compile rules with the optimiser (off only for differential testing).
    public var optimise = true
    /// Resource limits.
    package var limits = Limits()

    /// Limits as public knobs for the CLI.
    public var maxRecordBytes: Int {
        get { limits.maxRecordBytes }
        set { limits.maxRecordBytes = newValue }
    }
    /// Deepest JSON nesting accepted.
    public var maxDepth: Int {
        get { limits.maxDepth }
        set { limits.maxDepth = newValue }
    }
    /// PCRE2 match limit.
    public var regexMatchLimit: UInt32 {
        get { limits.regexMatchLimit }
        set { limits.regexMatchLimit = newValue }
    }

    /// The defaults.
    public init() {}
}

/// Options of `trace`.
public struct TraceConfiguration: Sendable {
    /// The values to follow (exact), or `@FILE` entries.
    public var values: [String] = []
    /// Restrict to one field (`credential.id`, `user.name`, `source.ip`, `target.name`).
    public var field: String?
    /// The common options.
    public var hunt = HuntConfiguration()

    /// The defaults.
    public init() {}
}

/// Options of `convert`.
public struct ConvertConfiguration: Sendable {
    /// `spark-sql` or `athena`.
    public var target: String = "spark-sql"
    /// Table holding `loghunt normalize` output.
    public var table: String = "loghunt_events"
    /// The common options (rules, variables, output).
    public var hunt = HuntConfiguration()

    /// The defaults.
    public init() {}
}

/// What a run ended with.
public struct HuntOutcome: Sendable {
    /// The process exit status (0, 1 for `--fail-on`, 2 for usage/rule/strict errors).
    public var exitCode: Int32
    /// Findings reported.
    public var findings: Int

    /// Creates an outcome.
    public init(exitCode: Int32, findings: Int = 0) {
        self.exitCode = exitCode
        self.findings = findings
    }
}

/// Where the library writes: standard output and standard error, supplied by the CLI.
public struct Console: Sendable {
    /// Writes bytes to standard output; returns false when the pipe is closed.
    public var writeOut: @Sendable ([UInt8]) -> Bool
    /// Writes bytes to standard error.
    public var writeErr: @Sendable ([UInt8]) -> Void

    /// Creates a console.
    public init(writeOut: @escaping @Sendable ([UInt8]) -> Bool, writeErr: @escaping @Sendable ([UInt8]) -> Void) {
        self.writeOut = writeOut
        self.writeErr = writeErr
    }
}
