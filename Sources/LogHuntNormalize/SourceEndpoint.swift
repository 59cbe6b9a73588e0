/// A caller address as a source wrote it, split into what ECS wants: `source.ip` only when
/// the text is an IPv4 or IPv6 address (after removing a `:port` or `[v6]:port` wrapper),
/// `source.address` otherwise (`ec2.amazonaws.com`, `AWS Internal`, GCP's `private`).
package struct SourceEndpoint: Sendable, Hashable {
    /// The address when it parses as IPv4 or IPv6 (IPv6 lower-cased, zone kept).
    package var ip: String?
    /// The text as written, when it is not an IP (a host or service name).
    package var address: String?
    /// The port, when the text carried one.
    package var port: String?

    /// Splits a caller-address text. Empty text gives an endpoint with nothing set.
    /// - Parameter text: the source's value, e.g. `203.0.113.9:443`, `[2001:db8::1]:443`.
    package init(parsing text: String) {
        var s = Substring(text)
        // Byte tests, not `Character` ones: this runs for every event with an address.
        while s.utf8.first == 0x20 { s = s.dropFirst() }
        while s.utf8.last == 0x20 { s = s.dropLast() }
        guard !s.isEmpty else { return }
        if SourceEndpoint.isIPv4(s) {
            ip = s.utf8.count == text.utf8.count ? text : String(s)
            return
        }
        if SourceEndpoint.isIPv6(s) {
            ip = s.lowercased()
            return
        }
        // [v6]:port or [v6]
        if s.first == "[", let close = s.firstIndex(of: "]") {
            let inner = s[s.index(after: s.startIndex)..<close]
            let rest = s[s.index(after: close)...]
            if SourceEndpoint.isIPv6(inner) || SourceEndpoint.isIPv4(inner) {
                if rest.isEmpty {
                    ip = inner.lowercased()
                    return
                }
                if rest.first == ":", SourceEndpoint.isPort(rest.dropFirst()) {
                    ip = inner.lowercased()
                    port = String(rest.dropFirst())
                    return
                }
            }
        }
        // v4:port (exactly one colon). A host that is IPv4 and a port are ASCII, so the colon is
        // found by byte: a colon byte inside a larger character leaves a host or port that fails
        // its test, as the character search did.
        if let (host, p) = SourceEndpoint.splitAtOnlyColon(s), SourceEndpoint.isIPv4(host), SourceEndpoint.isPort(p) {
            ip = String(host)
            port = String(p)
            return
        }
        address = String(s)
    }

    /// The text before and after the colon of `s`, when it has exactly one colon byte.
    package static func splitAtOnlyColon(_ s: Substring) -> (Substring, Substring)? {
        guard let colon = s.utf8.firstIndex(of: 0x3A) else { return nil }
        let after = s.utf8.index(after: colon)
        guard s[after...].utf8.firstIndex(of: 0x3A) == nil else { return nil }
        return (s[..<colon], s[after...])
    }

    /// True when `s` is 1–5 decimal digits no larger than 65535.
    package static func isPort(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.count <= 5, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return (Int(s) ?? 70_000) <= 65_535
    }

    /// True when `s` is a dotted-quad IPv4 address (no leading zeros beyond a single `0`).
    package static func isIPv4(_ s: Substring) -> Bool {
        // Through the text's buffer: iterating a `Substring`'s UTF-8 view cost ~45
        // instructions a byte, an eighth of normalising a CloudTrail record.
        if let answer = s.utf8.withContiguousStorageIfAvailable({ isIPv4(bytes: $0) }) { return answer }
        return isIPv4(bytes: Array(s.utf8))
    }

    private static func isIPv4<Bytes: Collection<UInt8>>(bytes: Bytes) -> Bool {
        var parts = 0
        var digits = 0
        var value = 0
        var leadingZero = false
        for c in bytes {
            if c == 0x2E {
                guard digits > 0 else { return false }
                parts += 1
                digits = 0
                value = 0
                leadingZero = false
                continue
            }
            guard c >= 0x30, c <= 0x39 else { return false }
            if digits == 1 && leadingZero { return false }
            if digits == 0 && c == 0x30 { leadingZero = true }
            digits += 1
            guard digits <= 3 else { return false }
            value = value * 10 + Int(c - 0x30)
            guard value <= 255 else { return false }
        }
        return parts == 3 && digits > 0
    }

    /// The part of `s` an IPv6 parse looks at (before a `%zone`), or nil when `s` cannot be an
    /// IPv6 address by its colons, zone or length alone.
    package static func addressPart(ofIPv6 s: Substring) -> Substring? {
        // Host names and `AWS Internal` have no colon byte, so no ":" character either: rejected
        // at once. ASCII text is searched byte by byte (there a byte is a character, and the
        // group parse accepts only ASCII); other text keeps the character tests, where a
        // combining mark after `%` or `:` makes another character.
        guard s.utf8.contains(0x3A) else { return nil }
        var text = s
        if s.utf8.contains(where: { $0 >= 0x80 }) {
            if let pct = text.firstIndex(of: "%") {
                guard text.index(after: pct) < text.endIndex else { return nil }
                text = text[..<pct]
            }
            guard text.count >= 2, text.contains(":") else { return nil }
        } else {
            if let pct = text.utf8.firstIndex(of: 0x25) {
                guard text.utf8.index(after: pct) < text.endIndex else { return nil }
                text = text[..<pct]
            }
            guard text.utf8.count >= 2 else { return nil }
        }
        return text
    }

    /// True when `s` is an IPv6 address (RFC 4291 text forms: `::` compression, an embedded
    /// IPv4 tail, an optional `%zone`).
    package static func isIPv6(_ s: Substring) -> Bool {
        guard let text = addressPart(ofIPv6: s) else { return false }
        let utf8 = Array(text.utf8)
        var groups = 0
        var compressed = false
        var i = 0
        if utf8.count >= 2, utf8[0] == 0x3A {
            guard utf8[1] == 0x3A else { return false }
            compressed = true
            i = 2
            if i == utf8.count { return true }
        }
        while i < utf8.count {
            // Read one group (hex up to 4) or an IPv4 tail.
            var j = i
            while j < utf8.count, utf8[j] != 0x3A { j += 1 }
            let piece = utf8[i..<j]
            if piece.contains(0x2E) {
                // IPv4 tail must be last.
                guard j == utf8.count, isIPv4(Substring(String(decoding: piece, as: UTF8.self))) else { return false }
                groups += 2
                i = j
                break
            }
            guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(isHex) else { return false }
            groups += 1
            if j == utf8.count {
                i = j
                break
            }
            // utf8[j] == ':'
            if j + 1 < utf8.count, utf8[j + 1] == 0x3A {
                guard !compressed else { return false }
                compressed = true
                i = j + 2
                if i == utf8.count { break }
            } else {
                guard j + 1 < utf8.count else { return false }
                i = j + 1
            }
        }
        return compressed ? groups <= 7 : groups == 8
    }
}

@inline(__always) private func isHex(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}
