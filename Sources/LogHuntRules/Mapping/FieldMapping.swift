import LogHuntCore

/// Field names as rules write them → raw paths in real exports, per product (as data, in the
/// spirit of Chainsaw's mappings and pySigma's field-name pipelines).
///
/// A mapping file (`Rules/mappings/<product>.yml`, or a user's `--mapping FILE`) holds one
/// or more YAML documents `{product: gcp, fields: {name: path | [paths]}}`. A name ending in
/// `*` is a prefix pattern whose candidates also end in `*` (`data.protoPayload.*:
/// protoPayload.*`). Exact names win over prefixes; the longest prefix wins among prefixes.
package struct FieldMapping: Sendable, Hashable {
    /// One mapping line.
    package struct Entry: Sendable, Hashable {
        /// The name as written in rules; for a prefix pattern, without the trailing `*`.
        package var name: String
        /// True for a prefix pattern (`name*`).
        package var isPrefix: Bool
        /// The raw paths (or ECS names) to try, in order; for a prefix pattern, the
        /// replacement prefixes.
        package var candidates: [String]
        /// Where the entry is.
        package var mark: RuleMark

        /// Creates an entry.
        package init(name: String, isPrefix: Bool, candidates: [String], mark: RuleMark) {
            self.name = name
            self.isPrefix = isPrefix
            self.candidates = candidates
            self.mark = mark
        }
    }

    /// Entries per product (lowercase product name), in precedence order.
    package var products: [String: [Entry]]

    /// An empty mapping.
    package init() {
        products = [:]
    }

    /// Reads a mapping file with the same bounded YAML reader as rules.
    /// - Parameters:
    ///   - text: the file's text.
    ///   - file: the path for diagnostics.
    ///   - limits: the YAML limits.
    ///   - sink: receives `.ruleError` diagnostics.
    /// - Returns: the entries that could be read.
    package static func load(text: String, file: String, limits: Limits, sink: any DiagnosticSink) -> FieldMapping {
        var mapping = FieldMapping()
        func fail(_ e: RuleError, _ mark: RuleMark) {
            sink.emit(
                Diagnostic(
                    .error, .ruleError, file: mark.file, line: mark.line, column: mark.column, message: e.description))
        }
        for root in YAMLReader(file: file, limits: limits, sink: sink).documents(text) {
            if root.isNull { continue }
            guard case .mapping(let pairs, let mark) = root else {
                fail(.wrongType(key: "mapping document", expected: "a mapping with 'product' and 'fields'"), root.mark)
                continue
            }
            for pair in pairs {
                let key = pair.key.scalar?.text ?? ""
                if !["product", "fields", "description"].contains(key) {
                    fail(.unknownKey(key, in: "a field mapping"), pair.key.mark)
                }
            }
            guard let product = root["product"]?.scalar, product.kind != .null, !product.text.isEmpty else {
                fail(.missingKey("product", in: "a field mapping"), mark)
                continue
            }
            guard let fields = root["fields"], case .mapping(let entries, _) = fields else {
                fail(
                    .wrongType(key: "fields", expected: "a mapping of rule field → path or list of paths"),
                    root["fields"]?.mark ?? mark)
                continue
            }
            var out: [Entry] = []
            for pair in entries {
                guard let name = pair.key.scalar?.text, !name.isEmpty else {
                    fail(.wrongType(key: "fields", expected: "string keys"), pair.key.mark)
                    continue
                }
                var candidates: [String] = []
                switch pair.value {
                case .scalar(let s) where s.kind != .null: candidates = [s.text]
                case .sequence(let items, _) where !items.isEmpty:
                    for item in items {
                        if let s = item.scalar, s.kind != .null {
                            candidates.append(s.text)
                        } else {
                            fail(.wrongType(key: name, expected: "a path or a list of paths"), item.mark)
                        }
                    }
                default:
                    fail(.wrongType(key: name, expected: "a path or a list of paths"), pair.value.mark)
                    continue
                }
                let isPrefix = name.hasSuffix("*")
                if isPrefix {
                    if let bad = candidates.first(where: { !$0.hasSuffix("*") }) {
                        fail(
                            .invalidValue(bad, reason: "a prefix pattern maps to prefixes ending in '*'"),
                            pair.value.mark)
                        continue
                    }
                    candidates = candidates.map { String($0.dropLast()) }
                } else if let bad = candidates.first(where: { $0.contains("*") }) {
                    fail(.invalidValue(bad, reason: "only a name ending in '*' maps to prefixes"), pair.value.mark)
                    continue
                }
                out.append(
                    Entry(
                        name: isPrefix ? String(name.dropLast()) : name, isPrefix: isPrefix, candidates: candidates,
                        mark: pair.key.mark))
            }
            mapping.products[product.text.lowercased(), default: []].append(contentsOf: out)
        }
        return mapping
    }

    /// This mapping with `other`'s entries taking precedence (a user's `--mapping` over the
    /// built-in files).
    package func overridden(by other: FieldMapping) -> FieldMapping {
        var merged = self
        for (product, entries) in other.products {
            merged.products[product] = entries + (merged.products[product] ?? [])
        }
        return merged
    }

    /// The raw paths to try for `field` in events of `product`, in order; empty when the name
    /// is not mapped (then only the name itself is looked up).
    /// - Parameters:
    ///   - field: the field name as the rule writes it.
    ///   - product: the event's product (`gcp`, `azure`, …); nil tries no mapping.
    /// - Returns: candidate paths, without the name itself.
    package func candidates(for field: String, product: String?) -> [String] {
        guard let product, let entries = products[product.lowercased()] else { return [] }
        if let exact = entries.first(where: { !$0.isPrefix && $0.name == field }) { return exact.candidates }
        var best: Entry?
        for entry in entries where entry.isPrefix && field.hasPrefix(entry.name) && field.count > entry.name.count {
            if best == nil || entry.name.count > (best?.name.count ?? 0) { best = entry }
        }
        guard let best else { return [] }
        let rest = field.dropFirst(best.name.count)
        return best.candidates.map { $0 + rest }
    }

    /// The built-in mapping files (`Rules/mappings/*.yml`), read with default limits.
    /// - Parameter sink: receives problems in the built-in files (a defect if any).
    /// - Returns: the combined mapping.
    package static func builtin(sink: any DiagnosticSink) -> FieldMapping {
        var mapping = FieldMapping()
        for file in BuiltinRules.mappings {
            mapping = mapping.overridden(
                by: FieldMapping.load(text: file.text, file: file.path, limits: Limits(), sink: sink))
        }
        return mapping
    }
}
