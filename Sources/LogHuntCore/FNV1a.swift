/// FNV-1a, 64 bits: the small fixed tables' hash (literal sets, the rule index, the built-in
/// YAML snapshots). Not for tables whose keys come from input (those use `Hasher`). The
/// lookups that fold case while hashing (`LiteralSet`, `RuleIndex`) inline the same steps.
package enum FNV1a {
    /// FNV-1a of `bytes`.
    /// - Parameter bytes: the bytes.
    /// - Returns: the hash.
    package static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h
    }

    /// FNV-1a of `bytes`.
    /// - Parameter bytes: the bytes.
    /// - Returns: the hash.
    package static func hash(_ bytes: [UInt8]) -> UInt64 { bytes.withUnsafeBytes { hash($0) } }
}
