import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntReport

/// The parts every log-reading command shares: the input list, the normaliser (with optional
/// GeoIP), the pipeline and the diagnostics sink.
struct InputSetup {
    var sources: [InputSource]
    var pipeline: EventPipeline
    var diagnostics: RunDiagnostics
    var started = Date()

    /// Expands the paths and opens enrichment databases.
    /// - Returns: nil (after printing why) when a database cannot be opened.
    /// - Parameter diagnostics: the run's sink, when the caller already has one (so that input
    ///   warnings and rule warnings end up in the same report).
    static func make(
        _ config: HuntConfiguration, console: Console, printWarnings: Bool = true,
        diagnostics existing: RunDiagnostics? = nil
    ) -> InputSetup? {
        let diagnostics = existing ?? RunDiagnostics(console: console, printing: printWarnings)
        var enricher: (any GeoEnricher)?
        if config.geoipPath != nil || config.asnPath != nil {
            do {
                enricher = try MaxMindEnricher(countryDatabase: config.geoipPath, asnDatabase: config.asnPath)
            } catch {
                console.writeErr(Array("loghunt: error: \(error)\n".utf8))
                return nil
            }
        }
        let paths = config.paths.isEmpty ? ["-"] : config.paths
        let sources = InputWalker.expand(paths, limits: config.limits, sink: diagnostics)
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let pipeline = EventPipeline(
            limits: config.limits, normalizer: Normalizer(enricher: enricher),
            consumers: config.threads > 0 ? config.threads : max(1, cores))
        return InputSetup(sources: sources, pipeline: pipeline, diagnostics: diagnostics)
    }

    /// The summary line, printed on standard error when it is a terminal (or with `--progress`).
    func printSummary(_ summary: Summary, config: HuntConfiguration, console: Console) {
        guard !config.quiet, config.stderrIsTerminal || config.forceProgress else { return }
        let elapsed = Date().timeIntervalSince(started)
        console.writeErr(Array((summary.line(elapsedSeconds: elapsed) + "\n").utf8))
    }

    /// The exit status for input problems: 2 under `--strict` when anything was malformed.
    func strictStatus(_ config: HuntConfiguration, counts: InputCounts) -> Int32? {
        guard config.strict else { return nil }
        let problems =
            counts.malformed + diagnostics.count(.damagedGzip) + diagnostics.count(.unreadableInput)
            + diagnostics.count(.unrecognisedFormat) + diagnostics.count(.limitExceeded)
        return problems > 0 ? 2 : nil
    }
}

extension InputCounts {
    /// The contract's summary for a run without findings (normalize, stats, trace).
    var summary: Summary {
        Summary(files: files, records: records, events: events, malformed: malformed, findings: 0, byLevel: [:])
    }
}
