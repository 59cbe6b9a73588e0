import CByteScan
import LogHuntCore

/// A case-insensitive set of plain strings: the optimiser's rewrite of `field: [a, b, c]`.
/// Lookup hashes the ASCII-lowered subject on the fly (`lh_key_hash`) and probes an
/// open-addressing table of the members, so it allocates nothing and touches no reference
/// count for ASCII text; non-ASCII subjects are case-folded first.
package struct LiteralSet: Sendable, Hashable {
    /// The members, folded, as UTF-8 bytes.
    package let members: [[UInt8]]
    private let table: Table

    /// The members laid out for probing: one immutable object, so a copy of the set (each
    /// predicate evaluation binds one) is a single retain.
    private final class Table: Sendable {
        /// Member index per slot (-1 empty), at most half full; a power of two long.
        let slots: [Int32]
        /// Per member: its hash (`ProbeTable.hash`).
        let hashes: [UInt64]
        /// The members back to back; member `m` is `bytes[starts[m] ..< starts[m + 1]]`.
        let bytes: [UInt8]
        let starts: [Int]

        init(_ members: [[UInt8]]) {
            var bytes: [UInt8] = []
            var starts: [Int] = [0]
            for member in members {
                bytes += member
                starts.append(bytes.count)
            }
            hashes = members.map(ProbeTable.hash)
            slots = ProbeTable.slots(for: hashes)
            self.bytes = bytes
            self.starts = starts
        }

        /// Whether a member with hash `h` equals `subject`, lowered by `fold` byte by byte.
        @inline(__always)
        func contains(_ subject: UnsafeRawBufferPointer, hash h: UInt64, lowering fold: Bool) -> Bool {
            slots.withUnsafeBufferPointer { slots in
                bytes.withUnsafeBufferPointer { bytes in
                    let mask = slots.count - 1
                    var i = Int(truncatingIfNeeded: h) & mask
                    while true {
                        let m = Int(slots[i])
                        if m < 0 { return false }
                        let start = starts[m]
                        let n = starts[m + 1] - start
                        if hashes[m] == h, n == subject.count {
                            if n == 0 { return true }
                            let stored = bytes.baseAddress! + start
                            let other = subject.baseAddress!.assumingMemoryBound(to: UInt8.self)
                            let same =
                                fold
                                ? lh_equal_folding(stored, other, Int64(n)) : lh_bytes_equal(stored, other, Int64(n))
                            if same != 0 { return true }
                        }
                        i = (i + 1) & mask
                    }
                }
            }
        }
    }

    /// Builds a set from the plain values (they are folded here).
    /// - Parameter values: UTF-8 bytes of each value.
    package init(_ values: [[UInt8]]) {
        var members: [[UInt8]] = []
        var seen = Set<[UInt8]>()
        for v in values {
            let folded = LiteralSet.fold(v)
            guard seen.insert(folded).inserted else { continue }
            members.append(folded)
        }
        self.members = members
        self.table = Table(members)
    }

    /// Equal when the members are (the table is made from them).
    package static func == (lhs: LiteralSet, rhs: LiteralSet) -> Bool { lhs.members == rhs.members }

    package func hash(into hasher: inout Hasher) { hasher.combine(members) }

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

    /// True when the subject equals a member, ignoring case.
    /// - Parameters:
    ///   - subject: UTF-8 text.
    ///   - scratch: reusable buffer for non-ASCII subjects.
    /// - Returns: membership.
    @inline(__always)
    package func contains(_ subject: UnsafeRawBufferPointer, scratch: inout [UInt32]) -> Bool {
        // One pass in C: the hash of the ASCII-folded bytes, unless a byte is not ASCII.
        var ascii: Int32 = 0
        let h = lh_key_hash(subject.baseAddress?.assumingMemoryBound(to: UInt8.self), Int64(subject.count), 1, &ascii)
        if ascii != 0 { return table.contains(subject, hash: h, lowering: true) }
        CaseFolding.scalars(of: subject, fold: true, into: &scratch)
        var folded: [UInt8] = []
        for s in scratch { LiteralSet.appendScalar(s, &folded) }
        return folded.withUnsafeBytes { table.contains($0, hash: ProbeTable.hash(folded), lowering: false) }
    }
}

/// Open addressing for the small literal tables (`LiteralSet`, the rule index's action
/// groups): `lh_key_hash` hashes, a power-of-two table at most half full, linear probing.
enum ProbeTable {
    /// `lh_key_hash` of `bytes` as they are (the members are folded already; a subject's
    /// folding hash of its ASCII bytes gives the same value).
    static func hash(_ bytes: [UInt8]) -> UInt64 {
        var ascii: Int32 = 0
        return bytes.withUnsafeBufferPointer { lh_key_hash($0.baseAddress, Int64($0.count), 0, &ascii) }
    }

    /// The slots for entries with these hashes: each the entry's index, or -1 when empty; at
    /// least 16 and at least twice the entries; entry `e` sits on the chain from
    /// `hashes[e] & (count - 1)`.
    static func slots(for hashes: [UInt64]) -> [Int32] {
        var size = 16
        while size < 2 * hashes.count { size *= 2 }
        var slots = [Int32](repeating: -1, count: size)
        for (e, h) in hashes.enumerated() {
            var i = Int(truncatingIfNeeded: h) & (size - 1)
            while slots[i] >= 0 { i = (i + 1) & (size - 1) }
            slots[i] = Int32(e)
        }
        return slots
    }
}
