/// A case-insensitive set of plain strings: the optimiser's rewrite of `field: [a, b, c]`.
/// Lookup hashes the ASCII-lowered subject on the fly (FNV-1a), so it allocates nothing for
/// ASCII text; non-ASCII subjects are case-folded first.
package struct LiteralSet: Sendable, Hashable {
    /// The members, folded, as UTF-8 bytes.
    package let members: [[UInt8]]
    private let buckets: [UInt64: [Int]]

    /// Builds a set from the plain values (they are folded here).
    /// - Parameter values: UTF-8 bytes of each value.
    package init(_ values: [[UInt8]]) {
        var members: [[UInt8]] = []
        var buckets: [UInt64: [Int]] = [:]
        var seen = Set<[UInt8]>()
        for v in values {
            let folded = LiteralSet.fold(v)
            guard seen.insert(folded).inserted else { continue }
            buckets[LiteralSet.hash(folded), default: []].append(members.count)
            members.append(folded)
        }
        self.members = members
        self.buckets = buckets
    }

    /// Folds UTF-8 text the way the matchers do (ASCII lowered; others lower(upper(c))).
    /// - Parameter bytes: UTF-8 text.
    /// - Returns: folded UTF-8.
    package static func fold(_ bytes: [UInt8]) -> [UInt8] {
        if bytes.allSatisfy({ $0 < 0x80 }) { return bytes.map(CaseFolding.lower) }
        var out: [UInt8] = []
        for s in CaseFolding.folded(String(decoding: bytes, as: UTF8.self)) {
            appendScalar(s, &out)
        }
        return out
    }

    private static func appendScalar(_ s: UInt32, _ out: inout [UInt8]) {
        let scalar = Unicode.Scalar(s) ?? "\u{FFFD}"
        out += Array(String(scalar).utf8)
    }

    @inline(__always)
    private static func hash(_ bytes: some Sequence<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// True when the subject equals a member, ignoring case.
    /// - Parameters:
    ///   - subject: UTF-8 text.
    ///   - scratch: reusable buffer for non-ASCII subjects.
    /// - Returns: membership.
    @inline(__always)
    package func contains(_ subject: UnsafeRawBufferPointer, scratch: inout [UInt32]) -> Bool {
        if CaseFolding.isASCII(subject) {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325
            for b in subject {
                h ^= UInt64(CaseFolding.lower(b))
                h = h &* 0x100_0000_01b3
            }
            guard let candidates = buckets[h] else { return false }
            for c in candidates {
                let m = members[c]
                guard m.count == subject.count else { continue }
                var same = true
                for k in 0..<m.count where m[k] != CaseFolding.lower(subject[k]) {
                    same = false
                    break
                }
                if same { return true }
            }
            return false
        }
        CaseFolding.scalars(of: subject, fold: true, into: &scratch)
        var folded: [UInt8] = []
        for s in scratch { LiteralSet.appendScalar(s, &folded) }
        guard let candidates = buckets[LiteralSet.hash(folded)] else { return false }
        return candidates.contains { members[$0] == folded }
    }
}
