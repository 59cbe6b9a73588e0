import LogHuntCore

/// A Sigma detection rule: metadata, `logsource`, `detection` and embedded `tests:`.
package struct SigmaRule: Sendable, Hashable {
    /// Title, id, name, level, tags and the other descriptive keys, plus custom keys.
    package var metadata: RuleMetadata
    /// Which events the rule applies to.
    package var logsource: LogSource
    /// The searches and the condition.
    package var detection: Detection
    /// The `tests:` cases (loghunt extension).
    package var tests: [RuleTestCase]

    /// Creates a rule.
    package init(metadata: RuleMetadata, logsource: LogSource, detection: Detection, tests: [RuleTestCase] = []) {
        self.metadata = metadata
        self.logsource = logsource
        self.detection = detection
        self.tests = tests
    }

    /// `title`.
    package var title: String { metadata.title }
    /// `id`.
    package var id: String? { metadata.id }
    /// `name`.
    package var name: String? { metadata.name }
    /// `level`.
    package var level: Level? { metadata.level }
    /// `tags`.
    package var tags: [String] { metadata.tags }
    /// `status`.
    package var status: String? { metadata.status }
    /// `description`.
    package var description: String? { metadata.description }
    /// `references`.
    package var references: [String] { metadata.references }
    /// `author`.
    package var author: String? { metadata.author }
    /// `falsepositives`.
    package var falsePositives: [String] { metadata.falsePositives }
    /// `fields`.
    package var fields: [String] { metadata.fields }
    /// `date`.
    package var date: String? { metadata.date }
    /// `modified`.
    package var modified: String? { metadata.modified }
    /// Top-level keys Sigma does not define.
    package var custom: [CustomField] { metadata.custom }
    /// Where the document starts.
    package var mark: RuleMark { metadata.mark }

    /// The names of every `|expand` placeholder the rule uses, sorted and unique.
    package var placeholderNames: [String] {
        var names: Set<String> = []
        for identifier in detection.identifiers {
            for item in identifier.allItems where item.has(.expand) {
                for value in item.values { names.formUnion(value.placeholderNames) }
            }
        }
        return names.sorted()
    }
}
