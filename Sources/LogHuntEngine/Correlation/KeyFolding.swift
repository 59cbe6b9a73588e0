extension String {
    /// `lowercased()` for correlation keys, without its cost on the common case: ASCII text
    /// with no capital letter is returned as it is (no allocation), other ASCII text is folded
    /// byte by byte, and only non-ASCII text goes through `lowercased()`. Same result as
    /// `lowercased()` on every input.
    package var foldedKey: String {
        var needsFolding = false
        for b in utf8 {
            if b >= 0x80 { return lowercased() }
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
