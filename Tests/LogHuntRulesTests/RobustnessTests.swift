import Foundation
import LogHuntCore
import LogHuntRules
import LogHuntTestSupport
import Testing

/// Hostile or damaged rule text becomes diagnostics, never a crash or a hang.
@Suite struct RobustnessTests {
    static let nasty: [String] = [
        "a: \"\\ud800\"\n",
        "a: \"\\xff\\x00\"\n",
        "\u{FEFF}title: bom\n",
        "a: !!binary aGVsbG8=\n",
        "a: !custom tag\n",
        "? [complex, key]\n: value\n",
        "- [a, b]: c\n",
        "a: &x 1\nb: *y\n",
        "a: b: c\n",
        "\t- tab\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: [s, null, {x: 1}]\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {? [a]: 1}\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: [[a]]\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: [{a: 1}, b]\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: null\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection: [1]\n",
        "title: [t]\nlogsource: 3\ndetection:\n  condition: 1\n",
        "title: t\ncorrelation: [1]\n",
        "title: t\ncorrelation: {type: [x]}\n",
        "title: t\nfilter: 1\n",
        "tests: 1\ntitle: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {'|': 1, '||': 2}\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: '((((((((s'\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: '1 of them of them'\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a: 1}\n  condition: 'not'\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a|cidr: '::ffff:1.2.3.4/200'}\n  condition: s\n",
        "title: t\nlogsource: {product: aws}\ndetection:\n  s: {a|cidr: ':::'}\n  condition: s\n",
        String(repeating: "- ", count: 3000) + "x\n",
        String(repeating: "{a: ", count: 3000) + "1" + String(repeating: "}", count: 3000) + "\n",
        "a: 1\na: 2\na: 3\nb: 1\nb: 2\n",
        "{a: 1, a: 2, b: 3, b: 4}\n",
        "'': 1\n'': 2\n",
        "title: t\r\nlogsource: {product: aws}\r\ndetection:\r\n  s: {a: 1}\r\n  condition: s\r\n",
    ]

    @Test(arguments: nasty)
    func nastyInputIsADiagnosticOrARule(_ text: String) {
        let (documents, diagnostics) = load(text)
        #expect(!documents.isEmpty || !diagnostics.isEmpty)
        for d in diagnostics {
            #expect(d.file == "test.yml")
            #expect((d.line ?? 0) >= 1)
            #expect((d.column ?? 0) >= 1)
            #expect(!d.message.isEmpty)
            #expect(d.message.first?.isUppercase != true || d.message.hasPrefix("YAML"))
            #expect(!d.message.hasSuffix("."))
        }
    }

    @Test func crlfFilesLoad() throws {
        let r = try rule("title: t\r\nlogsource: {product: aws}\r\ndetection:\r\n  s: {a: 1}\r\n  condition: s\r\n")
        #expect(r.title == "t")
    }

    @Test func columnsCountUnicodeScalars() throws {
        let marked = MarkedText(
            """
            title: t
            logsource: {product: aws}
            detection:
                sélection:
                    'naïve|1️⃣bogus': 1
                condition: sélection
            """)
        let d = try #require(load(marked.text).diagnostics.first)
        let m = try #require(marked.marks[1])
        #expect([d.line, d.column] == [m.line, m.column])
    }

    @Test func truncatedSigmaHQFilesNeverCrash() throws {
        var seed: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: seed >> 33)
        }
        let files = SigmaHQCorpusTests.ruleFiles().prefix(40)
        var mutated = 0
        for path in files {
            let scalars = Array(try String(contentsOfFile: path, encoding: .utf8).unicodeScalars)
            guard scalars.count > 2 else { continue }
            for _ in 0..<10 {
                var copy = scalars
                let at = next() % copy.count
                switch next() % 4 {
                case 0: copy.removeSubrange(at...)
                case 1: copy.remove(at: at)
                case 2: copy.insert(["|", ":", "'", "\"", "*", "&", "[", "-", "\t", "%"][next() % 10], at: at)
                default: copy.insert(contentsOf: "\n  x: [".unicodeScalars, at: at)
                }
                var text = String.UnicodeScalarView()
                text.append(contentsOf: copy)
                _ = load(String(text))
                mutated += 1
            }
        }
        #expect(mutated >= 300)
    }
}
