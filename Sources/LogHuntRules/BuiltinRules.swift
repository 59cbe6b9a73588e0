/// Rule files, placeholder lists and field mappings compiled into the binary from `Rules/`
/// by `scripts/embed-rules`: `files`, `lists` and `mappings` live in
/// `BuiltinRules+Generated.swift`, each `[(path: String, text: String)]` sorted by path.
/// Paths are `Rules/…`, so listings and diagnostics name the source file.
package enum BuiltinRules {}
