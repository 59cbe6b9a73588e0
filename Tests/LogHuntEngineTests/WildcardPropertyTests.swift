import PropertyBased
import Testing

@testable import LogHuntEngine

/// The obvious exponential reference matcher over scalars (folded unless case-sensitive).
private func naiveMatch(_ pattern: [String], _ subject: String, cased: Bool) -> Bool {
    enum Token: Equatable {
        case scalar(UInt32)
        case star
        case one
    }
    var tokens: [Token] = []
    for t in pattern {
        switch t {
        case "*": tokens.append(.star)
        case "?": tokens.append(.one)
        default:
            let scalars = cased ? t.unicodeScalars.map(\.value) : CaseFolding.folded(t)
            tokens += scalars.map(Token.scalar)
        }
    }
    let s = cased ? subject.unicodeScalars.map(\.value) : CaseFolding.folded(subject)
    func go(_ i: Int, _ j: Int) -> Bool {
        if i == tokens.count { return j == s.count }
        switch tokens[i] {
        case .star: return (j...s.count).contains { go(i + 1, $0) }
        case .one: return j < s.count && go(i + 1, j + 1)
        case .scalar(let c): return j < s.count && s[j] == c && go(i + 1, j + 1)
        }
    }
    return go(0, 0)
}

private func compiled(_ pattern: [String], cased: Bool) -> WildcardPattern {
    WildcardPattern(
        pattern.map { t -> ValuePart in
            switch t {
            case "*": .anyRun
            case "?": .anyChar
            default: .literal(Array(t.utf8))
            }
        }, caseSensitive: cased)
}

@Suite struct WildcardPropertyTests {
    static let patternAlphabet = ["a", "b", "A", "B", "ab", "*", "*", "?", "é", "É", "ß", "ss", "\u{212A}", "k", "-"]
    static let subjectAlphabet = ["a", "b", "A", "B", "é", "É", "s", "S", "ß", "k", "K", "-", "x"]

    @Test func agreesWithNaiveMatcherCaseInsensitive() async {
        await propertyCheck(
            count: 400,
            input: Gen.element(of: Self.patternAlphabet).map { $0 ?? "a" }.array(of: 0...6),
            Gen.element(of: Self.subjectAlphabet).map { $0 ?? "a" }.array(of: 0...8)
        ) { pattern, subjectParts in
            let subject = subjectParts.joined()
            #expect(
                compiled(pattern, cased: false).matches(subject) == naiveMatch(pattern, subject, cased: false),
                "\(pattern) vs \(subject)")
        }
    }

    @Test func agreesWithNaiveMatcherCased() async {
        await propertyCheck(
            count: 400,
            input: Gen.element(of: Self.patternAlphabet).map { $0 ?? "a" }.array(of: 0...6),
            Gen.element(of: Self.subjectAlphabet).map { $0 ?? "a" }.array(of: 0...8)
        ) { pattern, subjectParts in
            let subject = subjectParts.joined()
            #expect(
                compiled(pattern, cased: true).matches(subject) == naiveMatch(pattern, subject, cased: true),
                "\(pattern) vs \(subject)")
        }
    }

    @Test func asciiSubjectsOfAnyLength() async {
        await propertyCheck(
            count: 300,
            input: Gen.element(of: ["a", "b", "*", "?", "ab", "B"]).map { $0 ?? "a" }.array(of: 0...8),
            Gen.element(of: ["a", "b", "A", "B", "c"]).map { $0 ?? "a" }.array(of: 0...30)
        ) { pattern, subjectParts in
            let subject = subjectParts.joined()
            #expect(
                compiled(pattern, cased: false).matches(subject) == naiveMatch(pattern, subject, cased: false),
                "\(pattern) vs \(subject)")
        }
    }
}
