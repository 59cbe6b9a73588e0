import LogHuntCore
import LogHuntNormalize
import LogHuntRules

/// A rule's field reference, resolved once at compile time: an ECS slot when the name is one
/// of loghunt's ECS fields (falling back to the raw record when the slot is empty), and the
/// raw dotted paths to try, in order (the name as written first, then per-product aliases).
package struct FieldRef: Sendable, Hashable, CustomStringConvertible {
    /// The name as the rule writes it.
    package let name: String
    /// The ECS slot, when `name` is an ECS name.
    package let ecs: ECSField?
    /// Raw paths to try, first hit wins.
    package let paths: [CompiledPath]

    /// Creates a reference.
    /// - Parameters:
    ///   - name: the field name as written.
    ///   - ecs: the ECS slot, if any.
    ///   - paths: raw candidate paths.
    package init(name: String, ecs: ECSField?, paths: [CompiledPath]) {
        self.name = name
        self.ecs = ecs
        self.paths = paths
    }

    /// Resolves `name` for rules of `product` (nil: product-less rule): the ECS slot, the name
    /// as a raw path, then the mapping's candidates (an ECS candidate fills the ECS slot when
    /// the name itself is not ECS), then loghunt's built-in aliases.
    /// - Parameters:
    ///   - name: the field name as written.
    ///   - product: the rule's `logsource.product`.
    ///   - mapping: field mappings per product.
    /// - Returns: the reference.
    package init(resolving name: String, product: String?, mapping: FieldMapping = FieldMapping()) {
        var ecs = ECSField(name: name)
        var names = [name]
        for candidate in mapping.candidates(for: name, product: product) {
            if let slot = ECSField(name: candidate) {
                if ecs == nil { ecs = slot }
            } else if !names.contains(candidate) {
                names.append(candidate)
            }
        }
        for candidate in FieldRef.candidateNames(for: name, product: product) where !names.contains(candidate) {
            names.append(candidate)
        }
        self.init(name: name, ecs: ecs, paths: names.map(CompiledPath.init))
    }

    package var description: String { name }

    /// The raw paths tried for `name` in rules of `product` (`FieldMapping.builtinAliases`).
    /// - Parameters:
    ///   - name: the field name.
    ///   - product: the rule's product.
    /// - Returns: candidate paths (names), in order.
    package static func candidateNames(for name: String, product: String?) -> [String] {
        FieldMapping.builtinAliases(for: name, product: product)
    }
}
