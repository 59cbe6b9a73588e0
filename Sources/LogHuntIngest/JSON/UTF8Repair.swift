/// Replaces invalid UTF-8 sequences with U+FFFD so that every later stage can treat record
/// text as valid UTF-8. A record that needed repair is counted and named in a warning.
package enum UTF8Repair {
    /// Repairs `bytes` in place when needed.
    /// - Returns: the number of invalid sequences replaced (0 when the input was valid).
    @discardableResult
    package static func repair(_ bytes: inout [UInt8]) -> Int {
        if isValid(bytes) { return 0 }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + 16)
        var replaced = 0
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c < 0x80 {
                out.append(c)
                i += 1
                continue
            }
            let len = sequenceLength(bytes, i)
            if len > 0 {
                out.append(contentsOf: bytes[i..<(i + len)])
                i += len
            } else {
                out.append(contentsOf: [0xEF, 0xBF, 0xBD])
                replaced += 1
                i += 1
            }
        }
        bytes = out
        return replaced
    }

    /// True when `bytes` is valid UTF-8 (fast path for ASCII).
    package static func isValid(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buf in
            let n = buf.count
            // ASCII fast path, 64 bytes at a time.
            var i = ByteScan.asciiPrefix(buf)
            while i < n {
                if buf[i] < 0x80 {
                    i += 1
                    continue
                }
                let len = sequenceLength(buf, i)
                if len == 0 { return false }
                i += len
            }
            return true
        }
    }

    /// Length of the valid multi-byte sequence at `i`, or 0 when it is invalid.
    @inline(__always)
    private static func sequenceLength(_ b: some RandomAccessCollection<UInt8>, _ i: Int) -> Int {
        let n = b.count
        let base = b.startIndex
        @inline(__always) func at(_ k: Int) -> UInt8 { b[b.index(base, offsetBy: k)] }
        let c0 = at(i)
        @inline(__always) func cont(_ k: Int) -> Bool { k < n && at(k) & 0xC0 == 0x80 }
        switch c0 {
        case 0xC2...0xDF:
            return cont(i + 1) ? 2 : 0
        case 0xE0:
            return i + 2 < n && (0xA0...0xBF).contains(at(i + 1)) && cont(i + 2) ? 3 : 0
        case 0xE1...0xEC, 0xEE...0xEF:
            return cont(i + 1) && cont(i + 2) ? 3 : 0
        case 0xED:
            return i + 2 < n && (0x80...0x9F).contains(at(i + 1)) && cont(i + 2) ? 3 : 0
        case 0xF0:
            return i + 3 < n && (0x90...0xBF).contains(at(i + 1)) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF1...0xF3:
            return cont(i + 1) && cont(i + 2) && cont(i + 3) ? 4 : 0
        case 0xF4:
            return i + 3 < n && (0x80...0x8F).contains(at(i + 1)) && cont(i + 2) && cont(i + 3) ? 4 : 0
        default:
            return 0
        }
    }
}
