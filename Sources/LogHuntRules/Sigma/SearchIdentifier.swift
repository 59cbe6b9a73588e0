/// A named search under `detection:` (`selection`, `filter_main_*`, `keywords`, …).
package struct SearchIdentifier: Sendable, Hashable {
    /// What the search holds.
    package enum Body: Sendable, Hashable {
        /// One or more maps, OR-ed (a single map is a list of one).
        case maps([DetectionMap])
        /// A keyword list over the whole event: an item with `field == nil`, OR-ed unless `|all`.
        case keywords(DetectionItem)
    }

    /// The identifier.
    package var name: String
    /// The search.
    package var body: Body
    /// Where the identifier's key is.
    package var mark: RuleMark

    /// Creates a search identifier.
    package init(name: String, body: Body, mark: RuleMark) {
        self.name = name
        self.body = body
        self.mark = mark
    }

    /// True when the identifier starts with `_` (left out of `them` and of patterns not
    /// starting with `_`).
    package var isHidden: Bool { name.hasPrefix("_") }

    /// Every item of the search (map items, or the keyword item).
    package var allItems: [DetectionItem] {
        switch body {
        case .maps(let maps): maps.flatMap(\.items)
        case .keywords(let item): [item]
        }
    }
}
