import Foundation
import LogHuntCore
import LogHuntNormalize
import LogHuntReport

extension LogHunt {
    /// The fields `trace` looks in, in the order a match is attributed.
    static let traceFields: [ECSField] = [.credentialID, .userName, .userID, .userEmail, .sourceIP, .targetName]

    /// `loghunt trace VALUE…`: every event, across all providers, whose credential id, user,
    /// source IP or target equals one of the values (exactly), as a timeline with a
    /// per-provider summary.
    public static func trace(_ config: TraceConfiguration, console: Console) -> HuntOutcome {
        var values: [String] = []
        for v in config.values {
            if v.hasPrefix("@") {
                let path = String(v.dropFirst())
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    console.writeErr(Array("loghunt: error: \(path): cannot read the value file\n".utf8))
                    return HuntOutcome(exitCode: 2)
                }
                values += ValueList.parse(text)
            } else if !v.isEmpty {
                values.append(v)
            }
        }
        guard !values.isEmpty else {
            console.writeErr(Array("loghunt: error: trace needs at least one value\n".utf8))
            return HuntOutcome(exitCode: 2)
        }
        let fields: [ECSField] = config.field.flatMap { ECSField(name: $0) }.map { [$0] } ?? traceFields
        let wanted = Set(values)
        let hunt = config.hunt
        guard let setup = InputSetup.make(hunt, console: console) else { return HuntOutcome(exitCode: 2) }
        struct Local {
            var entries: [TraceWriter.Entry] = []
            var summary = TraceSummary()
        }
        let locals = PerWorker<Local>(count: setup.pipeline.consumers) { _ in Local() }
        let counts = setup.pipeline.run(setup.sources, sink: setup.diagnostics) { worker, event in
            for field in fields {
                guard let v = event.fields[field], wanted.contains(v) else { continue }
                locals.with(worker) {
                    $0.entries.append(TraceWriter.Entry(event: event, matchedField: field.rawValue, value: v))
                    $0.summary.add(event, matchedField: field.rawValue)
                }
                return
            }
        }
        var entries: [TraceWriter.Entry] = []
        var summary = TraceSummary()
        for l in locals.all {
            entries += l.entries
            summary.merge(l.summary)
        }
        entries.sort(by: TraceWriter.order)
        let writer = TraceWriter(width: hunt.stdoutIsTerminal ? hunt.terminalWidth : nil)
        let bytes: [UInt8]
        switch hunt.format {
        case .json, .sarif: bytes = writer.json(entries, summary: summary, values: values)
        case .jsonl: bytes = writer.jsonLines(entries)
        case .csv: bytes = writer.csv(entries)
        case .table: bytes = writer.table(entries, summary: summary, values: values)
        }
        guard OutputDestination.write(bytes, to: hunt.outputPath, console: console) else {
            return HuntOutcome(exitCode: 2)
        }
        let s = counts.summary
        setup.printSummary(s, config: hunt, console: console)
        return HuntOutcome(exitCode: setup.strictStatus(hunt, counts: counts) ?? 0, findings: entries.count)
    }
}

/// `@FILE` value lists: one value a line, `#` comments, blank lines ignored, whitespace trimmed.
enum ValueList {
    static func parse(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).compactMap { line in
            let body = line.hasPrefix("#") ? "" : line.split(separator: "#", maxSplits: 1).first.map(String.init) ?? ""
            let trimmed = body.trimmingCharacters(in: .whitespaces)
            return trimmed.isEmpty ? nil : trimmed
        }
    }
}
