import CByteScan
import LogHuntCore
import LogHuntIngest

/// Read access to one record for the provider mappings: member lookups from a base node
/// (the LogEntry root, or the `data` of an envelope), exact or ASCII-case-insensitive keys,
/// and the scalar text of what is found. Nothing is decoded until a value is asked for.
struct RecordView {
    /// The record.
    let document: JSONDocument
    /// The node lookups start from.
    let base: Int
    /// Compare keys ASCII-case-insensitively (Azure, Entra, GCP exports with lower-cased keys).
    let caseInsensitive: Bool
    /// With `indexed`: `memberIndex(document, base)`, through which the mappings' twenty-odd
    /// lookups on the base object probe a small hash table instead of walking the tape's node
    /// chain each time.
    private let baseMembers: [UInt64]

    /// Creates a view.
    /// - Parameters:
    ///   - document: the record.
    ///   - base: the node lookups start from.
    ///   - caseInsensitive: compare keys ASCII-case-insensitively.
    ///   - members: `memberIndex(document, base)`, built once per record and shared by the views
    ///     that answer many lookups (the detector's and the mapping's); empty: scan.
    init(_ document: JSONDocument, base: Int = 0, caseInsensitive: Bool = false, members: [UInt64] = []) {
        self.document = document
        self.base = base
        self.caseInsensitive = caseInsensitive
        self.baseMembers = members
    }

    /// The member index of object `node` (empty below eight members: a scan is as quick), one
    /// array of words:
    /// - one packed word per member, in order: `(length or 0xFF, folded first byte, folded second
    ///   byte, value node)`; a key with escapes or of 255 bytes or more gets length 0xFF (always
    ///   compared in full);
    /// - an open-addressing table of `1 << bits` 16-bit slots (member position + 1, 0 empty),
    ///   four to a word, keyed by the packed head (length and first two folded bytes), so that
    ///   members with the same head sit on one probe chain in member order;
    /// - a header word: `count | bits << 32 | (any 0xFF head) << 40`. With a 0xFF head, or
    ///   without a table (`bits` 0), lookups scan the packed words.
    static func memberIndex(_ document: JSONDocument, _ node: Int) -> [UInt64] {
        guard let (count, bits) = indexShape(document, node) else { return [] }
        let tableWords = bits == 0 ? 0 : (1 << bits) / 4
        // Lookups through the index read the tape in C: without the C layout, no index (the
        // lookups scan instead, with the same answers).
        guard JSONParser.cTapeLayoutMatches else { return [] }
        // `reserveCapacity` and `append` are specialised for `UInt64`; `init(repeating:count:)`
        // and `init(unsafeUninitializedCapacity:)` reached the generic allocator here (a metadata
        // lookup per record, 650 instructions).
        var out: [UInt64] = []
        out.reserveCapacity(count + tableWords + 1)
        out.append(contentsOf: repeatElement(0, count: count + tableWords + 1))
        out.withUnsafeMutableBufferPointer { out in
            document.nodes.withUnsafeBufferPointer { nodes in
                document.bytes.withUnsafeBufferPointer { bytes in
                    _ = lh_member_index(
                        nodes.baseAddress, bytes.baseAddress, Int64(node), Int64(count), Int64(bits), out.baseAddress)
                }
            }
        }
        return out
    }

    /// The member count of object `node` and its index table's size in bits (0: no table), nil
    /// when it gets no index (not an object, fewer than eight members: a scan is as quick).
    private static func indexShape(_ document: JSONDocument, _ node: Int) -> (count: Int, bits: Int)? {
        guard node >= 0, node < document.nodes.count, document.kind(node) == .object else { return nil }
        let count = Int(document.nodes[node].count)
        guard count >= 8, node + 2 * count < 1 << 40 else { return nil }
        // At most half full; 16-bit slots hold positions below 0x7FFF.
        return (count, count < 0x4000 ? max(4, Int.bitWidth - (2 * count - 1).leadingZeroBitCount) : 0)
    }

