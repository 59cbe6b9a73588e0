import CByteScan
import LogHuntCore

/// Why a record is not valid JSON. `offset` is the byte offset within the record.
package struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package enum Reason: Sendable, Hashable {
        case unexpectedEnd
        case unexpectedByte(UInt8)
        case badLiteral
        case badNumber
        case badEscape
        case tooDeep(limit: Int)
        case tooLarge(limit: Int)
        case trailingData
        case empty
    }

    /// What went wrong.
    package var reason: Reason
    /// Byte offset within the record where it went wrong.
    package var offset: Int

    /// What is wrong, lowercase, without location.
    package var description: String {
        switch reason {
        case .unexpectedEnd: "invalid JSON: unexpected end of input at byte \(offset)"
        case .unexpectedByte(let b):
            if b >= 0x20 && b < 0x7F {
                "invalid JSON: unexpected '\(Character(Unicode.Scalar(b)))' at byte \(offset)"
            } else {
                "invalid JSON: unexpected byte 0x\(String(b, radix: 16)) at byte \(offset)"
            }
        case .badLiteral: "invalid JSON: bad literal at byte \(offset)"
        case .badNumber: "invalid JSON: bad number at byte \(offset)"
        case .badEscape: "invalid JSON: bad string escape at byte \(offset)"
        case .tooDeep(let limit): "record nests deeper than \(limit) levels"
        case .tooLarge(let limit): "record larger than \(limit) bytes"
        case .trailingData: "invalid JSON: trailing data after the value at byte \(offset)"
        case .empty: "empty record"
        }
    }
}

