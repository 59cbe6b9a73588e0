import Foundation
import Synchronization
import LogHuntCore
import LogHuntRules

/// The rules of a run: the built-in rules and the user's `--rules` files, the placeholder
/// values (built-in lists overridden by `--var`) and the field mappings (built-in plus
/// `--mapping`). Reading rule, list and mapping files is the facade's job (house rule 3).
struct RuleCatalog {
    /// Every loaded document, from every file.
    var documents: [RuleDocument]
    /// Rule files read.
    var files: [String]
    /// `%name%` values.
    var placeholders: Placeholders
    /// Field mappings.
    var mapping: FieldMapping
    /// Errors found while loading (parse errors, unreadable files, bad `--var`).
    var errors: Int
    /// Rule files marked `# requires: geoip`: they need `--geoip`/`--asn` enrichment to see anything.
    var requiresGeoIP: Set<String> = []

    /// True when one of the first 40 lines of a rule file's text is the `# requires: geoip`
    /// marker (spaces and tabs around it allowed). Reads those lines' bytes only: trimming the
    /// rest of each file through Foundation cost a fifth of start-up.
    static func needsGeoIP(_ text: String) -> Bool {
        let marker = "# requires: geoip".utf8
        let utf8 = text.utf8
        var start = utf8.startIndex
        for _ in 0..<40 where start < utf8.endIndex {
            let end = utf8[start...].firstIndex(of: UInt8(ascii: "\n")) ?? utf8.endIndex
            var line = utf8[start..<end]
            while let b = line.first, b == 0x20 || b == 0x09 { line = line.dropFirst() }
            while let b = line.last, b == 0x20 || b == 0x09 { line = line.dropLast() }
            if line.elementsEqual(marker) { return true }
            start = end < utf8.endIndex ? utf8.index(after: end) : end
        }
        return false
    }

    /// The documents without those of files that need enrichment.
    func withoutGeoIPRules() -> (documents: [RuleDocument], leftOut: [String]) {
        guard !requiresGeoIP.isEmpty else { return (documents, []) }
        return (documents.filter { !requiresGeoIP.contains($0.file) }, requiresGeoIP.sorted())
    }

