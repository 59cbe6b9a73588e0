import Testing

@testable import LogHuntRegex

@Suite struct PCRE2PatternTests {
    private func scratch() throws -> MatchScratch {
        try #require(MatchScratch(limits: RegexLimits(matchLimit: 100_000, depthLimit: 1_000)))
    }

    private func outcome(_ pattern: String, _ subject: String, _ options: RegexOptions = RegexOptions()) throws
        -> RegexOutcome
    {
        let p = try PCRE2Pattern(pattern, options: options)
        return p.matches(subject, scratch: try scratch())
    }

    @Test(arguments: [
        // pattern, subject, caseless, multiline, dotAll, expected match
        ("abc", "xxabcxx", false, false, false, true),  // unanchored search
        ("ABC", "abc", false, false, false, false),  // case-sensitive by default
        ("ABC", "abc", true, false, false, true),  // |re|i
        ("(?i)ABC", "abc", false, false, false, true),  // inline flag
        ("^b$", "a\nb\nc", false, false, false, false),
        ("^b$", "a\nb\nc", false, true, false, true),  // |re|m
        ("a.b", "a\nb", false, false, false, false),
        ("a.b", "a\nb", false, false, true, true),  // |re|s
        ("^\\d{3}-\\w+\\s", "123-ab cd", false, false, false, true),
        ("é", "CAFÉ", true, false, false, true),  // UTF caseless
        ("^.$", "é", false, false, false, true),  // one character, two bytes
    ])
    func flags(_ pattern: String, _ subject: String, _ i: Bool, _ m: Bool, _ s: Bool, _ expected: Bool) throws {
        for jit in [true, false] {
            let got = try outcome(pattern, subject, RegexOptions(caseless: i, multiline: m, dotAll: s, jit: jit))
            #expect(got == (expected ? .match : .noMatch), "jit=\(jit)")
        }
    }

    @Test func invalidUTF8SubjectDoesNotFail() throws {
        let p = try PCRE2Pattern("abc")
        let s = try scratch()
        let subject: [UInt8] = [0xFF, 0xFE, 0x61, 0x62, 0x63, 0xC3]
        let got = subject.withUnsafeBytes { p.matches($0, scratch: s) }
        #expect(got == .match)
        let dot = try PCRE2Pattern("^.{2}$")
        let bad: [UInt8] = [0x61, 0xFF, 0x62]
        // The invalid byte is not a character, so "a" and "b" are never two adjacent characters.
        #expect(bad.withUnsafeBytes { dot.matches($0, scratch: s) } == .noMatch)
    }

    @Test func emptySubjectAndPattern() throws {
        let s = try scratch()
        let empty = try PCRE2Pattern("")
        #expect(empty.matches("", scratch: s) == .match)
        let p = try PCRE2Pattern("^$")
        #expect(p.matches(UnsafeRawBufferPointer(start: nil, count: 0), scratch: s) == .match)
        #expect(try PCRE2Pattern("x").matches("", scratch: s) == .noMatch)
    }

    @Test(arguments: [true, false])
    func catastrophicPatternHitsLimitQuickly(jit: Bool) throws {
        let p = try PCRE2Pattern("(a+)+$", options: RegexOptions(jit: jit))
        let s = try scratch()
        let subject = String(repeating: "a", count: 40) + "!"
        let clock = ContinuousClock()
        var got = RegexOutcome.noMatch
        let elapsed = clock.measure { got = p.matches(subject, scratch: s) }
        guard case .limitExceeded(let code) = got else {
            Issue.record("expected a limit, got \(got)")
            return
        }
        #expect(code < 0)
        #expect(elapsed < .seconds(2))
    }

    @Test func compileErrorCarriesOffset() {
        #expect(throws: RegexError.self) { try PCRE2Pattern("ab(c") }
        do {
            _ = try PCRE2Pattern("abc[")
            Issue.record("expected an error")
        } catch {
            guard case .invalidPattern(let message, let offset) = error else {
                Issue.record("wrong error \(error)")
                return
            }
            #expect(offset == 4)
            #expect(!message.isEmpty)
            #expect(error.description.hasPrefix("invalid regular expression at offset 4"))
        }
    }

    @Test func jitIsUsedWhereAvailable() throws {
        let p = try PCRE2Pattern("a+b")
        #expect(p.isJITCompiled == PCRE2Pattern.jitAvailable)
        let off = try PCRE2Pattern("a+b", options: RegexOptions(jit: false))
        #expect(!off.isJITCompiled)
    }

    @Test func jitAndInterpreterAgree() throws {
        let patterns = ["^a", "b$", "[0-9]+\\.[0-9]+", "(?:foo|bar)baz", "x*?y", "\\bword\\b", "é+", "^$", "a|b|c"]
        let subjects = ["", "a", "ab", "1.5", "foobaz", "barbaz", "xxy", "a word here", "éé", "c", "ÉÉ", "sword"]
        let s = try scratch()
        for pattern in patterns {
            for caseless in [false, true] {
                let on = try PCRE2Pattern(pattern, options: RegexOptions(caseless: caseless, jit: true))
                let off = try PCRE2Pattern(pattern, options: RegexOptions(caseless: caseless, jit: false))
                for subject in subjects {
                    #expect(
                        on.matches(subject, scratch: s) == off.matches(subject, scratch: s),
                        "\(pattern) on \(subject)")
                }
            }
        }
    }

    @Test func patternIsSharedAcrossThreads() async throws {
        let p = try PCRE2Pattern("needle")
        let results = await withTaskGroup(of: Bool.self) { group in
            for k in 0..<4 {
                group.addTask {
                    guard let s = MatchScratch() else { return false }
                    let hay = String(repeating: "x", count: k * 10) + (k % 2 == 0 ? "needle" : "nope")
                    return p.matches(hay, scratch: s) == (k % 2 == 0 ? .match : .noMatch)
                }
            }
            var all: [Bool] = []
            for await r in group { all.append(r) }
            return all
        }
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0 })
    }
}
