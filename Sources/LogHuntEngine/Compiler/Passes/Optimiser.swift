/// The optimiser: inline, flatten, literal sets, flatten again, cheapest first.
/// `CompileOptions.optimise = false` skips it entirely.
package enum Optimiser {
    /// Optimises a rule expression.
    /// - Parameter rule: rewritten in place.
    package static func run(_ rule: inout RuleExpression) {
        InlinePass.run(&rule)
        FlattenPass.run(&rule)
        LiteralSetPass.run(&rule)
        FlattenPass.run(&rule)
        OrderPass.run(&rule)
    }
}
