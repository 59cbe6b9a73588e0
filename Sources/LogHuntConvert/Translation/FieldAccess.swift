import LogHuntNormalize
import LogHuntRules

/// How a rule's field name reaches a value in the table, mirroring the engine's `FieldRef`:
/// an ECS name reads its column (falling back to the raw record when the column is NULL);
/// any other name is a dotted path into the `raw` JSON text, tried as written and then under
/// loghunt's per-product aliases, each component split longest-literal-key first; Azure and
/// Entra keys also match case-insensitively (through the lower-cased text).
///
/// `leaves` gives the texts a value test sees (an array; NULL when the field is missing or
/// null): a scalar's text, an array's elements, an object's nested string values.
struct FieldAccess: Sendable {
    /// Whether raw keys are matched case-insensitively.
    enum KeyCase: Sendable {
        /// Never (no Azure or Entra events can reach the rule).
        case exact
        /// Always (the rule only sees Azure or Entra events).
        case folded
        /// Per event: folded when `event.provider` is azure or entra.
        case perEvent
    }

    let dialect: SQLDialect
    let product: String?
    let keyCase: KeyCase
    let mapping: FieldMapping

    /// Access for a rule with `logsource.product` `product`.
    init(dialect: SQLDialect, product: String?, mapping: FieldMapping = FieldMapping()) {
        self.dialect = dialect
        self.product = product
        self.mapping = mapping
        let providers = RuleScope.providers(for: product)
        let folded = providers.filter { $0 == .azure || $0 == .entra }
        if folded.isEmpty {
            keyCase = .exact
        } else if folded.count == providers.count {
            keyCase = .folded
        } else {
            keyCase = .perEvent
        }
    }

    // MARK: Leaves

    /// The texts a value test sees (`array<string>`, NULL when missing).
    /// - Parameters:
    ///   - name: the field as the rule writes it.
    ///   - caseSensitive: whether the test compares case (then folded keys cannot be used).
    /// - Returns: the SQL expression.
    /// - Throws: `ConvertError` when the name cannot be a JSON path or the test needs exact case
    ///   on folded keys.
    func leaves(_ name: String, caseSensitive: Bool) throws(ConvertError) -> String {
        if caseSensitive, keyCase != .exact { throw .caseSensitiveOnFoldedKeys(field: name) }
        let rawLeaves = try rawExpression(name, arrays: true) { keys, folded in leaves(keys, folded: folded) }
        guard let ecs = ecsSlot(name) else { return rawLeaves }
        let col = dialect.column(ecs.rawValue)
        if ecs == .provider { return dialect.array([col]) }
        return "(CASE WHEN \(col) IS NOT NULL THEN \(dialect.array([col])) ELSE \(rawLeaves) END)"
    }

    /// Whether the field is present (any value, even JSON null); never NULL.
    func present(_ name: String) throws(ConvertError) -> String {
        let raw = try rawExpression(name, join: { "(" + $0.joined(separator: " OR ") + ")" }) { keys, folded in
            let parent = parentText(keys, folded: folded)
            let key = folded ? keys[keys.count - 1].lowercased() : keys[keys.count - 1]
            return "COALESCE(\(dialect.arrayContains(dialect.jsonKeys(parent), dialect.string(key))), FALSE)"
        }
        guard let ecs = ecsSlot(name) else { return "(\(raw))" }
        if ecs == .provider { return "TRUE" }
        return "(\(dialect.column(ecs.rawValue)) IS NOT NULL OR \(raw))"
    }

    /// Whether the field is missing or JSON null (Sigma `field: null`); never NULL.
    func isNull(_ name: String) throws(ConvertError) -> String {
        var parts: [String] = []
        if let ecs = ecsSlot(name) {
            if ecs == .provider { return "FALSE" }
            parts.append(dialect.column(ecs.rawValue))
        }
        let raw = try rawExpression(name) { keys, folded in value(keys, folded: folded) }
        parts.append(raw)
        return "(COALESCE(\(parts.joined(separator: ", "))) IS NULL)"
    }

    /// The scalar values correlations read (`Event.fieldValues`): the ECS column only for
    /// ECS names; for raw paths a scalar, or the scalar elements of an array (NULL: none).
    func values(_ name: String) throws(ConvertError) -> String {
        if let ecs = ECSField(name: name) {
            let col = dialect.column(ecs.rawValue)
            return "(CASE WHEN \(col) IS NOT NULL THEN \(dialect.array([col])) END)"
        }
        var names = [name]
        if let alias = valueAlias(name) { names.append(alias) }
        return try expression(names: names, join: nil) { keys, folded in scalarValues(keys, folded: folded) }
    }

