import LogHuntNormalize
import PropertyBased
import Testing

/// `SourceEndpoint` against the character-based parser it replaced (kept here verbatim as the
/// reference): the byte tests must give the same split on any text, ASCII or not.
@Suite struct SourceEndpointReferenceTests {
    static let alphabet: [String] = [
        "1", "2", "9", "0", "a", "f", "F", "g", ":", ":", ":", ".", ".", "%", "[", "]", " ", "\u{301}", "é", "\r",
        "\n", "e", "t", "h", "x",
    ]

    @Test func sameSplitAsTheCharacterParser() async {
        await propertyCheck(count: 3000, input: Gen.element(of: Self.alphabet).array(of: 0...24)) { pieces in
            let text = pieces.compactMap { $0 }.joined()
            let mine = SourceEndpoint(parsing: text)
            let reference = ReferenceEndpoint(parsing: text)
            #expect(mine.ip == reference.ip, "\(text.debugDescription)")
            #expect(mine.port == reference.port, "\(text.debugDescription)")
            #expect(mine.address == reference.address, "\(text.debugDescription)")
        }
    }

    @Test(arguments: [
        "fe80::1%\u{301}", "fe80::1%eth0", "1.2.3.4:\u{301}80", "1.2.3.4:80", "::\u{301}1", "[::1]:443", "é:1",
        "1.2.3.4\u{301}:80", "2001:db8::1\r\n",
    ])
    func edgeCases(_ text: String) {
        let mine = SourceEndpoint(parsing: text)
        let reference = ReferenceEndpoint(parsing: text)
        #expect(mine.ip == reference.ip)
        #expect(mine.port == reference.port)
        #expect(mine.address == reference.address)
    }
}

struct ReferenceEndpoint: Hashable {
    var ip: String?
    var address: String?
    var port: String?
    init(parsing text: String) {
        var s = Substring(text)
        // Byte tests, not `Character` ones: this runs for every event with an address.
        while s.utf8.first == 0x20 { s = s.dropFirst() }
        while s.utf8.last == 0x20 { s = s.dropLast() }
        guard !s.isEmpty else { return }
        if ReferenceEndpoint.isIPv4(s) {
            ip = s.utf8.count == text.utf8.count ? text : String(s)
            return
        }
        if ReferenceEndpoint.isIPv6(s) {
            ip = s.lowercased()
            return
        }
        // [v6]:port or [v6]
        if s.first == "[", let close = s.firstIndex(of: "]") {
            let inner = s[s.index(after: s.startIndex)..<close]
            let rest = s[s.index(after: close)...]
            if ReferenceEndpoint.isIPv6(inner) || ReferenceEndpoint.isIPv4(inner) {
                if rest.isEmpty {
                    ip = inner.lowercased()
                    return
                }
                if rest.first == ":", ReferenceEndpoint.isPort(rest.dropFirst()) {
                    ip = inner.lowercased()
                    port = String(rest.dropFirst())
                    return
                }
            }
        }
        // v4:port (exactly one colon)
        if let colon = s.firstIndex(of: ":"), s[s.index(after: colon)...].firstIndex(of: ":") == nil {
            let host = s[..<colon]
            let p = s[s.index(after: colon)...]
            if ReferenceEndpoint.isIPv4(host), ReferenceEndpoint.isPort(p) {
                ip = String(host)
                port = String(p)
                return
            }
        }
        address = String(s)
    }
    static func isPort(_ s: Substring) -> Bool {
        guard !s.isEmpty, s.count <= 5, s.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return false }
        return (Int(s) ?? 70_000) <= 65_535
    }
    static func isIPv4(_ s: Substring) -> Bool {
        var parts = 0
        var digits = 0
        var value = 0
        var leadingZero = false
        for c in s.utf8 {
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
    static func isIPv6(_ s: Substring) -> Bool {
        var text = s
        if let pct = text.firstIndex(of: "%") {
            guard text.index(after: pct) < text.endIndex else { return false }
            text = text[..<pct]
        }
        guard text.count >= 2, text.contains(":") else { return false }
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
            guard !piece.isEmpty, piece.count <= 4, piece.allSatisfy(referenceIsHex) else { return false }
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

@inline(__always) private func referenceIsHex(_ c: UInt8) -> Bool {
    (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
}
