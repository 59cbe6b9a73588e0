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

    package var reason: Reason
    package var offset: Int

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
        var nodes: [JSONNode] = []
        nodes.reserveCapacity(max(16, bytes.count / 12))
        var rawControl = false
        let result: JSONParseError? = bytes.withUnsafeBufferPointer { buf -> JSONParseError? in
            do throws(JSONParseError) {
                try parseInto(buf, &nodes, &rawControl, maxDepth)
                return nil
            } catch {
                return error
            }
        }
        if let result { throw result }
        return JSONDocument(bytes: bytes, nodes: nodes, needsReencoding: rawControl)
    }

    @inline(__always) private static func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x0D || c == 0x09
    }

    private static func parseInto(
        _ b: UnsafeBufferPointer<UInt8>, _ nodes: inout [JSONNode], _ rawControl: inout Bool, _ maxDepth: Int
    ) throws(JSONParseError) {
        let n = b.count
        var p = 0
        // Stack of open container node indices.
        var stack: [Int] = []
        stack.reserveCapacity(16)

        @inline(__always) func skipSpace() {
            while p < n, isSpace(b[p]) { p += 1 }
        }

        skipSpace()
        if p == n { throw JSONParseError(reason: .empty, offset: 0) }

        // State machine: after a value inside a container we expect ',' or the close.
        // `expectKey` is true right after '{' or ',' in an object.
        while true {
            skipSpace()
            guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
            // Parse one value at p.
            let c = b[p]
            switch c {
            case 0x7B, 0x5B:  // { [
                if stack.count >= maxDepth { throw JSONParseError(reason: .tooDeep(limit: maxDepth), offset: p) }
                let idx = nodes.count
                nodes.append(JSONNode(kind: c == 0x7B ? .object : .array, start: UInt32(p), end: 0, next: 0))
                stack.append(idx)
                p += 1
                skipSpace()
                guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                if (c == 0x7B && b[p] == 0x7D) || (c == 0x5B && b[p] == 0x5D) {
                    p += 1
                    nodes[idx].end = UInt32(p)
                    nodes[idx].next = UInt32(nodes.count)
                    stack.removeLast()
                    break
                }
                if c == 0x7B {
                    guard b[p] == 0x22 else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                    try parseString(b, &p, &nodes, &rawControl)
                    skipSpace()
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
                nodes.append(JSONNode(kind: .true, start: UInt32(p), end: UInt32(p + 4), next: UInt32(nodes.count + 1)))
                p += 4
            case 0x66:  // false
                guard p + 5 <= n, b[p + 1] == 0x61, b[p + 2] == 0x6C, b[p + 3] == 0x73, b[p + 4] == 0x65 else {
                    throw JSONParseError(reason: .badLiteral, offset: p)
                }
                nodes.append(
                    JSONNode(kind: .false, start: UInt32(p), end: UInt32(p + 5), next: UInt32(nodes.count + 1)))
                p += 5
            case 0x6E:  // null
                guard p + 4 <= n, b[p + 1] == 0x75, b[p + 2] == 0x6C, b[p + 3] == 0x6C else {
                    throw JSONParseError(reason: .badLiteral, offset: p)
                }
                nodes.append(JSONNode(kind: .null, start: UInt32(p), end: UInt32(p + 4), next: UInt32(nodes.count + 1)))
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
                nodes.append(JSONNode(kind: .number, start: UInt32(s), end: UInt32(p), next: UInt32(nodes.count + 1)))
            default:
                throw JSONParseError(reason: .unexpectedByte(c), offset: p)
            }

            // After a value: close containers or continue with the next element/member.
            while true {
                guard let top = stack.last else {
                    skipSpace()
                    if p != n { throw JSONParseError(reason: .trailingData, offset: p) }
                    return
                }
                nodes[top].count += 1
                skipSpace()
                guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                let isObject = nodes[top].kind == .object
                let d = b[p]
                if d == 0x2C {
                    p += 1
                    if isObject {
                        skipSpace()
                        guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                        guard b[p] == 0x22 else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                        try parseString(b, &p, &nodes, &rawControl)
                        skipSpace()
                        guard p < n else { throw JSONParseError(reason: .unexpectedEnd, offset: p) }
                        guard b[p] == 0x3A else { throw JSONParseError(reason: .unexpectedByte(b[p]), offset: p) }
                        p += 1
                    }
                    break
                } else if (isObject && d == 0x7D) || (!isObject && d == 0x5D) {
                    p += 1
                    nodes[top].end = UInt32(p)
                    nodes[top].next = UInt32(nodes.count)
                    stack.removeLast()
                    continue
                } else {
                    throw JSONParseError(reason: .unexpectedByte(d), offset: p)
                }
            }
        }
    }

    @inline(__always)
    private static func parseString(
        _ b: UnsafeBufferPointer<UInt8>, _ p: inout Int, _ nodes: inout [JSONNode], _ rawControl: inout Bool
    ) throws(JSONParseError) {
        let n = b.count
        let open = p
        p += 1
        let s = p
        var escaped = false
        while p < n {
            let c = b[p]
            if c == 0x22 {
                nodes.append(
                    JSONNode(
                        kind: .string, escaped: escaped, start: UInt32(s), end: UInt32(p), next: UInt32(nodes.count + 1)
                    ))
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
