/// A `FlatExpression`'s arrays copied once into memory this value does not reference-count:
/// what the evaluator walks for every event. Reading a rule's tables is a plain load, where
/// taking the five arrays' buffers cost a retain and a release each, per rule and event.
/// Valid while the `FlatTablesOwner` that made it is alive (`Program` keeps both).
package struct FlatTables: @unchecked Sendable {
    let nodes: UnsafeBufferPointer<FlatExpression.Node>
    let children: UnsafeBufferPointer<Int32>
    /// Unretained: `FlatTablesOwner` holds the strong references, so a predicate is read
    /// without a retain and release per evaluation (`_withUnsafeGuaranteedRef`).
    let predicates: UnsafeBufferPointer<Unmanaged<PredicateNode>>
    let keywords: UnsafeBufferPointer<WildcardPattern>
    let memo: UnsafeBufferPointer<Int32>
    /// The condition's node.
    let root: Int
}

/// Owns the memory behind one rule's `FlatTables` (immutable after init; freed on deinit).
package final class FlatTablesOwner: @unchecked Sendable {
    /// The tables (valid for this owner's lifetime).
    package let tables: FlatTables
    /// The strong references behind `tables.predicates`.
    private let predicates: [PredicateNode]

    /// Copies `plan`'s arrays.
    /// - Parameter plan: the laid-out condition (memo slots assigned).
    package init(_ plan: FlatExpression) {
        predicates = plan.predicates
        tables = FlatTables(
            nodes: Self.copy(plan.nodes), children: Self.copy(plan.children),
            predicates: Self.copy(plan.predicates.map { Unmanaged.passUnretained($0) }),
            keywords: Self.copy(plan.keywords), memo: Self.copy(plan.memoSlots), root: Int(plan.root))
    }

    private static func copy<T>(_ array: [T]) -> UnsafeBufferPointer<T> {
        let buffer = UnsafeMutableBufferPointer<T>.allocate(capacity: max(1, array.count))
        _ = buffer.initialize(from: array)
        return UnsafeBufferPointer(rebasing: buffer[0..<array.count])
    }

    private static func free<T>(_ buffer: UnsafeBufferPointer<T>) {
        let mutable = UnsafeMutableBufferPointer(mutating: buffer)
        mutable.deinitialize()
        if let base = mutable.baseAddress { UnsafeMutableRawPointer(base).deallocate() }
    }

    deinit {
        Self.free(tables.nodes)
        Self.free(tables.children)
        Self.free(tables.predicates)
        Self.free(tables.keywords)
        Self.free(tables.memo)
    }
}
