import LogHuntCore

/// How rules are compiled.
package struct CompileOptions: Sendable, Hashable {
    /// Run the optimiser passes (inline single-use identifiers, flatten and/or, literal sets for
    /// OR-of-equals, cheapest-first ordering). Off gives the direct translation of the rule;
    /// both must give the same matches (the differential tests hold them to it).
    package var optimise: Bool
    /// JIT-compile regular expressions (falls back to the interpreter when JIT fails).
    package var regexJIT: Bool
    /// Values for `|expand` placeholders: name → values (each value read as a Sigma string,
    /// so `*` and `?` are wildcards there too).
    package var placeholders: [String: [String]]

    /// Creates options.
    /// - Parameters:
    ///   - optimise: run the optimiser.
    ///   - regexJIT: JIT regular expressions.
    ///   - placeholders: `%name%` values.
    package init(optimise: Bool = true, regexJIT: Bool = true, placeholders: [String: [String]] = [:]) {
        self.optimise = optimise
        self.regexJIT = regexJIT
        self.placeholders = placeholders
    }
}
