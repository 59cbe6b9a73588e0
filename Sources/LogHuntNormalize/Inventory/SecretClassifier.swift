import LogHuntCore

/// One line of the secret-name table: a glob over variable names and what it means.
package struct SecretNameRule: Sendable, Hashable {
    /// Glob (`*` any run), matched case-insensitively against the whole name.
    package var pattern: String
    /// The provider to hunt (`aws`, `github`, `gcp`, `azure`, `circleci`, `npm`, …).
    package var provider: String
    /// What the secret is (`access-key-id`, `token`, `service-account-key`, …).
    package var kind: String
    /// The `--var` list it feeds (`exposed_credentials`), or nil.
    package var list: String?

    /// Creates a rule.
    package init(pattern: String, provider: String, kind: String, list: String?) {
        self.pattern = pattern
        self.provider = provider
        self.kind = kind
        self.list = list
    }
}

/// Says which provider a stored secret most likely belongs to, from its variable name,
/// using a data table (`Rules/inventory/secret_names.tsv`, extendable by the user).
package struct SecretClassifier: Sendable {
    /// The table, first match wins.
    package var rules: [SecretNameRule]

    /// Creates a classifier from table text (whitespace-separated columns, `#` comments).
    /// - Returns: the classifier and the 1-based numbers of lines that could not be read.
    package static func parse(_ text: String) -> (SecretClassifier, invalidLines: [Int]) {
        var rules: [SecretNameRule] = []
        var invalid: [Int] = []
        for (n, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
            let cols = line.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if cols.isEmpty { continue }
            guard cols.count >= 3 else {
                invalid.append(n + 1)
                continue
            }
            let list = cols.count >= 4 && cols[3] != "-" ? cols[3] : nil
            rules.append(SecretNameRule(pattern: cols[0], provider: cols[1], kind: cols[2], list: list))
        }
        return (SecretClassifier(rules: rules), invalid)
    }

    /// Creates a classifier from rules.
    package init(rules: [SecretNameRule]) { self.rules = rules }

    /// The first rule whose pattern matches `name`, or nil.
    package func classify(_ name: String) -> SecretNameRule? {
        let lowered = Array(name.lowercased().utf8)
        return rules.first { SecretClassifier.glob(Array($0.pattern.lowercased().utf8), lowered) }
    }

    /// `*`-only glob over bytes, whole-string match.
    private static func glob(_ p: [UInt8], _ s: [UInt8]) -> Bool {
        var pi = 0
        var si = 0
        var star = -1
        var mark = 0
        while si < s.count {
            if pi < p.count, p[pi] != 0x2A, p[pi] == s[si] {
                pi += 1
                si += 1
            } else if pi < p.count, p[pi] == 0x2A {
                star = pi
                mark = si
                pi += 1
            } else if star >= 0 {
                pi = star + 1
                mark += 1
                si = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == 0x2A { pi += 1 }
        return pi == p.count
    }
}
