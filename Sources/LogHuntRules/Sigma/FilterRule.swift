/// A Sigma meta-filter: selections applied to other rules as `(rule) and (filter condition)`,
/// pySigma's reading, so a filter that excludes is written `not selection`.
package struct FilterRule: Sendable, Hashable {
    /// Title, id, name and the other descriptive keys.
    package var metadata: RuleMetadata
    /// The filter applies only to rules whose logsource matches this one.
    package var logsource: LogSource
    /// `filter.rules`: the rules filtered, by name or id.
    package var rules: [RuleReference]
    /// The selections and the condition under `filter:`.
    package var detection: Detection
    /// Where `filter:` starts.
    package var mark: RuleMark

    /// Creates a filter.
    package init(
        metadata: RuleMetadata, logsource: LogSource, rules: [RuleReference], detection: Detection, mark: RuleMark
    ) {
        self.metadata = metadata
        self.logsource = logsource
        self.rules = rules
        self.detection = detection
        self.mark = mark
    }

    /// `title`.
    package var title: String { metadata.title }
    /// `id`.
    package var id: String? { metadata.id }
    /// `name`.
    package var name: String? { metadata.name }
}
