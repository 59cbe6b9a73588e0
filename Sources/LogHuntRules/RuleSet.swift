import LogHuntCore

/// Every document from many rule files, with lookup by `id` and `name` across files and the
/// checks that need all of them (references of correlations and filters, cycles).
package struct RuleSet: Sendable {
    /// The documents, in load order.
    package private(set) var documents: [RuleDocument]
    private var byID: [String: Int] = [:]
    private var byName: [String: Int] = [:]
    private var duplicates: [(index: Int, key: String)] = []

    /// Creates a set from documents (first id or name wins; later ones are reported by `check`).
    package init(documents: [RuleDocument] = []) {
        self.documents = []
        add(documents)
    }

    /// Adds documents at the end.
    package mutating func add(_ more: [RuleDocument]) {
        for document in more {
            let index = documents.count
            documents.append(document)
            if let id = document.id {
                if byID[id] == nil { byID[id] = index } else { duplicates.append((index, id)) }
            }
            if let name = document.name {
                if byName[name] == nil { byName[name] = index } else { duplicates.append((index, name)) }
            }
        }
    }

    /// The index of the document with this `id`, else with this `name`.
    package func index(of reference: String) -> Int? {
        byID[reference] ?? byName[reference]
    }

    /// The document with this `id`, else with this `name`.
    package func document(_ reference: String) -> RuleDocument? {
        index(of: reference).map { documents[$0] }
    }

    /// The document with this `id`.
    package func document(id: String) -> RuleDocument? { byID[id].map { documents[$0] } }

    /// The document with this `name`.
    package func document(named name: String) -> RuleDocument? { byName[name].map { documents[$0] } }

    /// The detection rules, in load order.
    package var detectionRules: [SigmaRule] {
        documents.compactMap { if case .detection(let r) = $0 { return r } else { return nil } }
    }

    /// The correlation rules, in load order.
    package var correlations: [CorrelationRule] {
        documents.compactMap { if case .correlation(let r) = $0 { return r } else { return nil } }
    }

    /// The filters, in load order.
    package var filters: [FilterRule] {
        documents.compactMap { if case .filter(let r) = $0 { return r } else { return nil } }
    }

    /// Checks what needs the whole set: every reference of a correlation or filter resolves
    /// (an error at the reference's mark), correlations form no cycle, aliases name referenced
    /// rules, and ids and names are unique (a warning).
    /// - Parameter sink: receives `.ruleError` diagnostics.
    /// - Returns: the indexes of the documents that must be left out (their references fail,
    ///   directly or through another correlation).
    @discardableResult
    package func check(sink: any DiagnosticSink) -> Set<Int> {
        func report(_ e: RuleError, _ mark: RuleMark, _ severity: Diagnostic.Severity = .error) {
            sink.emit(
                Diagnostic(
                    severity, .ruleError, file: mark.file, line: mark.line, column: mark.column, message: e.description)
            )
        }
        for (index, key) in duplicates {
            report(.duplicateIdentity(key), documents[index].mark, .warning)
        }
        var bad: Set<Int> = []
        for (index, document) in documents.enumerated() {
            for reference in document.references {
                guard let target = self.index(of: reference.target) else {
                    report(.unknownReference(reference.target), reference.mark)
                    bad.insert(index)
                    continue
                }
                if case .filter = documents[target] {
                    report(.invalidValue(reference.target, reason: "a filter cannot be referenced"), reference.mark)
                    bad.insert(index)
                }
                if case .filter = document, case .correlation = documents[target] {
                    report(
                        .invalidValue(reference.target, reason: "filters apply to detection rules, not correlations"),
                        reference.mark)
                    bad.insert(index)
                }
            }
            if case .correlation(let correlation) = document {
                let referenced = Set(correlation.rules.map(\.target))
                for alias in correlation.aliases {
                    for field in alias.fields where !referenced.contains(field.rule) {
                        let resolvedNames = correlation.rules.compactMap { self.document($0.target) }.flatMap {
                            [$0.id, $0.name].compactMap { $0 }
                        }
                        if !resolvedNames.contains(field.rule) {
                            report(
                                .invalidValue(
                                    field.rule,
                                    reason: "alias '\(alias.name)' names a rule the correlation does not reference"),
                                field.mark)
                            bad.insert(index)
                        }
                    }
                }
            }
        }
        // Cycles among correlations (depth-first, colouring).
        var state = [UInt8](repeating: 0, count: documents.count)
        var stack: [Int] = []
        func visit(_ i: Int) {
            state[i] = 1
            stack.append(i)
            for reference in documents[i].references {
                guard let j = index(of: reference.target), case .correlation = documents[j] else { continue }
                if state[j] == 1 {
                    let start = stack.firstIndex(of: j) ?? 0
                    let names = (stack[start...] + [j]).map { documents[$0].identity }
                    report(.referenceCycle(names), reference.mark)
                    for k in stack[start...] { bad.insert(k) }
                } else if state[j] == 0 {
                    visit(j)
                }
            }
            stack.removeLast()
            state[i] = 2
        }
        for (i, document) in documents.enumerated() where state[i] == 0 {
            if case .correlation = document { visit(i) }
        }
        // Anything referencing a bad document is bad too.
        var changed = true
        while changed {
            changed = false
            for (i, document) in documents.enumerated() where !bad.contains(i) {
                if document.references.contains(where: { index(of: $0.target).map(bad.contains) ?? false }) {
                    bad.insert(i)
                    changed = true
                }
            }
        }
        return bad
    }

    /// The set without the documents `check` rejects (diagnostics go to `sink`).
    package func validated(sink: any DiagnosticSink) -> RuleSet {
        let bad = check(sink: sink)
        guard !bad.isEmpty else { return self }
        return RuleSet(documents: documents.enumerated().filter { !bad.contains($0.offset) }.map(\.element))
    }
}
