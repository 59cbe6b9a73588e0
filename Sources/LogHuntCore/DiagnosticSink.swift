import Synchronization

/// Where stages send diagnostics. Implementations must be safe to call from any thread.
package protocol DiagnosticSink: Sendable {
    /// Records one diagnostic.
    func emit(_ diagnostic: Diagnostic)
}

/// A sink that keeps every diagnostic in memory, in arrival order (tests, `rules check`).
package final class DiagnosticCollector: DiagnosticSink {
    private let storage = Mutex<[Diagnostic]>([])

    /// Creates an empty collector.
    package init() {}

    package func emit(_ diagnostic: Diagnostic) {
        storage.withLock { $0.append(diagnostic) }
    }

    /// Everything emitted so far.
    package var diagnostics: [Diagnostic] { storage.withLock { $0 } }
}

/// A sink that drops everything.
package struct DiscardingDiagnosticSink: DiagnosticSink {
    /// Creates the sink.
    package init() {}
    package func emit(_ diagnostic: Diagnostic) {}
}
