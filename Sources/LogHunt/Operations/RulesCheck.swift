import LogHuntCore
import LogHuntEngine
import LogHuntReport
import LogHuntRules

extension LogHunt {
    /// `loghunt rules check`: parses and compiles rule files and reports every problem as
    /// `FILE:LINE:COLUMN: error|warning: what`, then `N rules, M errors, K warnings`.
    /// Exit 0 when there is no error, 2 otherwise.
    public static func checkRules(_ config: HuntConfiguration, console: Console) -> HuntOutcome {
        let collector = DiagnosticCollector()
        let catalog = RuleCatalog.load(config, sink: collector)
        let options = CompileOptions(placeholders: catalog.placeholders, fieldMapping: catalog.mapping)
        _ = RuleCompiler(options: options).compile(catalog.documents, sink: collector)
        let formatter = DiagnosticFormatter()
        // Stable order: file, line, column; duplicates (the loader and the compiler may both see one) once.
        var seen = Set<String>()
        var out = ""
        var errors = 0
        var warnings = 0
        let sorted = collector.diagnostics.sorted { a, b in
            ((a.file ?? ""), a.line ?? 0, a.column ?? 0) < ((b.file ?? ""), b.line ?? 0, b.column ?? 0)
        }
        for d in sorted {
            let line = formatter.ruleCheckLine(d)
            guard seen.insert(line).inserted else { continue }
            if d.severity == .error { errors += 1 } else { warnings += 1 }
            out += line + "\n"
        }
        let rules = catalog.documents.count
        out += formatter.ruleCheckSummary(rules: rules, errors: errors, warnings: warnings) + "\n"
        _ = console.writeOut(Array(out.utf8))
        return HuntOutcome(exitCode: errors > 0 ? 2 : 0)
    }

    /// `loghunt rules test`: runs every rule's embedded `tests:` with the optimiser on and off;
    /// prints failures (and passes unless `-q`), then `N passed, M failed`. Exit 0 when all pass,
    /// 1 when a test fails, 2 on a rule error.
    public static func testRules(_ config: HuntConfiguration, console: Console) -> HuntOutcome {
        let collector = DiagnosticCollector()
        let catalog = RuleCatalog.load(config, sink: collector)
        let options = CompileOptions(placeholders: catalog.placeholders, fieldMapping: catalog.mapping)
        let results = RuleTestRunner.run(catalog.documents, options: options, limits: config.limits, sink: collector)
        let formatter = DiagnosticFormatter()
        var out = ""
        let ruleErrors = collector.diagnostics.filter { $0.severity == .error }
        for d in ruleErrors { out += formatter.ruleCheckLine(d) + "\n" }
        var passed = 0
        var failed = 0
        for r in results {
            let place = TerminalText.escape("\(r.mark.file):\(r.mark.line)")
            let name = TerminalText.escape("\(r.title) / \(r.name)")
            if r.passed {
                passed += 1
                if !config.quiet { out += "ok    \(name)\n" }
            } else {
                failed += 1
                var why: String
                if let problem = r.problem {
                    why = problem
                } else if r.optimiserDisagrees {
                    why = "optimised \(r.optimised), unoptimised \(r.unoptimised) (the optimiser changed the answer)"
                } else {
                    why = "expected match: \(r.expected), got \(r.optimised)"
                }
                out += "FAIL  \(place): \(name): \(TerminalText.escape(why))\n"
            }
        }
        // Rules without any test, or without both a match and a non-match case, are reported.
        for case .detection(let rule) in catalog.documents {
            let hasTrue = rule.tests.contains { $0.match }
            let hasFalse = rule.tests.contains { !$0.match }
            if !(hasTrue && hasFalse) && rule.mark.file.hasPrefix("Rules/") {
                out +=
                    "note  \(TerminalText.escape(rule.mark.file)): '\(TerminalText.escape(rule.title))' lacks a match and a non-match test\n"
            }
        }
        out += "\(passed) passed, \(failed) failed\n"
        _ = console.writeOut(Array(out.utf8))
        if !ruleErrors.isEmpty { return HuntOutcome(exitCode: 2) }
        return HuntOutcome(exitCode: failed > 0 ? 1 : 0)
    }
}
