import LogHuntCore
import LogHuntRules
import Testing

/// YAML with 1️⃣-style markers: the markers are removed and their line:column (1-based,
/// in Unicode scalars, as libyaml counts) is remembered.
struct MarkedText {
    /// The text without markers.
    var text: String
    /// Marker digit → (line, column) in `text`.
    var marks: [Int: (line: Int, column: Int)]

    init(_ marked: String) {
        var out = String.UnicodeScalarView()
        var marks: [Int: (line: Int, column: Int)] = [:]
        let scalars = Array(marked.unicodeScalars)
        var line = 1
        var column = 1
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if i + 2 < scalars.count, c.properties.numericType != nil, c.isASCII, scalars[i + 1] == "\u{FE0F}",
                scalars[i + 2] == "\u{20E3}", let digit = Int(String(c))
            {
                marks[digit] = (line, column)
                i += 3
                continue
            }
            out.append(c)
            if c == "\n" {
                line += 1
                column = 1
            } else {
                column += 1
            }
            i += 1
        }
        self.text = String(out)
        self.marks = marks
    }
}

/// Loads `yaml` as `test.yml`, returning the documents and every diagnostic.
func load(_ yaml: String, limits: Limits = Limits()) -> (documents: [RuleDocument], diagnostics: [Diagnostic]) {
    RuleLoader.check(text: yaml, file: "test.yml", limits: limits)
}

/// The only detection rule of `yaml`, failing the test when there is none or any error.
func rule(_ yaml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> SigmaRule {
    let (documents, diagnostics) = load(yaml)
    let errors = diagnostics.filter { $0.severity == .error }
    #expect(errors.isEmpty, "\(errors.map(\.description))", sourceLocation: sourceLocation)
    guard case .detection(let r)? = documents.first else {
        throw RuleTestFailure.noRule
    }
    return r
}

/// Error diagnostics of `yaml`.
func errors(_ yaml: String) -> [Diagnostic] {
    load(yaml).diagnostics.filter { $0.severity == .error }
}

/// A detection rule around `detection` lines (indented by four spaces).
func ruleText(detection: String, extra: String = "") -> String {
    """
    title: Test rule
    id: 00000000-0000-4000-8000-000000000001
    logsource:
        product: aws
    detection:
    \(detection.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))
    level: high
    \(extra)
    """
}

enum RuleTestFailure: Error {
    case noRule
}
