import Testing
import LogHuntTestSupport

@testable import LogHuntEngine

/// Parts from a compact notation: `*` any run, `?` one char, `\` escapes the next character.
func parts(_ text: String) -> [ValuePart] {
    var out: [ValuePart] = []
    var lit = ""
    var escape = false
    for ch in text {
        if escape {
            lit.append(ch)
            escape = false
            continue
        }
        switch ch {
        case "\\": escape = true
        case "*", "?":
            if !lit.isEmpty { out.append(.literal(Array(lit.utf8))) }
            lit = ""
            out.append(ch == "*" ? .anyRun : .anyChar)
        default: lit.append(ch)
        }
    }
    if !lit.isEmpty { out.append(.literal(Array(lit.utf8))) }
    return out
}

@Suite struct WildcardPatternTests {
    @Test(arguments: [
        // pattern, subject, cased, expected
        ("abc", "abc", false, true),
        ("abc", "ABC", false, true),  // case-insensitive by default
        ("abc", "ABC", true, false),  // |cased
        ("abc", "abcd", false, false),  // equality is whole-string
        ("abc*", "ABCdef", false, true),  // startswith
        ("*def", "abcDEF", false, true),  // endswith
        ("*cd*", "abCDef", false, true),  // contains
        ("*cd*", "abef", false, false),
        ("a?c", "abc", false, true),  // ? is one character
        ("a?c", "ac", false, false),
        ("a?c", "abbc", false, false),
        ("a*c", "ac", false, true),  // * may be empty
        ("a*b*c", "aXXbYYc", false, true),
        ("a*b*c", "aXXcYYb", false, false),
        ("*", "", false, true),
        ("", "", false, true),
        ("", "x", false, false),
        ("*a*a*", "banana", false, true),
        ("*a?a*", "banana", false, true),
        ("*n?n", "banana", false, false),
        ("a\\*c", "a*c", false, true),  // literal *
        ("a\\*c", "abc", false, false),
        ("a\\?c", "abc", false, false),
        ("café", "CAFÉ", false, true),  // Unicode case folding
        ("caf?", "CAFÉ", false, true),  // ? is one scalar, not one byte
        ("caf?", "CAFÉ", true, false),
        ("caf?", "cafÉ", true, true),
        ("straße", "STRASSE", false, true),  // full folding: ß ≡ ss
        ("*ΣΟΦΟΣ*", "xσοφος", false, true),
        ("k", "\u{212A}", false, true),  // Kelvin sign folds to k
        ("\u{212A}*", "kelvin", false, true),
        ("é", "e", false, false),
    ])
    func cases(_ pattern: String, _ subject: String, _ cased: Bool, _ expected: Bool) {
        let p = WildcardPattern(parts(pattern), caseSensitive: cased)
        #expect(p.matches(subject) == expected)
    }

    @Test func invalidUTF8SubjectIsSafe() {
        let p = WildcardPattern(parts("*b*"))
        var scratch: [UInt32] = []
        let bytes: [UInt8] = [0x61, 0xFF, 0x62, 0xC3]
        #expect(bytes.withUnsafeBytes { p.matches($0, scratch: &scratch) })
        let q = WildcardPattern(parts("a?b*"))
        #expect(bytes.withUnsafeBytes { q.matches($0, scratch: &scratch) })
    }

    @Test func normalisesParts() {
        let p = WildcardPattern([.anyRun, .anyRun, .literal([0x61]), .literal([0x62]), .literal([])])
        #expect(p.parts == [.anyRun, .literal([0x61, 0x62])])
        #expect(p.description == "*ab")
        #expect(WildcardPattern([.anyRun]).matchesEverything)
    }
}

@Suite struct LiteralSetTests {
    @Test func membershipIgnoresCase() {
        let set = LiteralSet([Array("CreateUser".utf8), Array("DeleteUser".utf8), Array("Straße".utf8)])
        var scratch: [UInt32] = []
        func has(_ s: String) -> Bool {
            var s = s
            return s.withUTF8 { set.contains(UnsafeRawBufferPointer($0), scratch: &scratch) }
        }
        #expect(has("createuser"))
        #expect(has("DELETEUSER"))
        #expect(!has("CreateUsers"))
        #expect(!has(""))
        #expect(has("STRASSE"))
        #expect(has("straße"))
    }

    /// Membership is `members.contains(fold(subject))`, for sets of 0 to 200 members (tables
    /// of every size, probe chains past their wrap), ASCII and not, and for subjects that are
    /// members in another case, prefixes, extensions and strangers.
    @Test func membershipIsFoldedEquality() {
        var rng = SplitMix64(seed: 21)
        let alphabet = Array("aAbBzZ._-0é∆ß".unicodeScalars)
        func word() -> [UInt8] {
            var s = String.UnicodeScalarView()
            for _ in 0..<Int.random(in: 0...6, using: &rng) {
                s.append(alphabet[Int.random(in: 0..<alphabet.count, using: &rng)])
            }
            return Array(String(s).utf8)
        }
        var scratch: [UInt32] = []
        for _ in 0..<300 {
            let values = (0..<Int.random(in: 0...200, using: &rng)).map { _ in word() }
            let set = LiteralSet(values)
            let folded = Set(values.map(LiteralSet.fold))
            #expect(set.members.count == folded.count)
            var subjects = (0..<20).map { _ in word() }
            for v in values.prefix(10) {
                subjects.append(Array(String(decoding: v, as: UTF8.self).uppercased().utf8))
                subjects.append(v + [0x61])
                subjects.append(Array(v.dropLast()))
            }
            for subject in subjects {
                let got = subject.withUnsafeBytes { set.contains($0, scratch: &scratch) }
                #expect(got == folded.contains(LiteralSet.fold(subject)), "\(String(decoding: subject, as: UTF8.self))")
            }
        }
    }
}

