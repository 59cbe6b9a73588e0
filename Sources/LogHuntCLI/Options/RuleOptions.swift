import ArgumentParser
import LogHunt

/// Rule selection shared by the commands that load rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: [.short, .customLong("rules")], help: "A rule file or directory; repeatable; added to the built-in rules."
    )
    var rules: [String] = []

    @Flag(name: .customLong("no-builtin-rules"), help: "Use only the rules given with --rules.")
    var noBuiltinRules = false

    @Option(
        name: .customLong("var"), help: "Placeholder value NAME=VALUE or NAME=@FILE (one value a line); repeatable.")
    var variables: [String] = []

    @Option(name: .customLong("mapping"), help: "An extra field-mapping file; repeatable.")
    var mappings: [String] = []

    @Option(name: .customLong("regex-match-limit"), help: "PCRE2 match limit per regular-expression match.")
    var regexMatchLimit: UInt32?

    @Flag(name: .customLong("no-optimise"), help: .hidden)
    var noOptimise = false

    func apply(to config: inout HuntConfiguration) throws {
        config.rulePaths = rules
        config.builtinRules = !noBuiltinRules
        config.mappingPaths = mappings
        for v in variables {
            guard let eq = v.firstIndex(of: "="), eq != v.startIndex else {
                throw ValidationError("--var expects NAME=VALUE or NAME=@FILE, got '\(v)'")
            }
        }
        config.variables = variables
        if let regexMatchLimit { config.regexMatchLimit = regexMatchLimit }
        config.optimise = !noOptimise
    }
}
