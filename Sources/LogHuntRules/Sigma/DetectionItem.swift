/// One `field|modifiers: values` pair of a detection map, or a keyword list (`field` nil).
package struct DetectionItem: Sendable, Hashable {
    /// The field name as written (dotted path or ECS name); nil for keywords (`'|all':` or a
    /// plain list under a search identifier).
    package var field: String?
    /// The modifiers, in order (aliases normalised: `wide` → `.utf16le`).
    package var modifiers: [Modifier]
    /// The values: OR-ed, or AND-ed when `modifiers` contains `.all`. A lone null is `[null]`.
    package var values: [SigmaValue]
    /// Where the key is (for a plain keyword list: where the list is).
    package var mark: RuleMark

    /// Creates an item.
    package init(field: String?, modifiers: [Modifier], values: [SigmaValue], mark: RuleMark) {
        self.field = field
        self.modifiers = modifiers
        self.values = values
        self.mark = mark
    }

    /// True when the values are AND-ed (`|all`).
    package var isAll: Bool { modifiers.contains(.all) }

    /// True for a field-less (keyword) item.
    package var isKeyword: Bool { field == nil }

    /// True when the item carries `modifier`.
    package func has(_ modifier: Modifier) -> Bool { modifiers.contains(modifier) }
}