    /// `memberIndex` in Swift: the definition `lh_member_index` follows (tests compare them).
    static func swiftMemberIndex(_ document: JSONDocument, _ node: Int) -> [UInt64] {
        guard let (count, bits) = indexShape(document, node) else { return [] }
        let tableWords = bits == 0 ? 0 : (1 << bits) / 4
        var out: [UInt64] = []
        out.reserveCapacity(count + tableWords + 1)
        var anyLong = false
        document.nodes.withUnsafeBufferPointer { nodes in
            document.bytes.withUnsafeBufferPointer { bytes in
                var j = node + 1
                for _ in 0..<count {
                    let kn = nodes[j]
                    let length = Int(kn.end &- kn.start)
                    let v = j + 1
                    let long = kn.escaped || length >= 0xFF
                    anyLong = anyLong || long
                    out.append(Self.pack(long ? nil : bytes, Int(kn.start), length, v))
                    j = Int(nodes[v].next)
                }
            }
        }
        out.append(contentsOf: repeatElement(0, count: tableWords))
        if bits > 0 && !anyLong {
            out.withUnsafeMutableBufferPointer { words in
                let slots = UnsafeMutableRawPointer(words.baseAddress! + count).assumingMemoryBound(to: UInt16.self)
                let mask = (1 << bits) - 1
                for position in 0..<count {
                    var h = slot(words[position], bits)
                    while slots[h] != 0 { h = (h + 1) & mask }
                    slots[h] = UInt16(position + 1)
                }
            }
        }
        out.append(UInt64(count) | UInt64(bits) << 32 | (anyLong ? 1 << 40 : 0))
        return out
    }

    /// Whether lookups through `index` (a `memberIndex`) probe its hash table rather than scan.
    static func hashes(_ index: [UInt64]) -> Bool {
        guard let header = index.last else { return false }
        return header >> 32 & 0xFF != 0 && header >> 40 & 1 == 0
    }

