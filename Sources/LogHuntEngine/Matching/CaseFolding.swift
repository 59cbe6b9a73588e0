/// Case folding and UTF-8 decoding for the matchers. The ASCII path lowers bytes in place;
/// non-ASCII text is folded per scalar as lowercase(uppercase(c)), which is full case folding
/// for practical purposes (`ß` ≡ `ss`, final sigma ≡ sigma, `ſ` ≡ `s`).
package enum CaseFolding {
    /// ASCII lowercase of one byte.
    @inline(__always) package static func lower(_ c: UInt8) -> UInt8 { (c &- 0x41) < 26 ? c | 0x20 : c }

    /// True when every byte is below 0x80 (checked eight bytes at a time).
    @inline(__always)
    package static func isASCII(_ buf: UnsafeRawBufferPointer) -> Bool {
        let n = buf.count
        var i = 0
        if let base = buf.baseAddress {
            while i + 8 <= n {
                if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
                i += 8
            }
        }
        while i < n {
            if buf[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Appends the folded form of `scalar` to `out`.
    @inline(__always)
    package static func appendFolded(_ scalar: Unicode.Scalar, to out: inout [UInt32]) {
        let v = scalar.value
        if v < 0x80 {
            out.append(UInt32(lower(UInt8(v))))
            return
        }
        let props = scalar.properties
        if !props.changesWhenCaseMapped {
            out.append(v)
            return
        }
        for u in props.uppercaseMapping.unicodeScalars {
            for l in u.properties.lowercaseMapping.unicodeScalars { out.append(l.value) }
        }
    }

    /// Decodes UTF-8 (invalid sequences become U+FFFD) into `out`, folding case when `fold` is set.
    /// - Parameters:
    ///   - bytes: UTF-8 text.
    ///   - fold: apply case folding.
    ///   - out: replaced with the scalars.
    package static func scalars(of bytes: UnsafeRawBufferPointer, fold: Bool, into out: inout [UInt32]) {
        out.removeAll(keepingCapacity: true)
        var it = bytes.makeIterator()
        var codec = UTF8()
        loop: while true {
            switch codec.decode(&it) {
            case .scalarValue(let s):
                if fold { appendFolded(s, to: &out) } else { out.append(s.value) }
            case .emptyInput: break loop
            case .error: out.append(0xFFFD)
            }
        }
    }

    /// The folded scalars of a string (compile time and tests).
    /// - Parameter text: the text.
    /// - Returns: folded scalar values.
    package static func folded(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        for s in text.unicodeScalars { appendFolded(s, to: &out) }
        return out
    }
}
