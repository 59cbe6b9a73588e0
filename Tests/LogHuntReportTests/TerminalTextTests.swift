import LogHuntCore
import LogHuntEngine
import Testing

@testable import LogHuntReport

@Suite struct TerminalTextTests {
    @Test(arguments: [
        ("\u{1B}[31mred", "\\x1b[31mred"),
        ("a\u{1B}]0;title\u{07}b", "a\\x1b]0;title\\x07b"),
        ("x\u{9B}2J", "x\\u{9b}2J"),
        ("\u{9D}8;;http://e\u{9C}", "\\u{9d}8;;http://e\\u{9c}"),
        ("abc\u{202E}txt.exe", "abc\\u{202e}txt.exe"),
        ("\u{2066}i\u{2069}", "\\u{2066}i\\u{2069}"),
        ("zero\u{200B}width\u{FEFF}", "zero\\u{200b}width\\u{feff}"),
        ("line\nfeed\r\ttab\u{0}nul\u{7F}", "line\\nfeed\\r\\ttabnul".replacingNul()),
        ("plain café 東京", "plain café 東京"),
    ])
    func escapes(input: String, expected: String) {
        #expect(TerminalText.escape(input) == expected)
    }

    /// Every scalar that can start or steer a terminal sequence is escaped, whatever surrounds it.
    @Test func noDangerousScalarSurvives() {
        var dangerous: [Unicode.Scalar] = []
        for v in UInt32(0)..<0x20 { dangerous.append(Unicode.Scalar(v)!) }
        for v in UInt32(0x7F)..<0xA0 { dangerous.append(Unicode.Scalar(v)!) }
        for v in UInt32(0x202A)...0x202E { dangerous.append(Unicode.Scalar(v)!) }
        for v in UInt32(0x2066)...0x2069 { dangerous.append(Unicode.Scalar(v)!) }
        for s in dangerous {
            let escaped = TerminalText.escape("a" + String(Character(s)) + "[1m")
            #expect(!escaped.unicodeScalars.contains(s), "U+\(String(s.value, radix: 16)) survived")
            #expect(escaped.unicodeScalars.allSatisfy { !TerminalText.needsEscape($0) })
        }
    }

    @Test func widthAndTruncation() {
        #expect(TerminalText.width("東京") == 4)
        #expect(TerminalText.width("e\u{301}") == 1)
        #expect(TerminalText.truncate("abcdefgh", to: 5) == "abcd…")
        #expect(TerminalText.truncate("東京東京", to: 5) == "東京…")
        #expect(TerminalText.truncate("abc", to: 5) == "abc")
        #expect(TerminalText.pad("東", to: 4) == "東  ")
    }

    /// Issue 5: log-borne escape sequences never reach table output.
    /// See: #5
    @Test(arguments: [nil, 60, 100, 200] as [Int?], [false, true])
    func issue5_logBorneEscapesNeverReachTable(width: Int?, color: Bool) {
        let out = TableWriter(options: TableOptions(width: width, color: color))
            .render(ReportFixtures.findings, context: ReportFixtures.context)
        let text = String(decoding: out, as: UTF8.self)
        #expect(!text.isEmpty)
        // Colour codes loghunt adds itself are the only ESC bytes, and only `ESC[<digits;>m`.
        var stripped = text
        if color {
            for level in Level.allCases { stripped = stripped.replacingAll(ANSIStyle.sequence(for: level), with: "") }
            stripped = stripped.replacingAll(ANSIStyle.bold, with: "").replacingAll(ANSIStyle.reset, with: "")
        }
        for s in stripped.unicodeScalars where s != "\n" {
            #expect(!TerminalText.needsEscape(s), "U+\(String(s.value, radix: 16)) reached the table")
        }
        if !color { #expect(!text.utf8.contains(0x1B)) }
    }

    /// The event timeline escapes log-borne text as the findings table does.
    /// See: #5
    @Test(arguments: [nil, 80] as [Int?])
    func issue5_logBorneEscapesNeverReachTimeline(width: Int?) {
        let out = EventTableWriter(options: TableOptions(width: width))
            .render([ReportFixtures.githubEvent, ReportFixtures.awsEvent, ReportFixtures.entraEvent])
        let text = String(decoding: out, as: UTF8.self)
        #expect(text.split(separator: "\n").count == 4)
        for s in text.unicodeScalars where s != "\n" {
            #expect(!TerminalText.needsEscape(s), "U+\(String(s.value, radix: 16)) reached the timeline")
        }
    }

    @Test(arguments: [40, 60, 80, 100, 132])
    func tableFitsWidth(width: Int) {
        let out = TableWriter(options: TableOptions(width: width)).render(
            ReportFixtures.findings, context: ReportFixtures.context)
        let lines = String(decoding: out, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == ReportFixtures.findings.count + 1)
        for line in lines { #expect(TerminalText.width(String(line)) <= width, "\(line)") }
    }

    @Test func colourDecision() {
        #expect(ANSIStyle.shouldColor(isTerminal: true, environment: [:]))
        #expect(!ANSIStyle.shouldColor(isTerminal: false, environment: [:]))
        #expect(!ANSIStyle.shouldColor(isTerminal: true, environment: ["NO_COLOR": "1"]))
        #expect(!ANSIStyle.shouldColor(isTerminal: true, environment: ["NO_COLOR": "1"], force: true))
        #expect(ANSIStyle.shouldColor(isTerminal: true, environment: ["NO_COLOR": ""]))
        #expect(!ANSIStyle.shouldColor(isTerminal: true, environment: ["TERM": "dumb"]))
        #expect(ANSIStyle.shouldColor(isTerminal: false, environment: [:], force: true))
    }

    @Test func diagnosticsAreEscaped() {
        let d = Diagnostic(.warning, .malformedRecord, file: "evil\u{1B}[2J.json", line: 3, message: "bad \u{202E}x")
        let line = DiagnosticFormatter().line(d)
        #expect(line == "loghunt: warning: evil\\x1b[2J.json:3: bad \\u{202e}x")
        #expect(
            DiagnosticFormatter().ruleCheckLine(
                Diagnostic(.error, .ruleError, file: "r.yml", line: 4, column: 9, message: "m"))
                == "r.yml:4:9: error: m")
    }
}

extension String {
    fileprivate func replacingNul() -> String { self.replacingAll("tabnul", with: "tab\\x00nul\\x7f") }

    fileprivate func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty else { return self }
        var out = ""
        var rest = Substring(self)
        while let r = rest.firstRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        return out + rest
    }
}

/// The byte scanner that decides whether a raw record can be copied agrees with `needsEscape`.
@Suite struct RawRecordScanTests {
    @Test func scannerAgreesWithNeedsEscapeOnEveryInterestingScalar() {
        var scalars: [UInt32] = Array(0x00...0x2FF) + Array(0x0600...0x0620) + Array(0x1800...0x1810)
        scalars += Array(0x2000...0x2070) + Array(0xFE00...0xFFFD) + Array(0xE0000...0xE0080) + [0x1F600, 0x10FFFF]
        for v in scalars {
            guard let s = Unicode.Scalar(v) else { continue }
            let text = "a" + String(Character(s)) + "b"
            let clean = RawRecord.isSingleLine(Array(text.utf8)[...])
            #expect(clean == !TerminalText.needsEscape(s), "U+\(String(v, radix: 16))")
        }
    }
}
