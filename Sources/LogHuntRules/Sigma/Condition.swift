/// A parsed `condition`. Precedence (loosest first): `or`, `and`, `not`, `x of`, `( … )`.
/// A list of conditions is one `.or`. Parentheses leave no node of their own.
package indirect enum Condition: Sendable, Hashable {
    /// A search identifier, known to exist in the detection.
    case identifier(String, mark: RuleMark)
    /// `not x`.
    case not(Condition, mark: RuleMark)
    /// `a and b and …` (two or more operands).
    case and([Condition])
    /// `a or b or …` (two or more operands).
    case or([Condition])
    /// `1 of pattern`, `any of pattern`, `1 of them`.
    case oneOf(ConditionSelector)
    /// `all of pattern`, `all of them`.
    case allOf(ConditionSelector)

    /// Every identifier the condition uses, expanded through selectors, in first-use order.
    package var referencedIdentifiers: [String] {
        var seen: Set<String> = []
        var out: [String] = []
        func visit(_ c: Condition) {
            switch c {
            case .identifier(let name, _):
                if seen.insert(name).inserted { out.append(name) }
            case .not(let inner, _): visit(inner)
            case .and(let xs), .or(let xs): xs.forEach(visit)
            case .oneOf(let s), .allOf(let s):
                for name in s.identifiers where seen.insert(name).inserted { out.append(name) }
            }
        }
        visit(self)
        return out
    }
}

/// The target of `1 of` / `all of`: `them` or a wildcard pattern, with the identifiers it
/// matched (resolved at load time, in detection order; never empty).
package struct ConditionSelector: Sendable, Hashable {
    /// The pattern as written (`selection_*`); nil for `them`.
    package var pattern: String?
    /// The identifiers matched.
    package var identifiers: [String]
    /// Where the quantifier starts.
    package var mark: RuleMark

    /// Creates a selector.
    package init(pattern: String?, identifiers: [String], mark: RuleMark) {
        self.pattern = pattern
        self.identifiers = identifiers
        self.mark = mark
    }
}
