import LogHuntCore

/// Formats diagnostics for standard error.
package struct DiagnosticFormatter: Sendable {
    /// Escape file names and messages for a terminal (they come from inputs). On by default:
    /// the escapes only affect control and invisible characters.
    package var escape: Bool

    /// Creates a formatter.
    package init(escape: Bool = true) { self.escape = escape }

    /// `loghunt: warning: FILE:LINE: message` (the contract's form for input problems).
    /// - Parameter d: the diagnostic.
    /// - Returns: the line, without a newline.
    package func line(_ d: Diagnostic) -> String {
        "loghunt: \(d.severity.rawValue): " + text(d.description)
    }

    /// `FILE:LINE:COLUMN: error: message` (the `rules check` form; parts present when known).
    /// - Parameter d: the diagnostic.
    /// - Returns: the line, without a newline.
    package func ruleCheckLine(_ d: Diagnostic) -> String {
        var prefix = ""
        if let file = d.file {
            prefix = file
            if let line = d.line {
                prefix += ":\(line)"
                if let column = d.column { prefix += ":\(column)" }
            }
            prefix += ": "
        }
        return text(prefix) + "\(d.severity.rawValue): " + text(d.message)
    }

    /// The last line of `rules check`: `N rules, M errors, K warnings`.
    package func ruleCheckSummary(rules: Int, errors: Int, warnings: Int) -> String {
        func n(_ v: Int, _ noun: String) -> String { "\(v) \(noun)\(v == 1 ? "" : "s")" }
        return "\(n(rules, "rule")), \(n(errors, "error")), \(n(warnings, "warning"))"
    }

    private func text(_ s: String) -> String { escape ? TerminalText.escape(s) : s }
}
