import LogHuntNormalize

/// A predicate held by reference in a `FlatExpression`, so evaluation borrows its field and
/// test (immutable stored properties) instead of copying a struct full of references per
/// event. Immutable, hence `Sendable`.
package final class PredicateNode: Sendable {
    /// The field.
    package let field: FieldRef
    /// The test.
    package let test: ValueTest
    /// When the field is one raw path of one or two keys (no ECS slot, no alias paths:
    /// `actor`, `actor_location.country_code`): the evaluator decides the predicate from the
    /// node an event's root index gives for it (`Event.node(at:)`).
    package let rootPath: RootKeyPath?

    /// Wraps a predicate.
    /// - Parameter predicate: the predicate.
    package init(_ predicate: Predicate) {
        field = predicate.field
        test = predicate.test
        let field = predicate.field
        rootPath = field.ecs == nil && field.paths.count == 1 ? RootKeyPath(field.paths[0].name) : nil
    }

}
