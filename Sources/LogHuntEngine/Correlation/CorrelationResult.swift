import LogHuntCore

/// What `Correlator.finish()` returns.
package struct CorrelationResult: Sendable {
    /// Correlation and first-seen findings, in `Finding.reportOrder`. Findings of correlations
    /// that are only referenced by other correlations with `generate: false` are left out.
    package var findings: [Finding]
    /// Warnings: limits reached, matches left out (no timestamp, missing group-by or value
    /// field), unresolvable or cyclic references, state that no longer fits its rule.
    package var diagnostics: [Diagnostic]
    /// The first-seen state after this run (what `--state` should save).
    package var state: CorrelationState

    /// Creates a result.
    package init(findings: [Finding], diagnostics: [Diagnostic], state: CorrelationState) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.state = state
    }
}