/// A fast, iterative JSON parser that builds a `JSONDocument` tape over the record's bytes.
///
/// It never recurses (a 200,000-deep record cannot overflow the stack; it is rejected at
/// `maxDepth`), never allocates per field, and leaves strings undecoded. Raw control characters
/// inside strings are tolerated (the document is then flagged for re-encoding on output).
package enum JSONParser {
    /// Parses one complete JSON value from `bytes` (surrounding whitespace allowed).
    /// - Parameters:
    ///   - bytes: the record's text; must be valid UTF-8 (see `UTF8Repair`).
    ///   - maxDepth: deepest nesting accepted.
    /// - Returns: the document.
    /// - Throws: `JSONParseError` with the byte offset of the problem.
    package static func parse(_ bytes: [UInt8], maxDepth: Int = 512) throws(JSONParseError) -> JSONDocument {
        if let document = tapeInC(bytes, maxDepth: maxDepth) { return document }
        return try parseInSwift(bytes, maxDepth: maxDepth)
    }

    /// Whether `JSONNode` is laid out as the C parser's `lh_json_node` (checked once).
    package static let cTapeLayoutMatches: Bool = {
        MemoryLayout<JSONNode>.size == MemoryLayout<lh_json_node>.size
            && MemoryLayout<JSONNode>.stride == MemoryLayout<lh_json_node>.stride
            && MemoryLayout<JSONNode>.offset(of: \JSONNode.kind) == MemoryLayout<lh_json_node>.offset(of: \.kind)
            && MemoryLayout<JSONNode>.offset(of: \JSONNode.escaped)
                == MemoryLayout<lh_json_node>.offset(of: \.escaped)
            && MemoryLayout<JSONNode>.offset(of: \JSONNode.start) == MemoryLayout<lh_json_node>.offset(of: \.start)
            && MemoryLayout<JSONNode>.offset(of: \JSONNode.end) == MemoryLayout<lh_json_node>.offset(of: \.end)
            && MemoryLayout<JSONNode>.offset(of: \JSONNode.next) == MemoryLayout<lh_json_node>.offset(of: \.next)
            && MemoryLayout<JSONNode>.offset(of: \JSONNode.count) == MemoryLayout<lh_json_node>.offset(of: \.count)
            && MemoryLayout<JSONKind>.size == 1 && JSONKind.allKindsInOrder
    }()

    /// The C parser's tape (`lh_json_tape`: the same grammar and nodes, strings found through
    /// masks of 64-byte blocks); nil when it does not accept the text (the Swift parser then
    /// reports why) or when the layouts differ.
    package static func tapeInC(_ bytes: [UInt8], maxDepth: Int) -> JSONDocument? {
        guard cTapeLayoutMatches, bytes.count < Int(UInt32.max) else { return nil }
        // Most records need far fewer nodes than bytes / 8; no text has more than bytes / 2 + 2.
        var capacity = bytes.count / 8 + 16
        for _ in 0..<2 {
            var rawControl: Int32 = 0
            let (nodes, result) = tape(bytes, capacity, maxDepth, &rawControl)
            if result > 0 { return JSONDocument(bytes: bytes, nodes: nodes, needsReencoding: rawControl != 0) }
            guard result == -2 else { return nil }
            capacity = bytes.count / 2 + 2
        }
        return nil
    }

    /// One `lh_json_tape` attempt with room for `capacity` nodes: the nodes (empty unless the
    /// result is positive) and the C parser's result. Into this thread's scratch tape, then
    /// copied out at its size (the array initialiser from a buffer is specialised for `JSONNode`,
    /// where `init(unsafeUninitializedCapacity:)` asked the runtime for the array's generic
    /// metadata on every record, about 900 instructions); texts too large for the scratch go
    /// straight into the document's array.
    private static func tape(
        _ bytes: [UInt8], _ capacity: Int, _ maxDepth: Int, _ rawControl: inout Int32
    ) -> (nodes: [JSONNode], result: Int64) {
        if let scratch = lh_json_tape_scratch(Int64(capacity)) {
            let result = bytes.withUnsafeBufferPointer { b in
                lh_json_tape(b.baseAddress, Int64(b.count), scratch, Int64(capacity), Int64(maxDepth), &rawControl)
            }
            guard result > 0 else { return ([], result) }
            let nodes = UnsafeRawPointer(scratch).withMemoryRebound(to: JSONNode.self, capacity: Int(result)) {
                Array(UnsafeBufferPointer(start: $0, count: Int(result)))
            }
            return (nodes, result)
        }
        var result: Int64 = -1
        let nodes = [JSONNode](unsafeUninitializedCapacity: capacity) { buffer, initialized in
            guard let base = buffer.baseAddress else { return }
            result = bytes.withUnsafeBufferPointer { b in
                base.withMemoryRebound(to: lh_json_node.self, capacity: buffer.count) { out in
                    lh_json_tape(b.baseAddress, Int64(b.count), out, Int64(buffer.count), Int64(maxDepth), &rawControl)
                }
            }
            initialized = result > 0 ? Int(result) : 0
        }
        return (nodes, result)
    }

    /// `parse(_:maxDepth:)` in Swift alone: the definition the C parser follows, and the one
    /// that reports errors.
    package static func parseInSwift(_ bytes: [UInt8], maxDepth: Int = 512) throws(JSONParseError) -> JSONDocument {
        var tape = NodeBuffer(capacity: max(16, bytes.count / 8))
        defer { tape.deallocate() }
        var rawControl = false
        let result: JSONParseError? = bytes.withUnsafeBufferPointer { buf -> JSONParseError? in
            do throws(JSONParseError) {
                try parseInto(buf, &tape, &rawControl, maxDepth)
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
        return JSONDocument(bytes: bytes, nodes: tape.array(), needsReencoding: rawControl)
    }

    /// A growable buffer of plain values without Array's per-append uniqueness checks.
    private struct NodeBuffer {
        var base: UnsafeMutablePointer<JSONNode>
        var count = 0
        var capacity: Int

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(capacity: capacity)
        }

        @inline(__always) mutating func append(_ node: JSONNode) {
            if count == capacity { grow() }
            (base + count).initialize(to: node)
            count += 1
        }

        mutating func grow() {
            let bigger = UnsafeMutablePointer<JSONNode>.allocate(capacity: capacity * 2)
            bigger.moveInitialize(from: base, count: count)
            base.deallocate()
            base = bigger
            capacity *= 2
        }

        func array() -> [JSONNode] { Array(UnsafeBufferPointer(start: base, count: count)) }

        func deallocate() {
            base.deinitialize(count: count)
            base.deallocate()
        }
    }

    /// Open containers: the node index, negated-minus-one for objects.
    private struct OpenStack {
        var base: UnsafeMutablePointer<Int>
        var count = 0
        var capacity = 32

        init() { base = .allocate(capacity: 32) }

        @inline(__always) mutating func push(_ v: Int) {
            if count == capacity {
                let bigger = UnsafeMutablePointer<Int>.allocate(capacity: capacity * 2)
                bigger.moveInitialize(from: base, count: count)
                base.deallocate()
                base = bigger
                capacity *= 2
            }
            base[count] = v
            count += 1
        }

        func deallocate() { base.deallocate() }
    }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    /// Advances `p` past JSON whitespace (a static function: a nested closure capturing `p`
    /// would box it and pay for dynamic exclusivity checks on every access).
    @inline(__always) private static func skipSpace(_ b: UnsafeBufferPointer<UInt8>, _ p: inout Int) {
        let n = b.count
        while p < n, isSpace(b[p]) { p += 1 }
    }

    private static func parseInto(
        _ b: UnsafeBufferPointer<UInt8>, _ nodes: inout NodeBuffer, _ rawControl: inout Bool, _ maxDepth: Int
    ) throws(JSONParseError) {
        let n = b.count
        var p = 0
        // Open containers: index for arrays, -(index + 1) for objects.
        var stack = OpenStack()
        defer { stack.deallocate() }

        skipSpace(b, &p)
        if p == n { throw JSONParseError(reason: .empty, offset: 0) }

        // State machine: after a value inside a container we expect ',' or the close.
        // `expectKey` is true right after '{' or ',' in an object.
        while true {
            skipSpace(b, &p)
            guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
            // Parse one value at p.
            let c = b[p]
            switch c {
            case 0x7B, 0x5B:  // { [
                if stack.count >= maxDepth { throw JSONParseError(reason: .tooDeep(limit: maxDepth), offset: p) }
                let idx = nodes.count
                nodes.append(
                    JSONNode(
                        kind: c == 0x7B ? .object : .array, escaped: false, start: UInt32(p), end: 0, next: 0, count: 0)
                )
                stack.push(c == 0x7B ? -(idx + 1) : idx)
                p += 1
                skipSpace(b, &p)
                guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                if (c == 0x7B && b[p] == 0x7D) || (c == 0x5B && b[p] == 0x5D) {
                    p += 1
                    nodes.base[idx].end = UInt32(p)
                    nodes.base[idx].next = UInt32(nodes.count)
                    stack.count -= 1
                    break
                }
                if c == 0x7B {
                    guard b[p] == 0x22 else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                    try parseString(b, &p, &nodes, &rawControl)
                    skipSpace(b, &p)
                    guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                    guard b[p] == 0x3A else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                    p += 1
                }
                continue
            case 0x22:
                try parseString(b, &p, &nodes, &rawControl)
            case 0x74:  // true
                guard p + 4 <= n, b[p + 1] == 0x72, b[p + 2] == 0x75, b[p + 3] == 0x65 else {
                    throw JSONParseError(reason: .badLiteral, offset: p)
                }
                nodes.append(
                    JSONNode(
                        kind: .true, escaped: false, start: UInt32(p), end: UInt32(p + 4),
                        next: UInt32(nodes.count + 1), count: 0))
                p += 4
            case 0x66:  // false
                guard p + 5 <= n, b[p + 1] == 0x61, b[p + 2] == 0x6C, b[p + 3] == 0x73, b[p + 4] == 0x65 else {
                    throw JSONParseError(reason: .badLiteral, offset: p)
                }
                nodes.append(
                    JSONNode(
                        kind: .false, escaped: false, start: UInt32(p), end: UInt32(p + 5),
                        next: UInt32(nodes.count + 1), count: 0))
                p += 5
            case 0x6E:  // null
                guard p + 4 <= n, b[p + 1] == 0x75, b[p + 2] == 0x6C, b[p + 3] == 0x6C else {
                    throw JSONParseError(reason: .badLiteral, offset: p)
                }
                nodes.append(
                    JSONNode(
                        kind: .null, escaped: false, start: UInt32(p), end: UInt32(p + 4),
                        next: UInt32(nodes.count + 1), count: 0))
                p += 4
            case 0x2D, 0x30...0x39:
                let s = p
                if b[p] == 0x2D { p += 1 }
                var digits = 0
                while p < n, b[p] >= 0x30, b[p] <= 0x39 {
                    p += 1
                    digits += 1
                }
                if p < n, b[p] == 0x2E {
                    p += 1
                    while p < n, b[p] >= 0x30, b[p] <= 0x39 {
                        p += 1
                        digits += 1
                    }
                }
                if p < n, b[p] == 0x65 || b[p] == 0x45 {
                    p += 1
                    if p < n, b[p] == 0x2B || b[p] == 0x2D { p += 1 }
                    var exp = 0
                    while p < n, b[p] >= 0x30, b[p] <= 0x39 {
                        p += 1
                        exp += 1
                    }
                    if exp == 0 { throw JSONParseError(reason: .badNumber, offset: s) }
                }
                if digits == 0 { throw JSONParseError(reason: .badNumber, offset: s) }
                nodes.append(
                    JSONNode(
                        kind: .number, escaped: false, start: UInt32(s), end: UInt32(p), next: UInt32(nodes.count + 1),
                        count: 0))
            default:
                throw JSONParseError(reason: .unexpectedByte(c), offset: p)
            }

            // After a value: close containers or continue with the next element/member.
            while true {
                guard stack.count > 0 else {
                    skipSpace(b, &p)
                    if p != n { throw JSONParseError(reason: .trailingData, offset: p) }
                    return
                }
                let entry = stack.base[stack.count - 1]
                let isObject = entry < 0
                let top = isObject ? -entry - 1 : entry
                nodes.base[top].count += 1
                skipSpace(b, &p)
                guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                let d = b[p]
                if d == 0x2C {
                    p += 1
                    if isObject {
                        skipSpace(b, &p)
                        guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                        guard b[p] == 0x22 else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                        try parseString(b, &p, &nodes, &rawControl)
                        skipSpace(b, &p)
                        guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                        guard b[p] == 0x3A else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                        p += 1
                    }
                    break
                } else if (isObject && d == 0x7D) || (!isObject && d == 0x5D) {
                    p += 1
                    nodes.base[top].end = UInt32(p)
                    nodes.base[top].next = UInt32(nodes.count)
                    stack.count -= 1
                    continue
                } else {
                    throw JSONParseError(reason: .unexpectedByte(d), offset: p)
                }
            }
        }
    }

    @inline(__always)
    private static func parseString(
        _ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ nodes: inout NodeBuffer, _ rawControl: inout Bool
    ) throws(JSONParseError) {
        let n = b.count
        let open = p
        p += 1
        let s = p
        var escaped = false
        let raw = UnsafeRawPointer(b.baseAddress)
        while p < n {
            // Skip eight plain bytes at a time (no quote, backslash or control character).
            if let raw {
                while p + 8 <= n {
                    let w = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p, as: UInt64.self))
                    let q = w ^ 0x2222_2222_2222_2222
                    let e = w ^ 0x5C5C_5C5C_5C5C_5C5C
                    let special =
                        ((q &- 0x0101_0101_0101_0101) & ~q) | ((e &- 0x0101_0101_0101_0101) & ~e)
                        | ((w &- 0x2020_2020_2020_2020) & ~w)
                    let found = special & 0x8080_8080_8080_8080
                    if found != 0 {
                        // The lowest flagged byte is the first special one (a borrow can only
                        // flag bytes above a true match): go straight to it.
                        p += found.trailingZeroBitCount >> 3
                        break
                    }
                    p += 8
                }
                if p >= n { break }
            }
            let c = b[p]
            if c == 0x22 {
                nodes.append(
                    JSONNode(
                        kind: .string, escaped: escaped, start: UInt32(s), end: UInt32(p),
                        next: UInt32(nodes.count + 1), count: 0))
                p += 1
                return
            }
            if c == 0x5C {
                escaped = true
                p += 1
                guard p < n else { break }
                let e = b[p]
                switch e {
                case 0x22, 0x5C, 0x2F, 0x62, 0x66, 0x6E, 0x72, 0x74:
                    p += 1
                case 0x75:
                    guard p + 4 < n else { throw JSONParseError(reason: .badEscape, offset: p) }
                    for k in 1...4 {
                        let h = b[p + k]
                        let ok = (h >= 0x30 && h <= 0x39) || (h >= 0x41 && h <= 0x46) || (h >= 0x61 && h <= 0x66)
                        if !ok { throw JSONParseError(reason: .badEscape, offset: p) }
                    }
                    p += 5
                default:
                    throw JSONParseError(reason: .badEscape, offset: p)
                }
                continue
            }
            if c < 0x20 { rawControl = true }
            p += 1
        }
        throw JSONParseError(reason: .unexpectedEnd, offset: open)
    }
}
