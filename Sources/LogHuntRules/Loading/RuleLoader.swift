import LogHuntCore

/// Turns rule text into typed documents, reporting every problem with FILE:LINE:COLUMN.
///
/// Multi-document files (`---`) are read in full; each document becomes a detection rule, a
/// correlation or a filter. A document with an error is reported and left out; warnings keep it.
package enum RuleLoader {
    /// Loads every document of one rule file.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: the path used in marks and diagnostics (built-in rules: `Rules/<product>/…`).
    ///   - limits: `maxYAMLNodes` and `maxYAMLDepth` bound the YAML walk.
    ///   - sink: receives `.ruleError` diagnostics (errors and warnings).
    /// - Returns: the documents that loaded without error, in file order.
    package static func load(text: String, file: String, limits: Limits, sink: any DiagnosticSink) -> [RuleDocument] {
        let reader = YAMLReader(file: file, limits: limits, sink: sink)
        var out: [RuleDocument] = []
        for root in reader.documents(text) {
            if root.isNull { continue }
            var builder = RuleBuilder(file: file, sink: sink)
            if let document = builder.document(root), builder.errors == 0 {
                out.append(document)
            }
        }
        return out
    }

    /// Loads every built-in rule file (`BuiltinRules.files`), in path order.
    /// - Parameters:
    ///   - limits: the YAML limits.
    ///   - sink: receives diagnostics (a problem in a built-in file is a defect, caught by tests).
    /// - Returns: the documents, reporting their files as `Rules/…`.
    package static func loadBuiltin(limits: Limits, sink: any DiagnosticSink) -> [RuleDocument] {
        BuiltinRules.files.flatMap { load(text: $0.text, file: $0.path, limits: limits, sink: sink) }
    }

    /// Loads one file and reports how many errors and warnings it produced.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: the path used in marks and diagnostics.
    ///   - limits: the YAML limits.
    /// - Returns: the documents and every diagnostic, in the order found.
    package static func check(text: String, file: String, limits: Limits = Limits()) -> (
        documents: [RuleDocument], diagnostics: [Diagnostic]
    ) {
        let collector = DiagnosticCollector()
        let documents = load(text: text, file: file, limits: limits, sink: collector)
        return (documents, collector.diagnostics)
    }
}