    // MARK: Paths

    /// Builds one expression per candidate path (names, literal-key splits, key case) and
    /// joins them (COALESCE by default: the first path that has a value wins).
    private func rawExpression(
        _ name: String, join: (([String]) -> String)? = nil, arrays: Bool = false, _ body: ([String], Bool) -> String
    ) throws(ConvertError) -> String {
        try expression(names: rawNames(name), join: join, arrays: arrays, body)
    }

    private func expression(
        names: [String], join: (([String]) -> String)?, arrays: Bool = false, _ body: ([String], Bool) -> String
    ) throws(ConvertError) -> String {
        var exact: [String] = []
        var both: [String] = []
        for candidate in names {
            let comps = try FieldAccess.components(candidate)
            let splits = FieldAccess.splits(comps)
            // A path through one array of objects (`authorizationInfo.permission`), tried when
            // the plain paths reach nothing.
            let through = arrays && comps.count <= 4 ? Array(1..<comps.count) : []
            let e = splits.map { body($0, false) } + through.map { arrayLeaves(comps, at: $0, folded: false) }
            exact += e
            both += e + splits.map { body($0, true) } + through.map { arrayLeaves(comps, at: $0, folded: true) }
        }
        let combine = join ?? FieldAccess.coalesce
        switch keyCase {
        case .exact: return combine(exact)
        case .folded: return combine(both)
        case .perEvent:
            return
                "(CASE WHEN \(dialect.column("event.provider")) IN ('azure', 'entra') THEN \(combine(both)) ELSE \(combine(exact)) END)"
        }
    }

    private static func coalesce(_ xs: [String]) -> String {
        xs.count == 1 ? xs[0] : "COALESCE(\(xs.joined(separator: ", ")))"
    }

    private func source(_ folded: Bool) -> String { folded ? dialect.lower(dialect.raw) : dialect.raw }

    private func path(_ keys: some Collection<String>, folded: Bool) -> String {
        var out = "$"
        for k in keys {
            let key = folded ? k.lowercased() : k
            if FieldAccess.isSimpleKey(key) {
                out += "." + key
            } else if dialect.target == .sparkSQL {
                out += "['" + key + "']"
            } else {
                out += "[\"" + key + "\"]"
            }
        }
        return out
    }

    private func value(_ keys: [String], folded: Bool, in json: String? = nil) -> String {
        dialect.jsonValue(json ?? source(folded), path(keys, folded: folded))
    }

    private func parentText(_ keys: [String], folded: Bool, in json: String? = nil) -> String {
        let src = json ?? source(folded)
        return keys.count == 1 ? src : dialect.jsonValue(src, path(keys.dropLast(), folded: folded))
    }

    /// The leaves of `comps` when component `k - 1` holds an array of objects: the leaves of
    /// the rest of the path in each element, NULL when no element has it.
    private func arrayLeaves(_ comps: [String], at k: Int, folded: Bool) -> String {
        let prefix = Array(comps[..<k])
        let rest = Array(comps[k...])
        let array = value(prefix, folded: folded)
        let parent = parentText(prefix, folded: folded)
        let last = folded ? prefix[prefix.count - 1].lowercased() : prefix[prefix.count - 1]
        let each = dialect.transform(dialect.jsonStringArray(array), "p", leaves(rest, folded: folded, in: "p"))
        let found = dialect.flatten(dialect.filter(each, "q", "q IS NOT NULL"))
        return """
            (CASE WHEN substr(\(array), 1, 1) = '[' AND \(dialect.memberIsArray(parent, last, array)) \
            AND \(dialect.size(found)) > 0 THEN \(found) END)
            """
    }

    private func emptyArray() -> String {
        dialect.target == .sparkSQL ? "CAST(array() AS array<string>)" : "CAST(ARRAY[] AS ARRAY(VARCHAR))"
    }

    /// The nested string values of a JSON text (objects: values, not keys), decoded.
    func stringLeaves(_ text: String) -> String {
        let pattern = #"("(?:[^"\\]|\\.)*")\s*(?=[,}\]])"#
        let joined = "array_join(\(dialect.regexExtractAll(text, pattern)), ',')"
        return dialect.jsonStringArray(dialect.concat(["'['", joined, "']'"]))
    }

