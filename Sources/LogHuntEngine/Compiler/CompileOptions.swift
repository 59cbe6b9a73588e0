import LogHuntCore
import LogHuntRules

/// How rules are compiled.
package struct CompileOptions: Sendable {
    /// Run the optimiser passes (inline single-use identifiers, flatten and/or, literal sets for
    /// OR-of-equals, cheapest-first ordering). Off gives the direct translation of the rule;
    /// both must give the same matches (the differential tests hold them to it).
    package var optimise: Bool
    /// JIT-compile regular expressions (falls back to the interpreter when JIT fails).
    package var regexJIT: Bool
    /// Values for `|expand` placeholders (each value read as a Sigma string, so `*` and `?` are
    /// wildcards there too). The facade passes `Placeholders.builtin` overridden by `--var`.
    package var placeholders: Placeholders
    /// Field-name mappings per product (rule field → raw candidate paths or ECS names).
    package var fieldMapping: FieldMapping

    /// Creates options.
    /// - Parameters:
    ///   - optimise: run the optimiser.
    ///   - regexJIT: JIT regular expressions.
    ///   - placeholders: `%name%` values (none by default: placeholder rules are left out).
    ///   - fieldMapping: field mappings (the built-in `Rules/mappings` by default).
    package init(
        optimise: Bool = true, regexJIT: Bool = true, placeholders: Placeholders = Placeholders(),
        fieldMapping: FieldMapping? = nil
    ) {
        self.optimise = optimise
        self.regexJIT = regexJIT
        self.placeholders = placeholders
        self.fieldMapping = fieldMapping ?? FieldMapping.builtin(sink: DiscardingDiagnosticSink())
    }
}
