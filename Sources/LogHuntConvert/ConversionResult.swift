import LogHuntCore

/// One rule compiled to a SQL statement.
package struct ConvertedRule: Sendable, Hashable {
    /// The rule's id (else name, else title): the `rule_id` the statement returns.
    package var id: String
    /// `title`.
    package var title: String
    /// `level`.
    package var level: Level
    /// The rule file.
    package var file: String
    /// `detection`, `event_count`, `value_count`, `temporal` or `new_value`.
    package var kind: String
    /// One `SELECT` (no trailing semicolon) returning `rule_id, file, line, record, timestamp`.
    package var sql: String

    /// Creates a converted rule.
    package init(id: String, title: String, level: Level, file: String, kind: String, sql: String) {
        self.id = id
        self.title = title
        self.level = level
        self.file = file
        self.kind = kind
        self.sql = sql
    }
}

/// A rule that `convert` could not express, with the reason.
package struct UnsupportedRule: Sendable, Hashable {
    /// The rule's id (else name, else title).
    package var id: String
    /// `title`.
    package var title: String
    /// The rule file.
    package var file: String
    /// What cannot be expressed.
    package var reason: String

    /// Creates an entry.
    package init(id: String, title: String, file: String, reason: String) {
        self.id = id
        self.title = title
        self.file = file
        self.reason = reason
    }
}

/// What `SQLConverter.convert` gives back: every reported rule is in exactly one list.
package struct ConversionResult: Sendable, Hashable {
    /// The rules as SQL, in rule order.
    package var converted: [ConvertedRule]
    /// The rules that could not be expressed.
    package var unsupported: [UnsupportedRule]
    /// Base rules that report no findings of their own (only referenced by correlations
    /// with `generate: false`): they appear inside their correlations' statements.
    package var suppressed: [String]

    /// Creates a result.
    package init(converted: [ConvertedRule] = [], unsupported: [UnsupportedRule] = [], suppressed: [String] = []) {
        self.converted = converted
        self.unsupported = unsupported
        self.suppressed = suppressed
    }
}
