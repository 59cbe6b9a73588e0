/// A predicate held by reference in a `FlatExpression`, so evaluation borrows its field and
/// test (immutable stored properties) instead of copying a struct full of references per
/// event. Immutable, hence `Sendable`.
package final class PredicateNode: Sendable {
    /// The field.
    package let field: FieldRef
    /// The test.
    package let test: ValueTest
    /// When the field is one raw key at the record's root (no ECS slot, one path of one
    /// component: `actor`, `eventName`), that key's UTF-8, owned by this node, so that the
    /// evaluator looks it up in the root index directly (`Evaluator.predicate`).
    nonisolated(unsafe) package let rootKey: UnsafeRawBufferPointer?

    /// Wraps a predicate.
    /// - Parameter predicate: the predicate.
    package init(_ predicate: Predicate) {
        field = predicate.field
        test = predicate.test
        if predicate.field.ecs == nil, predicate.field.paths.count == 1, predicate.field.paths[0].count == 1 {
            let key = Array(predicate.field.paths[0].name.utf8)
            let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(key.count, 1), alignment: 1)
            copy.copyBytes(from: key)
            rootKey = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<key.count])
        } else {
            rootKey = nil
        }
    }

    deinit {
        if let rootKey { UnsafeMutableRawPointer(mutating: rootKey.baseAddress)?.deallocate() }
    }
}
