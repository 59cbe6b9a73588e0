import LogHuntCore

/// Values for Sigma placeholders (`%name%` under `|expand`): name → list of values.
///
/// A rule using a placeholder that has no value is left out and reported, never silently
/// matching nothing (SIGMA.md §1.13 item 13).
package struct Placeholders: Sendable, Hashable {
    /// The values by placeholder name.
    package var values: [String: [String]]

    /// Creates a set of placeholder values.
    package init(_ values: [String: [String]] = [:]) {
        self.values = values
    }

    /// The values of `name`, or nil when it has none.
    package subscript(name: String) -> [String]? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Reads an `@FILE` list: one value a line, `#` comment lines and blank lines ignored,
    /// whitespace (and a trailing CR) trimmed.
    /// - Parameter text: the file's text.
    /// - Returns: the values, in file order.
    package static func parseList(text: String) -> [String] {
        var out: [String] = []
        for raw in text.split(
            omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            let line = raw.trimmingWhitespace()
            if line.isEmpty || line.hasPrefix("#") { continue }
            out.append(line)
        }
        return out
    }

    /// These values with `other`'s taking precedence (`--var` over the built-in lists).
    package func overridden(by other: Placeholders) -> Placeholders {
        Placeholders(values.merging(other.values) { _, new in new })
    }

    /// The placeholders `rule` uses that have no value (nil or an empty list), sorted.
    package func unresolved(in rule: SigmaRule) -> [String] {
        rule.placeholderNames.filter { (values[$0] ?? []).isEmpty }
    }

    /// The diagnostic the facade reports for a rule left out because of `missing`.
    /// - Parameters:
    ///   - rule: the rule left out.
    ///   - missing: its placeholders without values.
    /// - Returns: a warning with code `.unresolvedPlaceholder` at the rule's mark.
    package static func diagnostic(for rule: SigmaRule, missing: [String]) -> Diagnostic {
        let names = missing.map { "%\($0)%" }.joined(separator: ", ")
        return Diagnostic(
            .warning, .unresolvedPlaceholder, file: rule.mark.file, line: rule.mark.line, column: rule.mark.column,
            message:
                "rule '\(rule.title)' left out: placeholder \(names) has no value (set it with --var NAME=VALUE or --var NAME=@FILE)"
        )
    }

    /// The built-in lists (`Rules/lists/<name>.txt`), named after their files.
    package static let builtin: Placeholders = {
        var out = Placeholders()
        for file in BuiltinRules.lists {
            var name = Substring(file.path.split(separator: "/").last ?? "")
            if name.hasSuffix(".txt") { name = name.dropLast(4) }
            out.values[String(name)] = parseList(text: file.text)
        }
        return out
    }()
}

extension StringProtocol {
    fileprivate func trimmingWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f.isWhitespace { s.removeFirst() }
        while let l = s.last, l.isWhitespace { s.removeLast() }
        return String(s)
    }
}
