/// The `condition` of a correlation rule: one or two comparisons (`gt`, `gte`, `lt`, `lte`,
/// `eq`, `neq`) that the aggregate of a window must all satisfy (two make a range).
package struct CorrelationThreshold: Sendable, Hashable {
    /// A comparison operator.
    package enum Operator: String, Sendable, Hashable, CaseIterable {
        case gt, gte, lt, lte, eq, neq
    }

    /// One comparison against a number.
    package struct Comparison: Sendable, Hashable {
        /// The operator.
        package var op: Operator
        /// The number compared with.
        package var value: Double

        /// Creates a comparison.
        package init(_ op: Operator, _ value: Double) {
            self.op = op
            self.value = value
        }

        /// Whether `x` satisfies the comparison.
        /// - Parameter x: the aggregate.
        /// - Returns: the result of `x op value`.
        package func holds(for x: Double) -> Bool {
            switch op {
            case .gt: x > value
            case .gte: x >= value
            case .lt: x < value
            case .lte: x <= value
            case .eq: x == value
            case .neq: x != value
            }
        }
    }

    /// The comparisons; all must hold. Empty means "always true".
    package var comparisons: [Comparison]

    /// Creates a condition from comparisons (all must hold).
    /// - Parameter comparisons: the comparisons.
    package init(_ comparisons: [Comparison]) { self.comparisons = comparisons }

    /// A single `gte n` condition (the default for `temporal`: every listed rule).
    /// - Parameter n: the threshold.
    /// - Returns: the condition.
    package static func atLeast(_ n: Double) -> CorrelationThreshold { CorrelationThreshold([Comparison(.gte, n)]) }

    /// Whether the aggregate `x` satisfies every comparison (a NaN never does).
    /// - Parameter x: the aggregate.
    /// - Returns: true when the condition is met.
    package func holds(for x: Double) -> Bool {
        guard !x.isNaN else { return false }
        return comparisons.allSatisfy { $0.holds(for: x) }
    }
}
