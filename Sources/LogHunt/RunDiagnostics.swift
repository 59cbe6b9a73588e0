import LogHuntCore
import LogHuntReport
import Synchronization

/// The run's diagnostics engine: prints each input warning to standard error as it happens
/// (`loghunt: warning: FILE:LINE: …`, escaped for the terminal), keeps them (capped) for
/// JSON `errors` and SARIF notifications, and counts them for the summary and `--strict`.
final class RunDiagnostics: DiagnosticSink {
    private struct State {
        var kept: [Diagnostic] = []
        var dropped = 0
        var warnings = 0
        var errors = 0
        var byCode: [Diagnostic.Code: Int] = [:]
    }

    private let state = Mutex(State())
    private let console: Console
    private let formatter = DiagnosticFormatter()
    private let printing: Bool
    private let keepLimit: Int

    /// Creates the sink.
    /// - Parameters:
    ///   - console: where warnings are printed.
    ///   - printing: print warnings as they come (false for commands that print them themselves).
    ///   - keepLimit: diagnostics kept for the report; the rest are counted.
    init(console: Console, printing: Bool = true, keepLimit: Int = 10_000) {
        self.console = console
        self.printing = printing
        self.keepLimit = keepLimit
    }

    func emit(_ diagnostic: Diagnostic) {
        state.withLock { s in
            if s.kept.count < keepLimit { s.kept.append(diagnostic) } else { s.dropped += 1 }
            if diagnostic.severity == .error { s.errors += 1 } else { s.warnings += 1 }
            s.byCode[diagnostic.code, default: 0] += 1
        }
        if printing { console.writeErr(Array((formatter.line(diagnostic) + "\n").utf8)) }
    }

    /// Diagnostics kept for the report, sorted by file and line so output does not depend on thread timing.
    var sorted: [Diagnostic] {
        state.withLock { s in
            s.kept.sorted { a, b in
                if (a.file ?? "") != (b.file ?? "") { return (a.file ?? "") < (b.file ?? "") }
                if (a.line ?? 0) != (b.line ?? 0) { return (a.line ?? 0) < (b.line ?? 0) }
                return a.message < b.message
            }
        }
    }

    /// How many diagnostics of `code` were emitted.
    func count(_ code: Diagnostic.Code) -> Int { state.withLock { $0.byCode[code, default: 0] } }

    /// Warnings and errors emitted.
    var totals: (warnings: Int, errors: Int) { state.withLock { ($0.warnings, $0.errors) } }
}

/// Writes a command's output to `-o FILE` (atomically) or standard output; a closed pipe is quiet.
enum OutputDestination {
    /// Writes `bytes`; returns false (after printing why) when the file could not be written.
    static func write(_ bytes: [UInt8], to path: String?, console: Console) -> Bool {
        if let path {
            do {
                try AtomicFileWriter(path: path).write(bytes)
            } catch {
                console.writeErr(Array("loghunt: error: \(path): \(error)\n".utf8))
                return false
            }
            return true
        }
        _ = console.writeOut(bytes)
        return true
    }
}
