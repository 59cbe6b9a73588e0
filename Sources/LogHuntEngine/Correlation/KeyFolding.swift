extension String {
    /// `lowercased()` for correlation keys, in Unicode normal form C, without its cost on the
    /// common case: ASCII text with no capital letter is returned as it is (no allocation),
    /// other ASCII text is folded byte by byte, and only non-ASCII text goes through
    /// `lowercased()`. NFC because key tables compare keys byte for byte (`ByteKeyIndex`)
    /// where `String` equality is canonical equivalence: a name spelled with a combining
    /// accent and the same name precomposed are one key, as they are one `String`. The form is
    /// the standard library's own (`_nfcCodeUnits`, what `String` hashes), so byte equality of
    /// two keys is exactly `String` equality of their `lowercased()`.
    package var foldedKey: String {
        var needsFolding = false
        for b in utf8 {
            if b >= 0x80 { return String(decoding: lowercased()._nfcCodeUnits, as: UTF8.self) }
            if b >= 0x41 && b <= 0x5A { needsFolding = true }
        }
        guard needsFolding else { return self }
        return String(unsafeUninitializedCapacity: utf8.count) { buffer in
            var k = 0
            for b in utf8 {
                buffer[k] = b >= 0x41 && b <= 0x5A ? b | 0x20 : b
                k += 1
            }
            return k
        }
    }
}
