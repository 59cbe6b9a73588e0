import Foundation
import LogHuntCore
import LogHuntEngine
import LogHuntNormalize
import LogHuntReport
import LogHuntRules

extension LogHunt {
    /// `loghunt hunt`: the main job. Loads and compiles the rules, reads every input on every
    /// core, evaluates each event, feeds correlation rules, and reports the findings in
    /// event-time order in the chosen format.
    public static func hunt(_ config: HuntConfiguration, console: Console) -> HuntOutcome {
        let started = Date()
        let diagnostics = RunDiagnostics(console: console)

        // Rules.
        guard let compiled = compileRules(config, sink: diagnostics, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        let engine = DetectionEngine(program: compiled.program)

        // First-seen state.
        var state = CorrelationState()
        if let path = config.statePath {
            do {
                state = try CorrelationState.load(path: path)
            } catch {
                console.writeErr(Array("loghunt: error: \(error)\n".utf8))
                return HuntOutcome(exitCode: 2)
            }
        }
        // One correlator per worker, fed without a lock; the first absorbs the others at the end.
        let correlator = Correlator(specs: compiled.specs, state: state, limits: config.limits)
        // Per rule, looked up by index for every match: whether it reports findings of its own
        // and whether it feeds a correlation (plain arrays: no hashing, no shared objects).
        let ruleCount = compiled.program.rules.count
        let emitsFinding = (0..<ruleCount).map { compiled.program.emitsFindings(rule: $0) }
        let feedsCorrelation = (0..<ruleCount).map { compiled.correlatedRules.contains($0) }

        // Inventory.
        var plan: HuntPlan?
        if let path = config.inventoryPath {
            guard let p = loadPlan(path, console: console) else { return HuntOutcome(exitCode: 2) }
            plan = p
        }
        let inventoryMatcher = plan.map(InventoryMatcher.init)

        // Inputs.
        guard var setup = InputSetup.make(config, console: console, diagnostics: diagnostics) else {
            return HuntOutcome(exitCode: 2)
        }
        setup.started = started
        // Events are normalised for what the rules of their provider read (rules without a
        // product see every provider); the reported ones are completed below.
        let rules = compiled.program.rules
        let wanted = Dictionary(
            uniqueKeysWithValues: Provider.allCases.map { provider in
                let applies = { (r: Int) in rules.indices.contains(r) && rules[r].providers.contains(provider) }
                var fields = compiled.program.ecsFieldsRead(ofRules: applies)
                fields.formUnion(correlator.ecsFieldsRead(fromRules: applies))
                if inventoryMatcher != nil { fields.insert(.credentialID) }
                return (provider, fields)
            })
        let fullNormalizer = setup.pipeline.normalizer
        setup.pipeline.normalizer = fullNormalizer.wanting { wanted[$0] ?? .all }
        if let stage = config.benchStage.flatMap(PipelineStage.init(rawValue:)) { setup.pipeline.stopAfter = stage }
        let limits = config.limits
        struct Worker {
            /// A program of its own: compiled again rather than shared, so that the two cores
            /// never contend for the reference counts of the same rule objects.
            var engine: DetectionEngine
            var scratch: EvaluationScratch
            var matches: [Match] = []
            var findings: [Finding] = []
            var providers: [Provider: Int] = [:]
            var inventory = InventoryMatcher.Local()
            var correlator: Correlator
        }
        let workers = PerWorker<Worker>(count: setup.pipeline.consumers) { i in
            Worker(
                engine: i == 0 ? engine : DetectionEngine(program: compiled.recompiled()),
                scratch: EvaluationScratch(limits: limits),
                correlator: Correlator(specs: compiled.specs, state: state, limits: limits))
        }
        let sink = setup.diagnostics
        let matchOnly = config.benchStage != nil
        let progress = ProgressReporter.start(config, totalFiles: setup.sources.count, console: console)
        var onBatch: (@Sendable (InputCounts) -> Void)?
        if let progress { onBatch = { counts in progress.add(counts) } }
        let counts = setup.pipeline.run(setup.sources, sink: sink, progress: onBatch) { worker, event in
            workers.with(worker) { w in
                // Which providers had logs: only `--inventory` asks (its "to hunt" gaps).
                if inventoryMatcher != nil { w.providers[event.provider, default: 0] += 1 }
                w.engine.evaluate(event, into: &w.matches, scratch: &w.scratch, keepingPaths: true)
                if !w.scratch.diagnostics.isEmpty {
                    for d in w.scratch.diagnostics { sink.emit(d) }
                    w.scratch.diagnostics.removeAll(keepingCapacity: true)
                }
                if !matchOnly {
                    for k in w.matches.indices {
                        let rule = w.matches[k].rule
                        if emitsFinding[rule] { w.findings.append(w.engine.finding(for: w.matches[k], event: event)) }
                        if feedsCorrelation[rule] {
                            w.correlator.ingest(w.matches[k], event: event, paths: w.scratch.paths)
                        }
                    }
                    inventoryMatcher?.observe(event, into: &w.inventory)
                }
                w.scratch.paths.end()
                w.matches.removeAll(keepingCapacity: true)
            }
        }

        progress?.stop()

        // Merge.
        var findings: [Finding] = []
        var providers: [Provider: Int] = [:]
        var inventoryLocal = InventoryMatcher.Local()
        for w in workers.all {
            findings += w.findings
            for (p, n) in w.providers { providers[p, default: 0] += n }
            inventoryLocal.merge(w.inventory)
            correlator.absorb(w.correlator)
        }
        let result = correlator.finish()
        findings += result.findings
        for d in result.diagnostics { diagnostics.emit(d) }
        if let inventoryMatcher {
            findings += inventoryMatcher.findings(inventoryLocal)
            for gap in inventoryMatcher.gaps(providers: providers) { diagnostics.emit(gap) }
        }
        if let path = config.statePath {
            do {
                try result.state.save(to: path)
            } catch {
                console.writeErr(Array("loghunt: error: \(error)\n".utf8))
                return HuntOutcome(exitCode: 2)
            }
        }

        // Report window: earlier events still built baselines above.
        let since = config.since.flatMap { Timestamp(parsing: $0) }
        let until = config.until.flatMap { Timestamp(parsing: $0) }.map(inclusiveEnd)
        if since != nil || until != nil {
            findings = findings.filter { f in
                guard let t = f.timestamp else { return false }
                if let since, t < since { return false }
                if let until, t > until { return false }
                return true
            }
        }
        findings.sort(by: Finding.reportOrder)
        for i in findings.indices {
            if let e = findings[i].event, e.mapped != .all { findings[i].event = fullNormalizer.completed(e) }
        }

        var summary = Summary(
            files: counts.files, records: counts.records, events: counts.events, malformed: counts.malformed,
            findings: 0, byLevel: [:])
        for f in findings { summary.count(f) }
        let context = ReportContext(
            toolVersion: LogHuntVersion.current, summary: summary, diagnostics: diagnostics.sorted,
            executionSuccessful: true)
        let format = ReportFormat(rawValue: config.format.rawValue) ?? .table
        var options = WriterOptions(
            width: config.stdoutIsTerminal ? config.terminalWidth : nil, color: config.color,
            indent: config.format == .json || config.format == .sarif ? 2 : nil)
        options.sarif.startTime = Timestamp(seconds: Int64(started.timeIntervalSince1970))
        options.sarif.endTime = Timestamp(seconds: Int64(Date().timeIntervalSince1970))
        options.sarif.commandLine = CommandLine.arguments.joined(separator: " ")
        let bytes = format.makeWriter(options: options).render(findings, context: context)
        if config.benchStage == nil || config.benchStage == "match" {
            guard OutputDestination.write(bytes, to: config.outputPath, console: console) else {
                return HuntOutcome(exitCode: 2)
            }
        }
        setup.printSummary(summary, config: config, console: console)

        if let strict = setup.strictStatus(config, counts: counts) {
            return HuntOutcome(exitCode: strict, findings: findings.count)
        }
        if let failOn = config.failOn.flatMap(Level.init(name:)), findings.contains(where: { $0.rule.level >= failOn })
        {
            return HuntOutcome(exitCode: 1, findings: findings.count)
        }
        return HuntOutcome(exitCode: 0, findings: findings.count)
    }

    /// `--until 2023-01-05` includes that whole day; a date-time is taken as given.
    static func inclusiveEnd(_ t: Timestamp) -> Timestamp {
        let c = t.components
        if c.hour == 0 && c.minute == 0 && c.second == 0 && c.nanosecond == 0 {
            return t.adding(nanoseconds: 86_400 * 1_000_000_000 - 1)
        }
        return t
    }

    /// Compiled rules and correlation specs, or nil (after printing why) on a rule error.
    struct CompiledRules {
        var program: Program
        var specs: [CorrelationSpec]
        /// Detection rules whose matches feed a correlation.
        var correlatedRules: Set<Int>
        var catalog: RuleCatalog
        var options: CompileOptions

        /// The same program compiled again: equal rules and indices, no shared objects.
        func recompiled() -> Program {
            RuleCompiler(options: options).compile(catalog.documents, sink: DiscardingDiagnosticSink())
        }
    }

    /// Loads and compiles the configuration's rules.
    static func compileRules(_ config: HuntConfiguration, sink: any DiagnosticSink, console: Console) -> CompiledRules?
    {
        var catalog = RuleCatalog.load(config, sink: sink)
        if config.geoipPath == nil && config.asnPath == nil {
            // Rules that look at enriched countries or ASNs would only report every match as
            // lacking its field; without a database they are left out, said once on a terminal.
            let (kept, leftOut) = catalog.withoutGeoIPRules()
            catalog.documents = kept
            if !leftOut.isEmpty && config.stderrIsTerminal && !config.quiet {
                let names = leftOut.map { TerminalText.escape($0) }.joined(separator: ", ")
                console.writeErr(Array("loghunt: note: left out \(names): it needs --geoip or --asn\n".utf8))
            }
        }
        let counting = CountingSink(sink)
        let options = CompileOptions(
            optimise: config.optimise, placeholders: catalog.placeholders, fieldMapping: catalog.mapping)
        let program = RuleCompiler(options: options).compile(catalog.documents, sink: counting)
        let errors = catalog.errors + counting.errors
        if errors > 0 {
            console.writeErr(
                Array("loghunt: error: \(errors) rule error\(errors == 1 ? "" : "s"); nothing hunted\n".utf8))
            return nil
        }
        let specs = catalog.documents.compactMap { doc -> CorrelationSpec? in
            guard case .correlation(let c) = doc else { return nil }
            return CorrelationSpec(c, baseRule: program.ruleIndex(named:))
        }
        var fed = Set<Int>()
        for s in specs {
            for source in s.sources {
                if case .rule(let i) = source.reference { fed.insert(i) }
            }
        }
        return CompiledRules(program: program, specs: specs, correlatedRules: fed, catalog: catalog, options: options)
    }
}