    /// The table slot a packed head starts probing at.
    @inline(__always)
    private static func slot(_ packed: UInt64, _ bits: Int) -> Int {
        Int(truncatingIfNeeded: ((packed >> 40) &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }

    @inline(__always)
    private static func pack(_ bytes: UnsafeBufferPointer<UInt8>?, _ start: Int, _ length: Int, _ value: Int) -> UInt64
    {
        guard let bytes else { return 0xFF << 56 | UInt64(value) }
        let b0 = length > 0 ? UInt64(asciiLower(bytes[start])) : 0
        let b1 = length > 1 ? UInt64(asciiLower(bytes[start + 1])) : 0
        return UInt64(length) << 56 | b0 << 48 | b1 << 40 | UInt64(value)
    }

    /// `find` on the base object through `baseMembers`: same answers.
    private func findIndexed(_ wanted: UnsafeRawBufferPointer) -> Int? {
        baseMembers.withUnsafeBufferPointer { Self.findIndexed(document, $0, wanted, caseInsensitive) }
    }

    /// The member of the object `members` indexes (`memberIndex`) whose key equals `wanted`,
    /// else with `ci` the first equal to it ASCII-case-insensitively: a scan's answers. Only
    /// members whose packed head (length, first two folded bytes) equals `wanted`'s can match;
    /// the table's probe chain lists exactly those, in member order, so key bytes are compared
    /// for them alone.
    @inline(__always)
    static func findIndexed(
        _ document: JSONDocument, _ members: UnsafeBufferPointer<UInt64>, _ wanted: UnsafeRawBufferPointer, _ ci: Bool
    ) -> Int? {
        // `memberIndex` builds indexes only where the C layout matches.
        let found = document.nodes.withUnsafeBufferPointer { nodes in
            document.bytes.withUnsafeBufferPointer { bytes in
                lh_member_find(
                    nodes.baseAddress, bytes.baseAddress, members.baseAddress, Int64(members.count),
                    wanted.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(wanted.count), ci ? 1 : 0)
            }
        }
        if found >= 0 { return Int(found) }
        if found == Int64(LH_MEMBER_NONE) { return nil }
        return swiftFindIndexed(document, members, wanted, ci)
    }

    /// `findIndexed` in Swift: the definition `lh_member_find` follows, and the answer for
    /// indexes without a table (keys with escapes or of 255 bytes or more, huge objects).
    static func swiftFindIndexed(
        _ document: JSONDocument, _ members: UnsafeBufferPointer<UInt64>, _ wanted: UnsafeRawBufferPointer, _ ci: Bool
    ) -> Int? {
        guard let header = members.last else { return nil }
        let count = Int(header & 0xFFFF_FFFF)
        let bits = Int(header >> 32 & 0xFF)
        let anyLong = header >> 40 & 1 != 0
        let n = wanted.count
        // Keys of 255 bytes or more are packed as 0xFF, as are escaped ones: compared in full.
        let long = n >= 0xFF
        let b0 = n > 0 ? UInt64(asciiLower(wanted[0])) : 0
        let b1 = n > 1 ? UInt64(asciiLower(wanted[1])) : 0
        let probe = UInt64(long ? 0xFF : n) << 56 | (long ? 0 : b0 << 48 | b1 << 40)
        let mask: UInt64 = long ? 0xFF00_0000_0000_0000 : 0xFFFF_FF00_0000_0000
        var folded: Int?
        if bits == 0 || anyLong {
            for packed in members[0..<count] {
                let head = packed & mask
                guard head == probe || head >> 56 == 0xFF else { continue }
                let v = Int(packed & 0xFF_FFFF_FFFF)
                switch keyMatch(document, v - 1, wanted, ci) {
                case .exact: return v
                case .folded: if folded == nil { folded = v }
                case .none: break
                }
            }
            return folded
        }
        if long { return nil }
        let slots = UnsafeRawPointer(members.baseAddress! + count).assumingMemoryBound(to: UInt16.self)
        let slotMask = (1 << bits) - 1
        return document.nodes.withUnsafeBufferPointer { nodes in
            document.bytes.withUnsafeBufferPointer { bytes in
                var h = slot(probe, bits)
                while true {
                    let entry = Int(slots[h])
                    if entry == 0 { break }
                    let packed = members[entry - 1]
                    if packed & mask == probe {
                        let v = Int(packed & 0xFF_FFFF_FFFF)
                        switch keyMatch(document, nodes, bytes, v - 1, wanted, ci) {
                        case .exact: return v
                        case .folded: if folded == nil { folded = v }
                        case .none: break
                        }
                    }
                    h = (h + 1) & slotMask
                }
                return folded
            }
        }
    }

    private enum KeyMatch { case exact, folded, none }

    /// How the key node `j` compares with `wanted`.
    @inline(__always)
    private static func keyMatch(
        _ document: JSONDocument, _ j: Int, _ wanted: UnsafeRawBufferPointer, _ ci: Bool
    ) -> KeyMatch {
        document.nodes.withUnsafeBufferPointer { nodes in
            document.bytes.withUnsafeBufferPointer { bytes in keyMatch(document, nodes, bytes, j, wanted, ci) }
        }
    }

    /// `keyMatch(_:_:_:_:)` through the document's buffers (no bounds checks or retains per key).
    @inline(__always)
    private static func keyMatch(
        _ document: JSONDocument, _ nodes: UnsafeBufferPointer<JSONNode>, _ bytes: UnsafeBufferPointer<UInt8>, _ j: Int,
        _ wanted: UnsafeRawBufferPointer, _ ci: Bool
    ) -> KeyMatch {
        let kn = nodes[j]
        let n = wanted.count
        if kn.escaped {
            let decoded = Array(document.decodeString(j).utf8)
            guard decoded.count == n else { return .none }
            if decoded.elementsEqual(wanted) { return .exact }
            if ci, zip(decoded, wanted).allSatisfy({ asciiLower($0) == asciiLower($1) }) { return .folded }
            return .none
        }
        guard Int(kn.end &- kn.start) == n else { return .none }
        guard n > 0, let b = bytes.baseAddress, let w = wanted.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return .exact
        }
        let k = b + Int(kn.start)
        var i = 0
        while i < n, k[i] == w[i] { i += 1 }
        if i == n { return .exact }
        guard ci else { return .none }
        while i < n, asciiLower(k[i]) == asciiLower(w[i]) { i += 1 }
        return i == n ? .folded : .none
    }

    /// The value of member `key` of object `node` (nil when `node` is nil or not an object).
    func member(_ node: Int?, _ key: String) -> Int? {
        guard let node else { return nil }
        // The base's index exists only for an object: no kind check on the mappings' common path.
        guard node == base && !baseMembers.isEmpty || document.kind(node) == .object else { return nil }
        if let hit = key.utf8.withContiguousStorageIfAvailable({ find(in: node, UnsafeRawBufferPointer($0)) }) {
            return hit
        }
        var copy = key
        return copy.withUTF8 { find(in: node, UnsafeRawBufferPointer($0)) }
    }

    /// One pass over the members of object `node`: the member whose key equals `wanted`
    /// byte for byte, else (case-insensitive views) the first whose key equals it
    /// ASCII-case-insensitively. Keys are compared in place; only keys with escapes are decoded.
    private func find(in node: Int, _ wanted: UnsafeRawBufferPointer) -> Int? {
        if node == base, !baseMembers.isEmpty { return findIndexed(wanted) }
        return findScan(in: node, wanted)
    }

    private func findScan(in node: Int, _ wanted: UnsafeRawBufferPointer) -> Int? {
        let count = Int(document.nodes[node].count)
        let n = wanted.count
        guard let w = wanted.baseAddress?.assumingMemoryBound(to: UInt8.self) else {
            return document.member(node, "")
        }
        let ci = caseInsensitive
        return document.nodes.withUnsafeBufferPointer { nodes -> Int? in
            document.bytes.withUnsafeBufferPointer { bytes -> Int? in
                guard let b = bytes.baseAddress else { return nil }
                var folded: Int?
                var j = node + 1
                for _ in 0..<count {
                    let kn = nodes[j]
                    let v = j + 1
                    if kn.escaped {
                        let decoded = Array(document.decodeString(j).utf8)
                        if decoded.count == n {
                            if decoded.elementsEqual(UnsafeBufferPointer(start: w, count: n)) { return v }
                            if ci, folded == nil, foldedEqual(decoded, w, n) { folded = v }
                        }
                    } else if Int(kn.end &- kn.start) == n {
                        let k = b + Int(kn.start)
                        var same = true
                        var i = 0
                        while i < n {
                            if k[i] != w[i] {
                                same = false
                                break
                            }
                            i += 1
                        }
                        if same { return v }
                        if ci, folded == nil {
                            var fold = true
                            while i < n {
                                if asciiLower(k[i]) != asciiLower(w[i]) {
                                    fold = false
                                    break
                                }
                                i += 1
                            }
                            if fold { folded = v }
                        }
                    }
                    j = Int(nodes[v].next)
                }
                return folded
            }
        }
    }

    /// The node at the path `a.b.c.d` (literal keys, no array fan-out) from the base node.
    func node(_ a: String, _ b: String? = nil, _ c: String? = nil, _ d: String? = nil) -> Int? {
        node(from: base, a, b, c, d)
    }

    /// The node at the path `a.b.c.d` from node `start`.
    func node(from start: Int?, _ a: String, _ b: String? = nil, _ c: String? = nil, _ d: String? = nil) -> Int? {
        var n = member(start, a)
        if let b { n = member(n, b) }
        if let c { n = member(n, c) }
        if let d { n = member(n, d) }
        return n
    }

    /// The text of a scalar node (strings decoded, numbers as written, booleans as
    /// `true`/`false`), trimmed of spaces; nil when missing, null, a container or empty.
    func text(of node: Int?) -> String? {
        guard let node, let t = document.scalarText(node) else { return nil }
        if t.isEmpty { return nil }
        if t.utf8.first == 0x20 || t.utf8.last == 0x20 {
            let trimmed = t.trimmingCharacters(in: " ")
            return trimmed.isEmpty ? nil : trimmed
        }
        return t
    }

    /// The text of the scalar at a path from the base node.
    func text(_ a: String, _ b: String? = nil, _ c: String? = nil, _ d: String? = nil) -> String? {
        text(of: node(a, b, c, d))
    }

    /// The text of the scalar at a path from node `start`.
    func text(from start: Int?, _ a: String, _ b: String? = nil, _ c: String? = nil, _ d: String? = nil) -> String? {
        text(of: node(from: start, a, b, c, d))
    }

    /// The text of a scalar, or of the first scalar element of an array (GitHub `org: ["x"]`).
    func firstText(of node: Int?) -> String? {
        guard let node else { return nil }
        if document.kind(node) == .array {
            for e in document.elements(node) {
                if let t = text(of: e) { return t }
            }
            return nil
        }
        return text(of: node)
    }

    /// The kind of a node, or nil.
    func kind(_ node: Int?) -> JSONKind? { node.map { document.kind($0) } }

    /// True when the node exists and is an object.
    func isObject(_ node: Int?) -> Bool { kind(node) == .object }

    /// The boolean value of a node (`true`/`false` or their text).
    func bool(of node: Int?) -> Bool? { node.flatMap { document.bool($0) } }

    /// The numeric value of a number node or numeric string.
    func number(of node: Int?) -> Double? { node.flatMap { document.number($0) } }

    /// The timestamp a node holds: an epoch number (seconds, ms, µs or ns by magnitude),
    /// numeric text such as `"1624445969188.000000"`, or ISO-8601 text with any offset.
    func timestamp(of node: Int?) -> Timestamp? {
        guard let node else { return nil }
        switch document.kind(node) {
        case .string:
            // Parsed from the record's bytes: no `String` per event.
            if let ts = document.withStringBytes(node, { Timestamp(utf8: $0) }) { return ts }
            return document.number(node).flatMap { Timestamp(epoch: $0) }
        case .number:
            // The number's text as written, parsed in place (`text(of:)` made a `String` of it:
            // 1.1 k of the ~40 k instructions of a GitHub record, whose `@timestamp` is a number).
            let start = Int(document.nodes[node].start)
            let end = Int(document.nodes[node].end)
            let parsed = document.bytes.withUnsafeBufferPointer {
                Timestamp(utf8: UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: $0[start..<end])))
            }
            if let ts = parsed { return ts }
            return document.number(node).flatMap { Timestamp(epoch: $0) }
        default:
            return nil
        }
    }

    /// The first of several candidate nodes that holds a parseable timestamp.
    /// Candidates are looked up lazily: later ones only when the earlier ones have no time.
    func firstTimestamp(
        _ a: @autoclosure () -> Int?, _ b: @autoclosure () -> Int? = nil, _ c: @autoclosure () -> Int? = nil,
        _ d: @autoclosure () -> Int? = nil
    ) -> Timestamp? {
        timestamp(of: a()) ?? timestamp(of: b()) ?? timestamp(of: c()) ?? timestamp(of: d())
    }

    /// True when the string node `node` contains `needle` (ASCII-case-insensitively when
    /// `ignoringCase`), compared on bytes.
    func contains(_ node: Int?, _ needle: String, ignoringCase: Bool = false) -> Bool {
        guard let node, document.kind(node) == .string else { return false }
        var needle = needle
        return needle.withUTF8 { n in
            document.withStringBytes(node) { raw in
                bytesContain(raw, UnsafeRawBufferPointer(n), ignoringCase: ignoringCase)
            }
        }
    }

    /// True when the string node `node` holds the byte `byte` (`contains(node, ".")` for one
    /// ASCII byte, without a `String` needle).
    func contains(_ node: Int?, byte: UInt8) -> Bool {
        guard let node, document.kind(node) == .string else { return false }
        return document.withStringBytes(node) { raw in raw.contains(byte) }
    }

    /// True when the string node `node` ends with `suffix`, ASCII-case-insensitively.
    func hasSuffix(_ node: Int?, _ suffix: String) -> Bool {
        guard let node, document.kind(node) == .string else { return false }
        var suffix = suffix
        return suffix.withUTF8 { s in
            document.withStringBytes(node) { raw in
                guard raw.count >= s.count else { return false }
                let off = raw.count - s.count
                for k in 0..<s.count where asciiLower(raw[off + k]) != asciiLower(s[k]) { return false }
                return true
            }
        }
    }

    /// True when the string node `node` equals `value`, ASCII-case-insensitively.
    func equals(_ node: Int?, _ value: String) -> Bool {
        guard let node, document.kind(node) == .string else { return false }
        let v = Array(value.utf8)
        return document.withStringBytes(node) { raw in
            guard raw.count == v.count else { return false }
            for k in 0..<v.count where asciiLower(raw[k]) != asciiLower(v[k]) { return false }
            return true
        }
    }
}

