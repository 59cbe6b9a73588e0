import LogHuntCore
import LogHuntIngest
import LogHuntTestSupport
import Testing

@testable import LogHuntReport

/// Seeded random inputs (no dependency needed): CSV round trips, terminal escaping and JSON
/// string quoting over strings full of the characters that break them.
@Suite struct RandomisedTests {
    /// Random text from a seeded `SplitMix64`.
    struct Generator {
        var rng: SplitMix64
        init(state: UInt64) { rng = SplitMix64(seed: state) }
        mutating func next() -> UInt64 { rng.next() }
        mutating func string(from alphabet: [Unicode.Scalar], maxLength: Int = 12) -> String {
            var s = ""
            for _ in 0..<Int(next() % UInt64(maxLength + 1)) {
                s.unicodeScalars.append(alphabet[Int(next() % UInt64(alphabet.count))])
            }
            return s
        }
    }

    static let nasty: [Unicode.Scalar] = [
        "a", "Z", "0", " ", ",", "\"", "'", "=", "+", "-", "@", "\t", "\r", "\n", "\u{0}", "\u{1B}", "[", "]", "\u{7}",
        "\u{7F}", "\u{9B}", "\u{9D}", "\u{202E}", "\u{2066}", "\u{200B}", "\u{FEFF}", "\u{2028}", "é", "東", "😀",
        "\u{E0041}", "\\", "u", "{", "}",
    ]

    @Test func csvRowsRoundTripAndNeverStartWithAFormula() {
        var g = Generator(state: 5)
        for _ in 0..<2000 {
            let values = (0..<Int(g.next() % 5 + 1)).map { _ in g.string(from: Self.nasty) }
            let row = CSVWriter.row(values.map { .untrusted($0) })
            let parsed = CSVWriterTests.parse(row)
            #expect(parsed == [values.map(CSVWriter.neutralise)], "\(values)")
            for cell in parsed.first ?? [] {
                if let first = cell.unicodeScalars.first {
                    #expect(!["=", "+", "-", "@", "\t", "\r"].contains(first))
                }
            }
        }
    }

    @Test func escapedTextHasNothingATerminalActsOn() {
        var g = Generator(state: 7)
        for _ in 0..<2000 {
            let s = g.string(from: Self.nasty, maxLength: 20)
            let e = TerminalText.escape(s)
            #expect(e.unicodeScalars.allSatisfy { !TerminalText.needsEscape($0) }, "\(s.debugDescription)")
            #expect(TerminalText.escape(e) == e)
            let cut = TerminalText.truncate(e, to: 7)
            #expect(TerminalText.width(cut) <= 7)
        }
    }

    @Test func quotedJSONDecodesToTheSameString() throws {
        var g = Generator(state: 11)
        for _ in 0..<2000 {
            let s = g.string(from: Self.nasty, maxLength: 20)
            var out: [UInt8] = []
            JSONTextWriter.appendQuoted(s, to: &out)
            let text = String(decoding: out, as: UTF8.self)
            #expect(text.unicodeScalars.allSatisfy { !TerminalText.needsEscape($0) })
            let doc = try JSONParser.parse(out)
            #expect(doc.string(doc.root) == s, "\(s.debugDescription)")
        }
    }
}
