/// The encoding modifiers, applied to a value's literal bytes at compile time, left to right:
/// `base64`, `base64offset`, `utf16le`/`wide`, `utf16be`, `utf16`, and `windash`.
package enum ValueEncoding {
    /// The five dash characters `windash` substitutes: `-`, `/`, en dash, em dash, horizontal bar.
    package static let dashes: [String] = ["-", "/", "\u{2013}", "\u{2014}", "\u{2015}"]

    /// Most variants one `windash` value may expand to (5^4); more is a compile error.
    package static let maxWindashVariants = 625

    /// Standard Base64 with padding.
    /// - Parameter bytes: the input.
    /// - Returns: the Base64 text as bytes.
    package static func base64(_ bytes: [UInt8]) -> [UInt8] {
        let table = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i + 3 <= bytes.count {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2])
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], table[Int(v & 63)]]
            i += 3
        }
        let rest = bytes.count - i
        if rest == 1 {
            let v = UInt32(bytes[i]) << 16
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], 0x3D, 0x3D]
        } else if rest == 2 {
            let v = UInt32(bytes[i]) << 16 | UInt32(bytes[i + 1]) << 8
            out += [table[Int(v >> 18)], table[Int(v >> 12 & 63)], table[Int(v >> 6 & 63)], 0x3D]
        }
        return out
    }

    /// The three `base64offset` variants (pySigma's algorithm): the value encoded after 0, 1 and
    /// 2 padding bytes, with the characters that depend on the unknown neighbours cut off.
    /// - Parameter bytes: the input.
    /// - Returns: three encodings, for offsets 0, 1 and 2.
    package static func base64Offsets(_ bytes: [UInt8]) -> [[UInt8]] {
        let startOffsets = [0, 2, 3]
        let endOffsets = [0, -3, -2]  // 0 = keep to the end
        return (0..<3).map { i in
            let encoded = base64([UInt8](repeating: 0x20, count: i) + bytes)
            let start = startOffsets[i]
            let endCut = endOffsets[(bytes.count + i) % 3]
            let end = encoded.count + endCut
            guard start < end else { return [] }
            return Array(encoded[start..<end])
        }
    }

    /// UTF-16 little endian.
    /// - Parameter bytes: UTF-8 text.
    /// - Returns: UTF-16LE bytes.
    package static func utf16LE(_ bytes: [UInt8]) -> [UInt8] {
        String(decoding: bytes, as: UTF8.self).utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    /// UTF-16 big endian.
    /// - Parameter bytes: UTF-8 text.
    /// - Returns: UTF-16BE bytes.
    package static func utf16BE(_ bytes: [UInt8]) -> [UInt8] {
        String(decoding: bytes, as: UTF8.self).utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }

    /// UTF-16 with a byte-order mark (`FF FE`, then little endian), as pySigma writes it.
    /// - Parameter bytes: UTF-8 text.
    /// - Returns: BOM + UTF-16LE bytes.
    package static func utf16(_ bytes: [UInt8]) -> [UInt8] { [0xFF, 0xFE] + utf16LE(bytes) }

    /// `windash`: every `-` or `/` at the start of a word (pySigma's `\B[-/]\b`: the character
    /// before is not a word character or there is none, the one after is a word character)
    /// is replaced by each of the five dashes; several positions give every combination.
    /// - Parameter parts: the value.
    /// - Returns: the variants (the first keeps every dash as `-`), or nil when there would be
    ///   more than `maxWindashVariants`.
    package static func windash(_ parts: [ValuePart]) -> [[ValuePart]]? {
        // Split each literal into characters, marking the positions that vary.
        enum Piece {
            case fixed(ValuePart)
            case dash
        }
        var pieces: [Piece] = []
        var positions = 0
        for part in parts {
            guard case .literal(let bytes) = part else {
                pieces.append(.fixed(part))
                continue
            }
            let chars = Array(String(decoding: bytes, as: UTF8.self))
            var run: [UInt8] = []
            for (k, ch) in chars.enumerated() {
                let prevWord = k > 0 && isWord(chars[k - 1])
                let nextWord = k + 1 < chars.count && isWord(chars[k + 1])
                if (ch == "-" || ch == "/") && !prevWord && nextWord {
                    if !run.isEmpty { pieces.append(.fixed(.literal(run))) }
                    run = []
                    pieces.append(.dash)
                    positions += 1
                } else {
                    run += Array(String(ch).utf8)
                }
            }
            if !run.isEmpty { pieces.append(.fixed(.literal(run))) }
        }
        var total = 1
        for _ in 0..<positions {
            total *= dashes.count
            if total > maxWindashVariants { return nil }
        }
        var variants: [[ValuePart]] = [[]]
        for piece in pieces {
            switch piece {
            case .fixed(let p): variants = variants.map { $0 + [p] }
            case .dash: variants = variants.flatMap { v in dashes.map { v + [.literal(Array($0.utf8))] } }
            }
        }
        return variants.map(\.normalised)
    }

    private static func isWord(_ c: Character) -> Bool { c == "_" || c.isLetter || c.isNumber }
}
