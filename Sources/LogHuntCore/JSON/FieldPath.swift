/// A dotted field name as rules write it (`userIdentity.sessionContext.sessionIssuer.type`),
/// split once. `@timestamp` and other keys starting with `@` are single segments.
///
/// Resolution against a record tries the longest literal key first at each level, so an
/// ECS-flat key such as `gcp.audit.method_name` wins over path traversal, and walks through
/// arrays element by element ("any element" semantics).
package struct FieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The name as written.
    package let name: String
    /// The name split at dots.
    package let components: [String]

    /// Splits `name` at dots.
    package init(_ name: String) {
        self.name = name
        self.components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
    }

    package var description: String { name }

    /// Every node reached by this path from node `start` of `document`, fanning out over arrays.
    /// - Parameters:
    ///   - document: the record.
    ///   - start: the node to start at (the root by default).
    ///   - caseInsensitive: compare keys ASCII-case-insensitively (Azure).
    /// - Returns: node indices; empty when the field is missing.
    package func resolve(in document: JSONDocument, from start: Int = 0, caseInsensitive: Bool = false) -> [Int] {
        var out: [Int] = []
        walk(document, start, 0, caseInsensitive, &out, budget: 64)
        return out
    }

    /// The first node reached by this path, or nil.
    package func first(in document: JSONDocument, from start: Int = 0, caseInsensitive: Bool = false) -> Int? {
        resolve(in: document, from: start, caseInsensitive: caseInsensitive).first
    }

    private func walk(
        _ doc: JSONDocument, _ node: Int, _ k: Int, _ ci: Bool, _ out: inout [Int], budget: Int
    ) {
        guard budget > 0 else { return }
        if k == components.count {
            out.append(node)
            return
        }
        switch doc.kind(node) {
        case .array:
            for e in doc.elements(node) { walk(doc, e, k, ci, &out, budget: budget - 1) }
        case .object:
            // Longest literal key first: "a.b.c", then "a.b", then "a".
            var j = components.count
            while j > k {
                let key = j == k + 1 ? components[k] : components[k..<j].joined(separator: ".")
                if let v = ci ? doc.memberCaseInsensitive(node, key) : doc.member(node, key) {
                    walk(doc, v, j, ci, &out, budget: budget - 1)
                    return
                }
                j -= 1
            }
        default:
            return
        }
    }
}
