import Foundation
import LogHuntCore
import LogHuntIngest
import LogHuntNormalize
import LogHuntRules
import LogHuntTestSupport
import Testing

@testable import LogHuntEngine

/// The real third-party samples (read in place from `../shared/realdata`) through SigmaHQ's
/// rules and the built-in rules: optimiser on and off give the same matches, and the rule
/// index never hides a match that evaluating every rule directly would find.
@Suite struct RealDataDifferentialTests {
    static func files() -> [String] {
        let root = TestPaths.realData("")
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let relative = walker.nextObject() as? String {
            let name = (relative as NSString).lastPathComponent
            guard !name.hasPrefix("."), !name.hasSuffix(".md"), !name.hasSuffix(".tsv"), !name.contains("digest") else {
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + relative, isDirectory: &isDirectory),
                !isDirectory.boolValue
            {
                out.append(root + relative)
            }
        }
        return out.sorted()
    }

    @Test func optimiserAndIndexAgreeOnRealData() throws {
        let files = Self.files()
        #expect(files.count >= 5)
        var documents = try CorpusTests.sigmaDocuments()
        documents += CorpusTests.builtinDocuments()
        var names: Set<String> = []
        for case .detection(let rule) in documents { names.formUnion(rule.placeholderNames) }
        var values = Placeholders.builtin
        for n in names where values[n] == nil { values[n] = ["10.0.0.0/8"] }
        let on = DetectionEngine(
            program: RuleCompiler(options: CompileOptions(optimise: true, placeholders: values))
                .compile(documents, sink: DiscardingDiagnosticSink()))
        let off = DetectionEngine(
            program: RuleCompiler(options: CompileOptions(optimise: false, placeholders: values))
                .compile(documents, sink: DiscardingDiagnosticSink()))
        let normalizer = Normalizer()
        var scratch = EvaluationScratch()
        var events = 0
        var matched = 0
        var disagreements: [String] = []
        for path in files {
            var reader = RecordReader(
                source: InputSource(displayPath: path), limits: Limits(), sink: DiscardingDiagnosticSink())
            while let record = reader.next() {
                let event = normalizer.normalize(record)
                events += 1
                var a: [Match] = []
                var b: [Match] = []
                on.evaluate(event, into: &a, scratch: &scratch)
                off.evaluate(event, into: &b, scratch: &scratch)
                if a.map(\.rule) != b.map(\.rule) { disagreements.append("\(event.location): optimiser") }
                let direct = on.program.rules.indices.filter { on.matches(rule: $0, event, scratch: &scratch) }
                if direct != a.map(\.rule) { disagreements.append("\(event.location): index") }
                matched += a.count
                scratch.diagnostics.removeAll()
            }
        }
        #expect(events >= 100)
        #expect(matched > 0)
        #expect(disagreements.isEmpty, "\(disagreements.prefix(10))")
    }
}