@Suite struct IPNetworkTests {
    @Test(arguments: [
        ("10.0.0.0/8", "10.1.2.3", true),
        ("10.0.0.0/8", "11.0.0.1", false),
        ("192.168.1.7/32", "192.168.1.7", true),  // /32 host
        ("192.168.1.7/32", "192.168.1.8", false),
        ("192.168.1.7", "192.168.1.7", true),  // bare address = host
        ("0.0.0.0/0", "8.8.8.8", true),
        ("2001:db8::/32", "2001:db8:1::5", true),
        ("2001:db8::/32", "2001:db9::5", false),
        ("2001:db8::1/128", "2001:db8::1", true),  // /128 host (pySigma's bug)
        ("2001:db8::1/128", "2001:0db8:0000:0000:0000:0000:0000:0001", true),
        ("2001:db8::1/128", "2001:db8::2", false),
        ("::/0", "fe80::1%eth0", true),
        ("10.0.0.0/8", "::ffff:10.9.9.9", true),  // IPv4-mapped IPv6
        ("10.0.0.0/8", "2001:db8::1", false),
        ("2001:db8::/32", "10.0.0.1", false),
        ("10.0.0.0/8", "not an ip", false),
        ("10.0.0.0/8", "10.0.0", false),
        ("10.0.0.0/8", "10.0.0.256", false),
        ("fd00::/8", "fdff:ffff::", true),
    ])
    func membership(_ cidr: String, _ ip: String, _ expected: Bool) throws {
        let net = try #require(IPNetwork(cidr))
        var s = ip
        #expect(s.withUTF8 { net.contains(UnsafeRawBufferPointer($0)) } == expected)
    }

    @Test(arguments: ["10.0.0.0/33", "2001:db8::/129", "1.2.3/8", "::1::2", "1.2.3.4/x", "", "12345::"])
    func rejectsInvalid(_ text: String) {
        #expect(IPNetwork(text) == nil)
    }
}

@Suite struct ValueEncodingTests {
    private func text(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }

    @Test func base64() {
        #expect(text(ValueEncoding.base64(Array("hello".utf8))) == "aGVsbG8=")
        #expect(text(ValueEncoding.base64(Array("ab".utf8))) == "YWI=")
        #expect(text(ValueEncoding.base64([])) == "")
    }

    @Test(arguments: [
        ("/bin/sh", ["L2Jpbi9za", "9iaW4vc2", "vYmluL3No"]),
        ("http://", ["aHR0cDovL", "h0dHA6Ly", "odHRwOi8v"]),
        ("ab", ["YW", "Fi", "hY"]),
    ])
    func base64OffsetMatchesPySigma(_ value: String, _ expected: [String]) {
        #expect(ValueEncoding.base64Offsets(Array(value.utf8)).map(text) == expected)
    }

    @Test func utf16Encodings() {
        #expect(ValueEncoding.utf16LE(Array("pi".utf8)) == [0x70, 0, 0x69, 0])
        #expect(ValueEncoding.utf16BE(Array("pi".utf8)) == [0, 0x70, 0, 0x69])
        #expect(ValueEncoding.utf16(Array("p".utf8)) == [0xFF, 0xFE, 0x70, 0])
        // wide|base64 as SigmaHQ chains it.
        #expect(text(ValueEncoding.base64(ValueEncoding.utf16LE(Array("ping".utf8)))) == "cABpAG4AZwA=")
    }

    @Test func windashVariesOnlyWordInitialDashes() throws {
        let variants = try #require(ValueEncoding.windash(parts("-foo -bar-baz /c a-b")))
        #expect(variants.count == 125)  // three word-initial positions, five characters each
        let texts = Set(variants.map { WildcardPattern($0).description })
        #expect(texts.contains("-foo -bar-baz /c a-b"))
        #expect(texts.contains("/foo \u{2013}bar-baz \u{2015}c a-b"))
        #expect(!texts.contains { $0.contains("bar/baz") || $0.contains("a/b") })
    }

    @Test func windashKeepsWildcardsAndLimitsVariants() throws {
        let variants = try #require(ValueEncoding.windash(parts("*-enc*")))
        #expect(variants.count == 5)
        #expect(variants.allSatisfy { $0.first == .anyRun && $0.last == .anyRun })
        #expect(ValueEncoding.windash(parts("-a -b -c -d -e")) == nil)  // 5^5 > 625
    }
}
