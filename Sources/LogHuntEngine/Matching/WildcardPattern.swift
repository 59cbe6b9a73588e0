/// A compiled Sigma string value: `*` any run, `?` one character, everything else literal.
/// Case-insensitive unless `cased`.
///
/// The value is split once into literal segments between `*`s. A subject is matched by
/// anchoring the first and last segments (unless the value starts or ends with `*`) and finding
/// the middle ones leftmost-first, which is exact because every segment has a fixed length.
/// Plain equality, `startswith`, `endswith` and `contains` are the one- and two-segment cases
/// of this and cost one comparison or one search with a pre-lowered needle.
///
/// ASCII subjects are compared byte by byte (lowering on the fly); a subject with any
/// non-ASCII byte is decoded and case-folded into the caller's scratch buffer, so `?` then means
/// one Unicode scalar of the folded text.
package struct WildcardPattern: Sendable, Hashable, CustomStringConvertible {
    /// The value, normalised (adjacent literals merged, `**` collapsed).
    package let parts: [ValuePart]
    /// True for `|cased`.
    package let caseSensitive: Bool

    private let anchoredStart: Bool
    private let anchoredEnd: Bool
    private let hasStar: Bool
    private let hasAnyChar: Bool
    /// Segments in byte units (`-1` = `?`); nil when a literal cannot occur in ASCII text.
    private let byteSegments: [[Int32]]?
    /// Segments in scalar units (folded unless case-sensitive; `-1` = `?`).
    private let scalarSegments: [[Int32]]
    /// Smallest subject length (in bytes) that can match.
    private let minimumBytes: Int

    /// Compiles a value.
    /// - Parameters:
    ///   - parts: the value's parts.
    ///   - caseSensitive: `|cased`.
    package init(_ parts: [ValuePart], caseSensitive: Bool = false) {
        let parts = parts.normalised
        self.parts = parts
        self.caseSensitive = caseSensitive
        anchoredStart = parts.first != .anyRun
        anchoredEnd = parts.last != .anyRun
        hasStar = parts.contains(.anyRun)
        hasAnyChar = parts.contains(.anyChar)

        var bytesOK = true
        var bsegs: [[Int32]] = [[]]
        var ssegs: [[Int32]] = [[]]
        var minBytes = 0
        for part in parts {
            switch part {
            case .anyRun:
                bsegs.append([])
                ssegs.append([])
            case .anyChar:
                bsegs[bsegs.count - 1].append(-1)
                ssegs[ssegs.count - 1].append(-1)
                minBytes += 1
            case .literal(let bytes):
                let scalars: [UInt32]
                if caseSensitive {
                    scalars = String(decoding: bytes, as: UTF8.self).unicodeScalars.map(\.value)
                    bsegs[bsegs.count - 1] += bytes.map { Int32($0) }
                    minBytes += bytes.count
                } else {
                    scalars = CaseFolding.folded(String(decoding: bytes, as: UTF8.self))
                    if scalars.allSatisfy({ $0 < 0x80 }) {
                        bsegs[bsegs.count - 1] += scalars.map { Int32($0) }
                    } else {
                        bytesOK = false
                    }
                    minBytes += scalars.count  // each folded scalar is at least one byte of text
                }
                ssegs[ssegs.count - 1] += scalars.map { Int32(bitPattern: $0) }
            }
        }
        if !anchoredEnd {
            bsegs.removeLast()
            ssegs.removeLast()
        }
        if !anchoredStart {
            bsegs.removeFirst()
            ssegs.removeFirst()
        }
        byteSegments = bytesOK ? bsegs : nil
        scalarSegments = ssegs
        minimumBytes = caseSensitive ? minBytes : 0
    }

    /// A value with no wildcards.
    /// - Parameters:
    ///   - literal: the text.
    ///   - caseSensitive: `|cased`.
    package init(literal: String, caseSensitive: Bool = false) {
        self.init([.literal(Array(literal.utf8))], caseSensitive: caseSensitive)
    }

    /// The value as Sigma text.
    package var description: String { parts.sigmaText }

    /// True when the value has no `*` or `?`.
    package var isPlain: Bool { !hasStar && !hasAnyChar }

    /// True when the value is a bare `*` (matches every string).
    package var matchesEverything: Bool { parts == [.anyRun] }

    /// Matches `subject` (UTF-8 bytes).
    /// - Parameters:
    ///   - subject: the text.
    ///   - scratch: a reusable buffer for decoding non-ASCII subjects.
    /// - Returns: true when the whole subject matches the value.
    @inline(__always)
    package func matches(_ subject: UnsafeRawBufferPointer, scratch: inout [UInt32]) -> Bool {
        if subject.count < minimumBytes { return false }
        let ascii = CaseFolding.isASCII(subject)
        if ascii || (caseSensitive && !hasAnyChar) {
            guard let segs = byteSegments else { return false }
            guard let base = subject.baseAddress else {
                return run(UnsafeBufferPointer<UInt8>(start: nil, count: 0), segs, lower: false)
            }
            let s = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: subject.count)
            return run(s, segs, lower: !caseSensitive)
        }
        CaseFolding.scalars(of: subject, fold: !caseSensitive, into: &scratch)
        return scratch.withUnsafeBufferPointer { run($0, scalarSegments, lower: false) }
    }

    /// Matches a Swift string (tests and cold paths).
    /// - Parameter subject: the text.
    /// - Returns: true when it matches.
    package func matches(_ subject: String) -> Bool {
        var s = subject
        var scratch: [UInt32] = []
        return s.withUTF8 { matches(UnsafeRawBufferPointer($0), scratch: &scratch) }
    }

    // MARK: Segment matching

    @inline(__always)
    private func run<T: FixedWidthInteger>(_ s: UnsafeBufferPointer<T>, _ segs: [[Int32]], lower: Bool) -> Bool {
        let n = s.count
        if !hasStar {
            let seg = segs[0]
            return seg.count == n && Self.matchAt(s, 0, seg, lower)
        }
        var lo = 0
        var hi = n
        var first = 0
        var last = segs.count - 1
        if anchoredStart {
            let seg = segs[0]
            guard seg.count <= n, Self.matchAt(s, 0, seg, lower) else { return false }
            lo = seg.count
            first = 1
        }
        if anchoredEnd {
            let seg = segs[last]
            guard seg.count <= hi - lo, Self.matchAt(s, n - seg.count, seg, lower) else { return false }
            hi = n - seg.count
            last -= 1
        }
        if first > last { return true }
        for k in first...last {
            let seg = segs[k]
            guard let p = Self.search(s, lo, hi, seg, lower) else { return false }
            lo = p + seg.count
        }
        return true
    }

    @inline(__always)
    private static func unit<T: FixedWidthInteger>(_ c: T, _ lower: Bool) -> Int32 {
        let v = Int32(truncatingIfNeeded: c)
        return lower && (v &- 0x41) >= 0 && (v &- 0x41) < 26 ? v | 0x20 : v
    }

    @inline(__always)
    private static func matchAt<T: FixedWidthInteger>(
        _ s: UnsafeBufferPointer<T>, _ at: Int, _ seg: [Int32], _ lower: Bool
    ) -> Bool {
        var i = at
        for p in seg {
            if p >= 0, unit(s[i], lower) != p { return false }
            i += 1
        }
        return true
    }

    /// Leftmost position `p` in `lo...hi - seg.count` where `seg` matches.
    @inline(__always)
    private static func search<T: FixedWidthInteger>(
        _ s: UnsafeBufferPointer<T>, _ lo: Int, _ hi: Int, _ seg: [Int32], _ lower: Bool
    ) -> Int? {
        let m = seg.count
        guard m <= hi - lo else { return nil }
        if m == 0 { return lo }
        let lastStart = hi - m
        let head = seg[0]
        var p = lo
        if head < 0 {
            while p <= lastStart {
                if matchAt(s, p, seg, lower) { return p }
                p += 1
            }
            return nil
        }
        while p <= lastStart {
            if unit(s[p], lower) == head, matchAt(s, p, seg, lower) { return p }
            p += 1
        }
        return nil
    }
}
