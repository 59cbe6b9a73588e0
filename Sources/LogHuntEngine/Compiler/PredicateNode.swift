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
    /// When the field is one raw path of two components (`actor_location.country_code`), the
    /// path's UTF-8 and the first component's length: the evaluator tries the flat key, then
    /// the second key in the object at the first, as the path's walk does.
    nonisolated(unsafe) package let twoKeys: (flat: UnsafeRawBufferPointer, split: Int)?

    /// Wraps a predicate.
    /// - Parameter predicate: the predicate.
    package init(_ predicate: Predicate) {
        field = predicate.field
        test = predicate.test
        let field = predicate.field
        guard field.ecs == nil, field.paths.count == 1, field.paths[0].count <= 2 else {
            rootKey = nil
            twoKeys = nil
            return
        }
        let name = field.paths[0].name
        let bytes = Array(name.utf8)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 1)
        copy.copyBytes(from: bytes)
        let key = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<bytes.count])
        if field.paths[0].count == 1 {
            rootKey = key
            twoKeys = nil
        } else {
            rootKey = nil
            twoKeys = (key, name.split(separator: ".", omittingEmptySubsequences: false)[0].utf8.count)
        }
    }

    deinit {
        if let key = rootKey ?? twoKeys?.flat { UnsafeMutableRawPointer(mutating: key.baseAddress)?.deallocate() }
    }
}