    private func leaves(_ keys: [String], folded: Bool, in json: String? = nil) -> String {
        let v = value(keys, folded: folded, in: json)
        let parent = parentText(keys, folded: folded, in: json)
        let last = folded ? keys[keys.count - 1].lowercased() : keys[keys.count - 1]
        let elements = dialect.jsonStringArray(v)
        let e = "e"
        let element =
            "CASE WHEN substr(\(e), 1, 1) IN ('{', '[') THEN \(stringLeaves(e)) ELSE \(dialect.array([e])) END"
        return """
            (CASE WHEN \(v) IS NULL THEN NULL \
            WHEN substr(\(v), 1, 1) = '[' AND \(dialect.memberIsArray(parent, last, v)) \
            THEN \(dialect.flatten(dialect.transform(elements, e, element))) \
            WHEN substr(\(v), 1, 1) = '{' AND \(dialect.memberIsObject(parent, last, v)) THEN \(stringLeaves(v)) \
            ELSE \(dialect.array([v])) END)
            """
    }

    private func scalarValues(_ keys: [String], folded: Bool) -> String {
        let v = value(keys, folded: folded)
        let parent = parentText(keys, folded: folded)
        let last = folded ? keys[keys.count - 1].lowercased() : keys[keys.count - 1]
        let scalars = dialect.filter(
            dialect.jsonStringArray(v), "e", "e IS NOT NULL AND NOT substr(e, 1, 1) IN ('{', '[')")
        return """
            (CASE WHEN \(v) IS NULL THEN NULL \
            WHEN substr(\(v), 1, 1) = '[' AND \(dialect.memberIsArray(parent, last, v)) THEN \(scalars) \
            WHEN substr(\(v), 1, 1) = '{' AND \(dialect.memberIsObject(parent, last, v)) THEN \(emptyArray()) \
            ELSE \(dialect.array([v])) END)
            """
    }

    /// `Event.fieldValues`' second path: GCP `data.` prefix, Azure/Entra `properties.` prefix.
    private func valueAlias(_ name: String) -> String? {
        switch product?.lowercased() {
        case "gcp": name.hasPrefix("data.") ? String(name.dropFirst(5)) : nil
        case "azure", "entra": name.lowercased().hasPrefix("properties.") ? nil : "properties." + name
        default: nil
        }
    }

    // MARK: Names

    /// The ECS slot of `name`, or of its first ECS mapping candidate (the engine's `FieldRef`).
    func ecsSlot(_ name: String) -> ECSField? {
        if let ecs = ECSField(name: name) { return ecs }
        return mapping.candidates(for: name, product: product).lazy.compactMap { ECSField(name: $0) }.first
    }

    /// The raw paths tried, in order: the name, the mapping's non-ECS candidates, then
    /// loghunt's built-in aliases (the engine's `FieldRef(resolving:product:mapping:)`).
    func rawNames(_ name: String) -> [String] {
        var names = [name]
        for c in mapping.candidates(for: name, product: product) where ECSField(name: c) == nil && !names.contains(c) {
            names.append(c)
        }
        for c in FieldAccess.candidateNames(for: name, product: product) where !names.contains(c) { names.append(c) }
        return names
    }

    /// The components of a dotted name.
    static func components(_ name: String) throws(ConvertError) -> [String] {
        let comps = name.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        for c in comps
        where c.isEmpty || c.contains(where: { "'\"[]\\".contains($0) })
            || c.unicodeScalars.contains(where: { $0.value < 0x20 })
        {
            throw .unsupportedFieldName(name)
        }
        return comps
    }

    /// Keys written `.key` in a JSON path.
    static func isSimpleKey(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, !("0"..."9").contains(first) else { return false }
        return key.unicodeScalars.allSatisfy {
            ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
        }
    }

    /// The ways to read `comps` as keys, longest literal key first at each level (the
    /// engine's order). Names of more than four components try only the fully literal key and
    /// the fully nested path.
    static func splits(_ comps: [String]) -> [[String]] {
        if comps.count > 4 {
            return [[comps.joined(separator: ".")], comps]
        }
        func from(_ k: Int) -> [[String]] {
            if k == comps.count { return [[]] }
            var out: [[String]] = []
            for m in stride(from: comps.count - 1, through: k, by: -1) {
                let key = comps[k...m].joined(separator: ".")
                for rest in from(m + 1) { out.append([key] + rest) }
            }
            return out
        }
        return from(0)
    }

    /// The raw candidate names the engine also uses (`FieldMapping.builtinAliases`).
    static func candidateNames(for name: String, product: String?) -> [String] {
        FieldMapping.builtinAliases(for: name, product: product)
    }
}