/// ASCII lower-casing of one byte.
@inline(__always) func asciiLower(_ c: UInt8) -> UInt8 { (c >= 0x41 && c <= 0x5A) ? c | 0x20 : c }

/// ASCII-case-insensitive equality of decoded key bytes and `n` wanted bytes.
private func foldedEqual(_ a: [UInt8], _ w: UnsafePointer<UInt8>, _ n: Int) -> Bool {
    guard a.count == n else { return false }
    for i in 0..<n where asciiLower(a[i]) != asciiLower(w[i]) { return false }
    return true
}

/// Byte-substring search.
func bytesContain(_ hay: UnsafeRawBufferPointer, _ needle: UnsafeRawBufferPointer, ignoringCase: Bool) -> Bool {
    let n = needle.count
    guard n > 0 else { return true }
    guard hay.count >= n else { return false }
    let first = ignoringCase ? asciiLower(needle[0]) : needle[0]
    var i = 0
    while i <= hay.count - n {
        let c = ignoringCase ? asciiLower(hay[i]) : hay[i]
        if c == first {
            var same = true
            for k in 1..<n {
                let a = ignoringCase ? asciiLower(hay[i + k]) : hay[i + k]
                let b = ignoringCase ? asciiLower(needle[k]) : needle[k]
                if a != b {
                    same = false
                    break
                }
            }
            if same { return true }
        }
        i += 1
    }
    return false
}
