/// Recognises what an input holds from its first bytes, never from its name.
package enum FormatSniffer {
    /// What the start of an input looks like.
    package enum Guess: Sendable, Hashable {
        /// Nothing but whitespace (or nothing at all).
        case empty
        /// JSON: an object (NDJSON, a wrapper or a single record) or an array.
        case json
        /// CSV with a header line.
        case csv
        /// Neither (binary junk, plain text).
        case unrecognised
    }

    /// Guesses the format from the first bytes of the decoded input.
    /// - Parameter prefix: the start of the input (at least the first line when there is one).
    /// - Returns: the guess.
    package static func guess(_ prefix: [UInt8]) -> Guess {
        var i = 0
        if prefix.count >= 3 && prefix[0] == 0xEF && prefix[1] == 0xBB && prefix[2] == 0xBF { i = 3 }
        while i < prefix.count, [0x20, 0x09, 0x0D, 0x0A, 0x00].contains(prefix[i]) { i += 1 }
        guard i < prefix.count else { return .empty }
        if prefix[i] == 0x7B || prefix[i] == 0x5B { return .json }
        let end = prefix[i...].firstIndex(of: 0x0A) ?? prefix.count
        return prefix.withUnsafeBufferPointer { isCSVHeader(UnsafeBufferPointer(rebasing: $0[i..<end])) }
            ? .csv : .unrecognised
    }

    /// True when `line` reads as a CSV header: printable UTF-8 text without tabs, at least two
    /// comma-separated names, each with a letter in it and at most 256 bytes long.
    package static func isCSVHeader(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var end = line.count
        while end > 0 && (line[end - 1] == 0x0D || line[end - 1] == 0x20) { end -= 1 }
        let text = UnsafeBufferPointer(rebasing: line[0..<end])
        guard text.count >= 3 else { return false }
        for c in text where c < 0x20 || c == 0x7F { return false }
        guard UTF8Repair.isValid(Array(text)) else { return false }
        let fields = CSVReader.splitFields(text)
        guard fields.count >= 2 else { return false }
        var empty = 0
        for field in fields {
            if field.allSatisfy({ $0 == 0x20 }) {
                empty += 1
                continue
            }
            if field.count > 256 { return false }
            let hasLetter = field.contains { ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) || $0 >= 0x80 }
            if !hasLetter { return false }
        }
        return empty <= 1
    }
}
