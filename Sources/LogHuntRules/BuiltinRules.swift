/// Rule files, placeholder lists and field mappings compiled into the binary from `Rules/`
/// by `scripts/embed-rules` (see `BuiltinRules+Generated.swift`). Paths are `Rules/…`, so
/// listings and diagnostics name the source file.
package enum BuiltinRules {
    /// Every built-in rule file (`Rules/<product>/*.yml`), sorted by path.
    package static var files: [(path: String, text: String)] { generatedRuleFiles }
    /// Every placeholder list (`Rules/lists/*.txt`), sorted by path.
    package static var lists: [(path: String, text: String)] { generatedLists }
    /// Every field mapping (`Rules/mappings/*.yml`), sorted by path.
    package static var mappings: [(path: String, text: String)] { generatedMappings }
}
