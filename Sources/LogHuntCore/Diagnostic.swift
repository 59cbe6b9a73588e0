/// One problem found in an input or a rule file, with where it was found.
///
/// Stages create diagnostics and carry on; only the facade decides (under `--strict`)
/// that a warning is fatal. `DiagnosticFormatter` in Report adds the `loghunt: warning:` prefix.
package struct Diagnostic: Error, Sendable, Hashable, Codable, CustomStringConvertible {
    /// How bad the problem is.
    package enum Severity: String, Sendable, Hashable, Codable {
        case warning
        case error
    }

    /// What kind of problem this is; stable identifiers used in SARIF notifications and summaries.
    package enum Code: String, Sendable, Hashable, Codable, CaseIterable {
        /// A record that is not valid JSON (or a CSV row that cannot be read).
        case malformedRecord = "LH1001"
        /// A damaged or truncated gzip stream.
        case damagedGzip = "LH1002"
        /// A record or line over a configured limit.
        case limitExceeded = "LH1003"
        /// Invalid UTF-8 that was repaired.
        case invalidUTF8 = "LH1004"
        /// A file that could not be read (permissions, FIFO, device, loop).
        case unreadableInput = "LH1005"
        /// A file whose format could not be recognised (binary junk and the like).
        case unrecognisedFormat = "LH1006"
        /// A record whose source could not be recognised.
        case unknownProvider = "LH1007"
        /// A regular expression that hit its match or depth limit on a record.
        case regexLimit = "LH1008"
        /// A rule file problem (parse, compile, unknown modifier).
        case ruleError = "LH2001"
        /// A rule left out because a placeholder has no value.
        case unresolvedPlaceholder = "LH2002"
        /// A correlation or state limit that was reached.
        case stateLimit = "LH3001"
        /// Anything else.
        case other = "LH9000"
    }

    package var severity: Severity
    package var code: Code
    /// The file the problem is in, if any.
    package var file: String?
    /// 1-based line, if known.
    package var line: Int?
    /// 1-based column, if known.
    package var column: Int?
    /// What is wrong: lowercase, no trailing period, no location.
    package var message: String

    /// Creates a diagnostic.
    package init(
        _ severity: Severity, _ code: Code, file: String? = nil, line: Int? = nil, column: Int? = nil,
        message: String
    ) {
        self.severity = severity
        self.code = code
        self.file = file
        self.line = line
        self.column = column
        self.message = message
    }

    /// A warning about an input record.
    package static func warning(_ code: Code, at location: SourceLocation, _ message: String) -> Diagnostic {
        Diagnostic(.warning, code, file: location.file, line: location.line, message: message)
    }

    /// `FILE:LINE:COLUMN: what` (location parts present only when known).
    package var description: String {
        var prefix = ""
        if let file {
            prefix = file
            if let line {
                prefix += ":\(line)"
                if let column { prefix += ":\(column)" }
            }
            prefix += ": "
        }
        return prefix + message
    }
}