    /// Loads everything the configuration names, sending problems to `sink`.
    static func load(_ config: HuntConfiguration, sink: any DiagnosticSink) -> RuleCatalog {
        let counting = CountingSink(sink)
        // Reading files and their problems stay in order; each readable text is then parsed
        // on its own (`parse`), and what that said reaches the sink in the same order.
        enum Source {
            case text(path: String, text: String)
            case problem(Diagnostic)
        }
        var sources: [Source] = []
        if config.builtinRules {
            sources += BuiltinRules.files.map { .text(path: $0.path, text: $0.text) }
        }
        for path in ruleFiles(config.rulePaths, sink: counting) {
            guard let data = FileManager.default.contents(atPath: path) else {
                sources.append(
                    .problem(Diagnostic(.error, .ruleError, file: path, message: "cannot read the rule file")))
                continue
            }
            var bytes = Array(data)
            if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
            guard let text = String(validating: bytes, as: UTF8.self) else {
                sources.append(
                    .problem(Diagnostic(.error, .ruleError, file: path, message: "rule file is not valid UTF-8")))
                continue
            }
            sources.append(.text(path: path, text: text))
        }
        let texts = sources.compactMap { source -> (path: String, text: String)? in
            if case .text(let path, let text) = source { return (path, text) }
            return nil
        }
        var parsed = parse(texts, limits: config.limits).makeIterator()
        var documents: [RuleDocument] = []
        var files: [String] = []
        var geo: Set<String> = []
        for source in sources {
            switch source {
            case .problem(let diagnostic):
                counting.emit(diagnostic)
            case .text(let path, let text):
                guard let (loaded, diagnostics) = parsed.next() else { continue }
                for d in diagnostics { counting.emit(d) }
                documents += loaded
                files.append(path)
                if needsGeoIP(text) { geo.insert(path) }
            }
        }
        let set = RuleSet(documents: documents).validated(sink: counting)
        var mapping = FieldMapping.builtin(sink: counting)
        for path in config.mappingPaths {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                counting.emit(Diagnostic(.error, .ruleError, file: path, message: "cannot read the mapping file"))
                continue
            }
            mapping = mapping.overridden(
                by: FieldMapping.load(text: text, file: path, limits: config.limits, sink: counting))
        }
        let vars = variables(config.variables, sink: counting)
        return RuleCatalog(
            documents: set.documents, files: files, placeholders: Placeholders.builtin.overridden(by: vars),
            mapping: mapping, errors: counting.errors, requiresGeoIP: geo)
    }

    /// Each text's documents and diagnostics (`RuleLoader.load`), in order. The texts are
    /// independent, so they are parsed on every core (YAML composition is most of start-up);
    /// the answer is the same as parsing them one after the other.
    /// - Parameters:
    ///   - texts: rule file texts and the paths their diagnostics name.
    ///   - limits: the YAML and rule limits.
    /// - Returns: per text, its documents and what loading it reported, in emission order.
    static func parse(_ texts: [(path: String, text: String)], limits: Limits) -> [(
        [RuleDocument], [Diagnostic]
    )] {
        let results = Mutex([([RuleDocument], [Diagnostic])?](repeating: nil, count: texts.count))
        let next = Atomic<Int>(0)
        let workers = min(texts.count, max(1, ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let i = next.add(1, ordering: .relaxed).oldValue
                guard i < texts.count else { return }
                let collector = DiagnosticCollector()
                let documents = RuleLoader.load(
                    text: texts[i].text, file: texts[i].path, limits: limits, sink: collector)
                let diagnostics = collector.diagnostics
                results.withLock { $0[i] = (documents, diagnostics) }
            }
        }
        return results.withLock { $0.map { $0 ?? ([], []) } }
    }

    /// `--var NAME=VALUE` (one value) and `--var NAME=@FILE` (a list); repeated names add values.
    static func variables(_ specs: [String], sink: any DiagnosticSink) -> Placeholders {
        var out = Placeholders()
        for spec in specs {
            guard let eq = spec.firstIndex(of: "=") else { continue }
            let name = String(spec[..<eq]).trimmingCharacters(in: .whitespaces).trimmingCharacters(
                in: CharacterSet(charactersIn: "%"))
            let value = String(spec[spec.index(after: eq)...])
            var values = out[name] ?? []
            if value.hasPrefix("@") {
                let path = String(value.dropFirst())
                guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                    sink.emit(Diagnostic(.error, .ruleError, file: path, message: "cannot read the --var \(name) list"))
                    continue
                }
                values += Placeholders.parseList(text: text)
            } else {
                values.append(value)
            }
            out[name] = values
        }
        return out
    }

    /// Rule files under the given paths: files as given, directories searched recursively for
    /// `.yml`/`.yaml` (hidden entries skipped), in sorted order.
    static func ruleFiles(_ paths: [String], sink: any DiagnosticSink) -> [String] {
        var out: [String] = []
        let fm = FileManager.default
        for path in paths {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: path, isDirectory: &isDir) else {
                sink.emit(Diagnostic(.error, .ruleError, file: path, message: "no such rule file or directory"))
                continue
            }
            if !isDir.boolValue {
                out.append(path)
                continue
            }
            var found: [String] = []
            if let walker = fm.enumerator(atPath: path) {
                while let rel = walker.nextObject() as? String {
                    let name = (rel as NSString).lastPathComponent
                    if name.hasPrefix(".") {
                        walker.skipDescendants()
                        continue
                    }
                    // Placeholder lists, mappings and tables that live beside rules are not rules.
                    let parts = rel.split(separator: "/")
                    if parts.contains(where: { $0 == "lists" || $0 == "mappings" || $0 == "inventory" }) { continue }
                    if name.hasSuffix(".yml") || name.hasSuffix(".yaml") {
                        found.append(path.hasSuffix("/") ? path + rel : path + "/" + rel)
                    }
                }
            }
            out += found.sorted()
        }
        return out
    }
}

/// Forwards diagnostics and counts the errors among them.
final class CountingSink: DiagnosticSink, @unchecked Sendable {
    private let base: any DiagnosticSink
    private let lock = NSLock()
    private var errorCount = 0
    private var warningCount = 0

    init(_ base: any DiagnosticSink) { self.base = base }

    func emit(_ diagnostic: Diagnostic) {
        lock.lock()
        if diagnostic.severity == .error { errorCount += 1 } else { warningCount += 1 }
        lock.unlock()
        base.emit(diagnostic)
    }

    var errors: Int { lock.withLock { errorCount } }
    var warnings: Int { lock.withLock { warningCount } }
}
