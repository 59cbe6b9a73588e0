import LogHuntCore

/// A raw dotted field path split once, with every literal key it could stand for pre-encoded,
/// so resolving it against a record allocates nothing. Semantics equal `FieldPath`: at each
/// level the longest literal key wins (`gcp.audit.method_name` as one flat key before the
/// nested path), and arrays are walked element by element.
package struct CompiledPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as written.
    package let name: String
    /// `keys[k][m]`: UTF-8 of components `k ..< k + m + 1` joined with dots.
    private let keys: [[[UInt8]]]

    /// Splits `name` at dots.
    /// - Parameter name: the dotted path.
    package init(_ name: String) {
        self.name = name
        let comps = name.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        var keys: [[[UInt8]]] = []
        for k in 0..<comps.count {
            var row: [[UInt8]] = []
            var joined: [UInt8] = []
            for j in k..<comps.count {
                if j > k { joined.append(0x2E) }
                joined += comps[j]
                row.append(joined)
            }
            keys.append(row)
        }
        self.keys = keys
    }

    package var description: String { name }

    /// Number of components.
    package var count: Int { keys.count }

    /// Calls `body` with every node the path reaches, until `body` returns true.
    /// - Parameters:
    ///   - doc: the record.
    ///   - caseInsensitive: compare keys ASCII-case-insensitively (exact keys preferred).
    ///   - found: set to true when at least one node is reached.
    ///   - body: returns true to stop.
    /// - Returns: true when `body` stopped the walk.
    @discardableResult
    package func visit(
        _ doc: JSONDocument, caseInsensitive: Bool, found: inout Bool, _ body: (Int) -> Bool
    ) -> Bool {
        walk(doc, doc.root, 0, caseInsensitive, &found, 64, body)
    }

    private func walk(
        _ doc: JSONDocument, _ node: Int, _ k: Int, _ ci: Bool, _ found: inout Bool, _ budget: Int,
        _ body: (Int) -> Bool
    ) -> Bool {
        guard budget > 0 else { return false }
        if k == keys.count {
            found = true
            return body(node)
        }
        switch doc.kind(node) {
        case .array:
            var j = node + 1
            for _ in 0..<doc.nodes[node].count {
                if walk(doc, j, k, ci, &found, budget - 1, body) { return true }
                j = Int(doc.nodes[j].next)
            }
            return false
        case .object:
            let row = keys[k]
            var m = row.count - 1
            while m >= 0 {
                if let v = doc.member(node, key: row[m], caseInsensitive: ci) {
                    return walk(doc, v, k + m + 1, ci, &found, budget - 1, body)
                }
                m -= 1
            }
            return false
        default:
            return false
        }
    }
}

extension JSONDocument {
    /// The value of the member whose key is `key` (UTF-8), exact match first, then (when
    /// `caseInsensitive`) ASCII-case-insensitive.
    /// - Parameters:
    ///   - i: an object node.
    ///   - key: the key's UTF-8 bytes.
    ///   - caseInsensitive: allow a case-insensitive match.
    /// - Returns: the value node, or nil.
    @inline(__always)
    package func member(_ i: Int, key: [UInt8], caseInsensitive: Bool) -> Int? {
        var exact: Int?
        var folded: Int?
        bytes.withUnsafeBufferPointer { buf in
            forEachMember(i) { k, v in
                let kn = nodes[k]
                if kn.escaped {
                    let decoded = Array(decodeString(k).utf8)
                    if decoded == key {
                        exact = v
                        return false
                    }
                    if caseInsensitive, folded == nil, decoded.count == key.count,
                        zip(decoded, key).allSatisfy({ CaseFolding.lower($0) == CaseFolding.lower($1) })
                    {
                        folded = v
                    }
                    return true
                }
                let start = Int(kn.start)
                let len = Int(kn.end) - start
                guard len == key.count else { return true }
                var same = true
                var sameFolded = true
                for t in 0..<len {
                    let a = buf[start + t]
                    let b = key[t]
                    if a != b {
                        same = false
                        if CaseFolding.lower(a) != CaseFolding.lower(b) {
                            sameFolded = false
                            break
                        }
                    }
                }
                if same {
                    exact = v
                    return false
                }
                if caseInsensitive, sameFolded, folded == nil { folded = v }
                return true
            }
        }
        return exact ?? folded
    }

    /// Calls `body` with every string leaf under node `i` (the node itself when it is a string;
    /// object keys are not leaves), until `body` returns true.
    /// - Parameters:
    ///   - i: the node.
    ///   - body: returns true to stop.
    /// - Returns: true when `body` stopped the walk.
    @discardableResult
    package func visitStringLeaves(_ i: Int, _ body: (Int) -> Bool) -> Bool {
        switch nodes[i].kind {
        case .string: return body(i)
        case .array:
            var j = i + 1
            for _ in 0..<nodes[i].count {
                if visitStringLeaves(j, body) { return true }
                j = Int(nodes[j].next)
            }
            return false
        case .object:
            var stopped = false
            forEachMember(i) { _, v in
                if visitStringLeaves(v, body) {
                    stopped = true
                    return false
                }
                return true
            }
            return stopped
        default: return false
        }
    }
}
