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
    /// The literal keys to try at level `k`, longest first (components `k..<n` joined with
    /// dots, then `k..<n-1`, … down to `components[k]`), joined once here rather than for
    /// every record: their UTF-8 back to back in `keyBytes`, level `k`'s `n - k` spans starting
    /// at `keySpans[levelStart[k]]`. Flat arrays, so a walk reads them through two buffer
    /// pointers instead of retaining a string per key tried.
    private let keyBytes: [UInt8]
    private let keySpans: [Range<Int>]
    private let levelStart: [Int]

    /// Splits `name` at dots.
    package init(_ name: String) {
        self.name = name
        let components = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        self.components = components
        var bytes: [UInt8] = []
        var spans: [Range<Int>] = []
        var starts: [Int] = []
        for k in components.indices {
            starts.append(spans.count)
            for j in stride(from: components.count, to: k, by: -1) {
                let key = components[k..<j].joined(separator: ".").utf8
                spans.append(bytes.count..<(bytes.count + key.count))
                bytes += key
            }
        }
        keyBytes = bytes
        keySpans = spans
        levelStart = starts
    }

    package static func == (a: FieldPath, b: FieldPath) -> Bool { a.name == b.name }
    package func hash(into hasher: inout Hasher) { hasher.combine(name) }

    package var description: String { name }

    /// Every node reached by this path from node `start` of `document`, fanning out over arrays.
    /// - Parameters:
    ///   - document: the record.
    ///   - start: the node to start at (the root by default).
    ///   - caseInsensitive: compare keys ASCII-case-insensitively (Azure).
    /// - Returns: node indices; empty when the field is missing.
    package func resolve(in document: JSONDocument, from start: Int = 0, caseInsensitive: Bool = false) -> [Int] {
        var out: [Int] = []
        visit(in: document, from: start, caseInsensitive: caseInsensitive) {
            out.append($0)
            return true
        }
        return out
    }

    /// Calls `body` with every node `resolve` returns, in the same order, without building
    /// the array; `body` returns false to stop.
    /// - Parameters:
    ///   - document: the record.
    ///   - start: the node to start at (the root by default).
    ///   - caseInsensitive: compare keys ASCII-case-insensitively (Azure).
    ///   - body: called per node.
    package func visit(
        in document: JSONDocument, from start: Int = 0, caseInsensitive: Bool = false, _ body: (Int) -> Bool
    ) {
        visit(
            in: document, from: start, indexed: false, caseInsensitive: caseInsensitive, rootMember: { _ in nil }, body)
    }

    /// `visit(in:from:caseInsensitive:_:)` from the root, with the root's members looked up
    /// through `rootMember` (which must give the answers `JSONDocument.member(_:utf8Key:)`, or
    /// `memberCaseInsensitive` for case-insensitive walks, give there): an index built once per
    /// record then spares the walk the member scans.
    package func visit(
        in document: JSONDocument, caseInsensitive: Bool, rootMember: (UnsafeRawBufferPointer) -> Int?,
        _ body: (Int) -> Bool
    ) {
        visit(
            in: document, from: document.root, indexed: true, caseInsensitive: caseInsensitive, rootMember: rootMember,
            body)
    }

    private func visit(
        in document: JSONDocument, from start: Int, indexed: Bool, caseInsensitive: Bool,
        rootMember: (UnsafeRawBufferPointer) -> Int?, _ body: (Int) -> Bool
    ) {
        var going = true
        keyBytes.withUnsafeBytes { keys in
            keySpans.withUnsafeBufferPointer { spans in
                levelStart.withUnsafeBufferPointer { levels in
                    walk(
                        document, keys, spans, levels, start, 0, caseInsensitive, indexed, rootMember, &going,
                        budget: 64, body)
                }
            }
        }
    }

    private func walk(
        _ doc: JSONDocument, _ keys: UnsafeRawBufferPointer, _ spans: UnsafeBufferPointer<Range<Int>>,
        _ levels: UnsafeBufferPointer<Int>, _ node: Int, _ k: Int, _ ci: Bool, _ indexed: Bool,
        _ rootMember: (UnsafeRawBufferPointer) -> Int?, _ going: inout Bool, budget: Int, _ body: (Int) -> Bool
    ) {
        guard budget > 0, going else { return }
        let n = levels.count
        if k == n {
            going = body(node)
            return
        }
        switch doc.kind(node) {
        case .array:
            for e in doc.elements(node) {
                walk(doc, keys, spans, levels, e, k, ci, indexed, rootMember, &going, budget: budget - 1, body)
                if !going { return }
            }
        case .object:
            let first = levels[k]
            let atRoot = indexed && node == doc.root
            for m in 0..<(n - k) {
                let key = UnsafeRawBufferPointer(rebasing: keys[spans[first + m]])
                let hit =
                    atRoot
                    ? rootMember(key)
                    : (ci ? doc.memberCaseInsensitive(node, utf8Key: key) : doc.member(node, utf8Key: key))
                if let v = hit {
                    walk(doc, keys, spans, levels, v, n - m, ci, indexed, rootMember, &going, budget: budget - 1, body)
                    return
                }
            }
        default:
            return
        }
    }

    /// The first node reached by this path, or nil.
    package func first(in document: JSONDocument, from start: Int = 0, caseInsensitive: Bool = false) -> Int? {
        var found: Int?
        visit(in: document, from: start, caseInsensitive: caseInsensitive) {
            found = $0
            return false
        }
        return found
    }
}
