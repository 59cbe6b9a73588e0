/// Parses a Sigma `condition` string against the detection's search identifiers.
///
/// Grammar (loosest first): `or`, `and`, `not`, `1|any|all of pattern|them`, `( … )`.
/// Keywords are lowercase only; patterns use `*` and must match an identifier fully;
/// `them` and patterns not starting with `_` leave out identifiers starting with `_`.
package struct ConditionParser {
    /// A problem and where it is.
    package struct Problem: Error, Sendable, Hashable {
        /// What is wrong.
        package var error: RuleError
        /// Where.
        package var mark: RuleMark
    }

    /// The search identifiers, in detection order.
    package var identifiers: [String]

    /// Creates a parser for a detection with these identifiers.
    package init(identifiers: [String]) {
        self.identifiers = identifiers
    }

    private struct Token {
        enum Kind: Equatable {
            case word(String)
            case open
            case close
            case pipe
        }
        var kind: Kind
        var offset: Int
    }

    private var tokens: [Token] = []
    private var index = 0
    /// Current nesting of `(` and `not` (the parser recurses once per level).
    private var depth = 0
    /// Deepest nesting of parentheses and `not` accepted; deeper input would overflow the stack.
    package static let maxNesting = 100
    private var scalar: YAMLScalar?

    /// Parses one condition scalar.
    /// - Parameter scalar: the condition as YAML gives it (its mark locates the tokens).
    /// - Returns: the condition, or the first problem found.
    package mutating func parse(_ scalar: YAMLScalar) -> Result<Condition, Problem> {
        self.scalar = scalar
        tokens = ConditionParser.tokenize(scalar.text)
        index = 0
        depth = 0
        if let pipe = tokens.first(where: { $0.kind == .pipe }) {
            return .failure(Problem(error: .legacyAggregation, mark: mark(pipe.offset)))
        }
        do {
            guard !tokens.isEmpty else { throw problem(.conditionSyntax("empty condition"), at: 0) }
            let result = try parseOr()
            if index < tokens.count {
                let word = text(tokens[index])
                if ["and", "or", "not", "of"].contains(word.lowercased()), word.lowercased() != word {
                    throw problem(
                        .conditionSyntax("condition keywords are lowercase: use '\(word.lowercased())'"),
                        at: tokens[index].offset)
                }
                throw problem(.conditionSyntax("unexpected '\(word)'"), at: tokens[index].offset)
            }
            return .success(result)
        } catch let p as Problem {
            return .failure(p)
        } catch {
            return .failure(Problem(error: .conditionSyntax("\(error)"), mark: mark(0)))
        }
    }

    /// Parses a condition string whose location is `mark` (for callers without a scalar).
    package mutating func parse(_ text: String, at mark: RuleMark) -> Result<Condition, Problem> {
        parse(YAMLScalar(text: text, style: .plain, tag: "tag:yaml.org,2002:str", mark: mark))
    }

    // MARK: Lexer

    private static func tokenize(_ text: String) -> [Token] {
        var out: [Token] = []
        var word = ""
        var wordStart = 0
        var offset = 0
        func flush() {
            if !word.isEmpty {
                out.append(Token(kind: .word(word), offset: wordStart))
                word = ""
            }
        }
        for c in text.unicodeScalars {
            switch c {
            case " ", "\t", "\n", "\r":
                flush()
            case "(":
                flush()
                out.append(Token(kind: .open, offset: offset))
            case ")":
                flush()
                out.append(Token(kind: .close, offset: offset))
            case "|":
                flush()
                out.append(Token(kind: .pipe, offset: offset))
            default:
                if word.isEmpty { wordStart = offset }
                word.unicodeScalars.append(c)
            }
            offset += 1
        }
        flush()
        return out
    }

    private func text(_ t: Token) -> String {
        switch t.kind {
        case .word(let w): w
        case .open: "("
        case .close: ")"
        case .pipe: "|"
        }
    }

    private func mark(_ offset: Int) -> RuleMark {
        scalar?.mark(atOffset: offset) ?? RuleMark(file: "", line: 1, column: 1)
    }

    private func problem(_ e: RuleError, at offset: Int) -> Problem {
        Problem(error: e, mark: mark(offset))
    }

    private func peekWord() -> String? {
        guard index < tokens.count, case .word(let w) = tokens[index].kind else { return nil }
        return w
    }

    private var endOffset: Int { scalar?.text.unicodeScalars.count ?? 0 }

    // MARK: Grammar

    private mutating func enterNesting(at offset: Int) throws {
        depth += 1
        if depth > ConditionParser.maxNesting {
            throw problem(
                .conditionSyntax("condition nests deeper than \(ConditionParser.maxNesting) levels"), at: offset)
        }
    }

    private mutating func parseOr() throws -> Condition {
        var operands = [try parseAnd()]
        while peekWord() == "or" {
            index += 1
            operands.append(try parseAnd())
        }
        return operands.count == 1 ? operands[0] : .or(operands)
    }

    private mutating func parseAnd() throws -> Condition {
        var operands = [try parseNot()]
        while peekWord() == "and" {
            index += 1
            operands.append(try parseNot())
        }
        return operands.count == 1 ? operands[0] : .and(operands)
    }

    private mutating func parseNot() throws -> Condition {
        if peekWord() == "not" {
            let offset = tokens[index].offset
            index += 1
            try enterNesting(at: offset)
            defer { depth -= 1 }
            return .not(try parseNot(), mark: mark(offset))
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws -> Condition {
        guard index < tokens.count else {
            throw problem(.conditionSyntax("expression expected at the end"), at: endOffset)
        }
        let token = tokens[index]
        switch token.kind {
        case .open:
            index += 1
            try enterNesting(at: token.offset)
            defer { depth -= 1 }
            let inner = try parseOr()
            guard index < tokens.count, tokens[index].kind == .close else {
                throw problem(.conditionSyntax("missing ')' for the '(' here"), at: token.offset)
            }
            index += 1
            return inner
        case .close:
            throw problem(.conditionSyntax("unexpected ')'"), at: token.offset)
        case .pipe:
            throw problem(.legacyAggregation, at: token.offset)
        case .word(let word):
            let next: String? =
                if index + 1 < tokens.count, case .word(let w) = tokens[index + 1].kind { w } else { nil }
            if next == "of" {
                return try parseQuantified(word, at: token.offset)
            }
            if ["and", "or", "of", "them"].contains(word) {
                throw problem(.conditionSyntax("unexpected '\(word)'"), at: token.offset)
            }
            if next?.lowercased() == "of", word.lowercased() == word, ["1", "any", "all"].contains(word) {
                throw problem(
                    .conditionSyntax("condition keywords are lowercase: use 'of'"), at: tokens[index + 1].offset)
            }
            index += 1
            if identifiers.contains(word) { return .identifier(word, mark: mark(token.offset)) }
            let lower = word.lowercased()
            if lower != word, ["and", "or", "not", "of", "them", "all", "any"].contains(lower) {
                throw problem(.conditionSyntax("condition keywords are lowercase: use '\(lower)'"), at: token.offset)
            }
            if word.contains("*") {
                throw problem(.conditionSyntax("pattern '\(word)' needs '1 of' or 'all of'"), at: token.offset)
            }
            throw problem(.unknownIdentifier(word), at: token.offset)
        }
    }

    private mutating func parseQuantified(_ quantifier: String, at offset: Int) throws -> Condition {
        let all: Bool
        switch quantifier {
        case "1", "any": all = false
        case "all": all = true
        default:
            if quantifier.lowercased() == "all" || quantifier.lowercased() == "any" {
                throw problem(
                    .conditionSyntax("condition keywords are lowercase: use '\(quantifier.lowercased())'"), at: offset)
            }
            throw problem(.conditionSyntax("quantifier must be '1', 'any' or 'all', not '\(quantifier)'"), at: offset)
        }
        index += 2
        guard index < tokens.count, case .word(let target) = tokens[index].kind else {
            throw problem(
                .conditionSyntax("'of' needs 'them' or a pattern after it"),
                at: index < tokens.count ? tokens[index].offset : endOffset)
        }
        let targetOffset = tokens[index].offset
        index += 1
        let matched: [String]
        let pattern: String?
        if target == "them" {
            pattern = nil
            matched = identifiers.filter { !$0.hasPrefix("_") }
        } else {
            if ["and", "or", "not", "of"].contains(target) {
                throw problem(.conditionSyntax("'of' needs 'them' or a pattern after it"), at: targetOffset)
            }
            if target.lowercased() == "them" {
                throw problem(.conditionSyntax("condition keywords are lowercase: use 'them'"), at: targetOffset)
            }
            pattern = target
            let hiddenToo = target.hasPrefix("_")
            matched = identifiers.filter {
                (hiddenToo || !$0.hasPrefix("_")) && ConditionParser.glob(target, matches: $0)
            }
        }
        guard !matched.isEmpty else {
            throw problem(.patternMatchesNothing(target), at: targetOffset)
        }
        let selector = ConditionSelector(pattern: pattern, identifiers: matched, mark: mark(offset))
        return all ? .allOf(selector) : .oneOf(selector)
    }

    /// True when `pattern` (with `*` for any run) matches all of `name`.
    package static func glob(_ pattern: String, matches name: String) -> Bool {
        let p = Array(pattern.unicodeScalars)
        let s = Array(name.unicodeScalars)
        var pi = 0
        var si = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] == "*" {
                star = pi
                mark = si
                pi += 1
            } else if pi < p.count, p[pi] == s[si] {
                pi += 1
                si += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
