/// Compile options for a pattern: the Sigma `re` sub-modifiers plus the JIT switch.
package struct RegexOptions: Sendable, Hashable {
    /// `|re|i`: ignore case (`PCRE2_CASELESS`).
    package var caseless: Bool
    /// `|re|m`: `^` and `$` match at line breaks (`PCRE2_MULTILINE`).
    package var multiline: Bool
    /// `|re|s`: `.` matches a newline too (`PCRE2_DOTALL`).
    package var dotAll: Bool
    /// Try to JIT-compile the pattern (the interpreter is used when JIT is off or fails).
    package var jit: Bool

    /// Creates options; everything off except JIT.
    package init(caseless: Bool = false, multiline: Bool = false, dotAll: Bool = false, jit: Bool = true) {
        self.caseless = caseless
        self.multiline = multiline
        self.dotAll = dotAll
        self.jit = jit
    }
}
