import LogHuntCore
import LogHuntNormalize

/// A raw dotted field path split once, with every literal key it could stand for pre-encoded,
/// so resolving it against a record allocates nothing. Semantics equal `FieldPath`: at each
/// level the longest literal key wins (`gcp.audit.method_name` as one flat key before the
/// nested path), and arrays are walked element by element. An immutable final class, so
/// walking a path borrows its tables instead of copying them per lookup; equality and hashing
/// are by `name` (everything else is derived from it).
package final class CompiledPath: Sendable, Hashable, CustomStringConvertible {
    /// The path as written.
    package let name: String
    /// UTF-8 of every candidate key, back to back.
    private let storage: [UInt8]
    /// `spans[k][m]`: where the key made of components `k ..< k + m + 1` joined with dots lies in `storage`.
    private let spans: [[Range<Int>]]

    /// Splits `name` at dots.
    /// - Parameter name: the dotted path.
    package init(_ name: String) {
        self.name = name
        let comps = name.split(separator: ".", omittingEmptySubsequences: false).map { Array($0.utf8) }
        var storage: [UInt8] = []
        var spans: [[Range<Int>]] = []
        for k in 0..<comps.count {
            var row: [Range<Int>] = []
            var joined: [UInt8] = []
            for j in k..<comps.count {
                if j > k { joined.append(0x2E) }
                joined += comps[j]
                row.append(storage.count..<(storage.count + joined.count))
                storage += joined
            }
            spans.append(row)
        }
        self.storage = storage
        self.spans = spans
    }

    package var description: String { name }

    package static func == (lhs: CompiledPath, rhs: CompiledPath) -> Bool { lhs.name == rhs.name }

    package func hash(into hasher: inout Hasher) { hasher.combine(name) }

    /// Number of components.
    package var count: Int { spans.count }

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
        visit(doc, rootMembers: [], caseInsensitive: caseInsensitive, found: &found, body)
    }

    /// `visit(_:caseInsensitive:found:_:)` with the record's root index (`Event.rootMembers`;
    /// empty: scan), through which the root's keys are looked up.
    @discardableResult
    package func visit(
        _ doc: JSONDocument, rootMembers: [UInt64], caseInsensitive: Bool, found: inout Bool, _ body: (Int) -> Bool
    ) -> Bool {
        storage.withUnsafeBufferPointer { keyBytes in
            doc.bytes.withUnsafeBufferPointer { text in
                doc.nodes.withUnsafeBufferPointer { nodes in
                    rootMembers.withUnsafeBufferPointer { root in
                        walk(doc, text, nodes, root, keyBytes, doc.root, 0, caseInsensitive, &found, 64, body)
                    }
                }
            }
        }
    }

    private func walk(
        _ doc: JSONDocument, _ text: UnsafeBufferPointer<UInt8>, _ nodes: UnsafeBufferPointer<JSONNode>,
        _ root: UnsafeBufferPointer<UInt64>, _ keyBytes: UnsafeBufferPointer<UInt8>, _ node: Int, _ k: Int,
        _ ci: Bool, _ found: inout Bool, _ budget: Int, _ body: (Int) -> Bool
    ) -> Bool {
        guard budget > 0 else { return false }
        if k == spans.count {
            found = true
            return body(node)
        }
        switch nodes[node].kind {
        case .array:
            var j = node + 1
            for _ in 0..<nodes[node].count {
                if walk(doc, text, nodes, root, keyBytes, j, k, ci, &found, budget - 1, body) { return true }
                j = Int(nodes[j].next)
            }
            return false
        case .object:
            var m = spans[k].count - 1
            while m >= 0 {
                let span = spans[k][m]
                let key = UnsafeBufferPointer(rebasing: keyBytes[span])
                let hit =
                    node == 0 && !root.isEmpty
                    ? Event.indexedRootMember(doc, root, UnsafeRawBufferPointer(key), caseInsensitive: ci)
                    : CompiledPath.member(doc, text, nodes, node, key, ci)
                if let v = hit {
                    return walk(doc, text, nodes, root, keyBytes, v, k + m + 1, ci, &found, budget - 1, body)
                }
                m -= 1
            }
            return false
        default:
            return false
        }
    }

    /// The value of the member of object `i` whose key is `key`: exact match first, then (when
    /// `ci`) ASCII-case-insensitive.
    @inline(__always)
    private static func member(
        _ doc: JSONDocument, _ text: UnsafeBufferPointer<UInt8>, _ nodes: UnsafeBufferPointer<JSONNode>, _ i: Int,
        _ key: UnsafeBufferPointer<UInt8>, _ ci: Bool
    ) -> Int? {
        var folded: Int?
        var j = i + 1
        let n = key.count
        for _ in 0..<nodes[i].count {
            let kn = nodes[j]
            let value = j + 1
            if kn.escaped {
                let decoded = Array(doc.decodeString(j).utf8)
                if decoded.elementsEqual(key) { return value }
                if ci, folded == nil, decoded.count == n,
                    zip(decoded, key).allSatisfy({ CaseFolding.lower($0) == CaseFolding.lower($1) })
                {
                    folded = value
                }
            } else if Int(kn.end - kn.start) == n {
                let start = Int(kn.start)
                var same = true
                var sameFolded = true
                var t = 0
                while t < n {
                    let a = text[start + t]
                    let b = key[t]
                    if a != b {
                        same = false
                        if !ci || CaseFolding.lower(a) != CaseFolding.lower(b) {
                            sameFolded = false
                            break
                        }
                    }
                    t += 1
                }
                if same { return value }
                if ci, sameFolded, folded == nil { folded = value }
            }
            j = Int(nodes[value].next)
        }
        return folded
    }
}

extension JSONDocument {
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
