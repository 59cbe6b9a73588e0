import LogHuntCore

/// The descriptive part every Sigma document shares (detection, correlation and filter rules).
package struct RuleMetadata: Sendable, Hashable {
    /// `title` (mandatory in Sigma; empty when missing, which is reported).
    package var title: String
    /// `id`, usually a UUID.
    package var id: String?
    /// `name`, a unique human-readable handle used by correlations and filters.
    package var name: String?
    /// `status` (`stable`, `test`, `experimental`, `deprecated`, `unsupported`).
    package var status: String?
    /// `description`.
    package var description: String?
    /// `license` (SPDX).
    package var license: String?
    /// `references`.
    package var references: [String]
    /// `author`.
    package var author: String?
    /// `date` as written (`YYYY-MM-DD`).
    package var date: String?
    /// `modified` as written.
    package var modified: String?
    /// `tags` (`attack.t1078`, …).
    package var tags: [String]
    /// `level`; nil when the rule does not say.
    package var level: Level?
    /// `falsepositives`.
    package var falsePositives: [String]
    /// `fields` worth showing to the analyst.
    package var fields: [String]
    /// `related` rules.
    package var related: [RelatedRule]
    /// `taxonomy` (default `sigma`).
    package var taxonomy: String?
    /// `scope`.
    package var scope: [String]
    /// Top-level keys Sigma does not define, kept in file order.
    package var custom: [CustomField]
    /// Where the document starts.
    package var mark: RuleMark

    /// Creates metadata with only a title and a mark; everything else empty.
    package init(title: String, mark: RuleMark) {
        self.title = title
        self.references = []
        self.tags = []
        self.falsePositives = []
        self.fields = []
        self.related = []
        self.scope = []
        self.custom = []
        self.mark = mark
    }
}

/// One entry of `related:`.
package struct RelatedRule: Sendable, Hashable {
    /// The related rule's id.
    package var id: String
    /// `derived`, `obsolete`, `merged`, `renamed` or `similar`.
    package var type: String
    /// Where the entry is.
    package var mark: RuleMark

    /// Creates an entry.
    package init(id: String, type: String, mark: RuleMark) {
        self.id = id
        self.type = type
        self.mark = mark
    }
}

/// A top-level key Sigma does not define, with its value as JSON.
package struct CustomField: Sendable, Hashable {
    /// The key.
    package var key: String
    /// The value (YAML converted to JSON; numbers keep their text).
    package var value: JSONValue
    /// Where the key is.
    package var mark: RuleMark

    /// Creates a custom field.
    package init(key: String, value: JSONValue, mark: RuleMark) {
        self.key = key
        self.value = value
        self.mark = mark
    }
}
