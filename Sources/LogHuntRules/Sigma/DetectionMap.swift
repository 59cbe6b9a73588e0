/// A map under a search identifier: every item must hold (AND).
package struct DetectionMap: Sendable, Hashable {
    /// The items, in file order.
    package var items: [DetectionItem]
    /// Where the map starts.
    package var mark: RuleMark

    /// Creates a map.
    package init(items: [DetectionItem], mark: RuleMark) {
        self.items = items
        self.mark = mark
    }
}
