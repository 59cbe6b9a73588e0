/// A predicate held by reference in a `FlatExpression`, so evaluation borrows its field and
/// test (immutable stored properties) instead of copying a struct full of references per
/// event. Immutable, hence `Sendable`.
package final class PredicateNode: Sendable {
    /// The field.
    package let field: FieldRef
    /// The test.
    package let test: ValueTest

    /// Wraps a predicate.
    /// - Parameter predicate: the predicate.
    package init(_ predicate: Predicate) {
        field = predicate.field
        test = predicate.test
    }
}
