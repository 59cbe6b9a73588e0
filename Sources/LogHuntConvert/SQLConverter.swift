import LogHuntCore
import LogHuntRules

/// Compiles loaded Sigma rules into SQL over a table of `loghunt normalize` output, with
/// loghunt's own semantics (see docs/convert.md): one `SELECT` per reported rule returning
/// `rule_id, file, line, record, timestamp`, so its rows compare with `loghunt hunt`'s
/// findings. A rule that cannot be expressed is listed with the reason, never dropped.
package struct SQLConverter: Sendable {
    /// Field names → raw paths per product (the engine's mapping; built-in files by default).
    package var fieldMapping: FieldMapping

    /// Creates a converter.
    /// - Parameter fieldMapping: the field mapping the engine uses (nil: `Rules/mappings`).
    package init(fieldMapping: FieldMapping? = nil) {
        self.fieldMapping = fieldMapping ?? FieldMapping.builtin(sink: DiagnosticCollector())
    }

    /// Converts every detection and correlation rule of `documents`.
    /// - Parameters:
    ///   - documents: the loaded rules (built-in and user rules; filters apply to the rules
    ///     they name).
    ///   - placeholders: `|expand` values by placeholder name.
    ///   - target: the SQL dialect.
    ///   - table: the table (or view) holding the normalised events.
    /// - Returns: the statements and the unsupported rules.
    package func convert(
        _ documents: [RuleDocument], placeholders: [String: [String]], target: SQLTarget, table: String
    ) -> ConversionResult {
        let dialect = SQLDialect(target: target)
        var detections: [SigmaRule] = []
        var correlations: [CorrelationRule] = []
        var filters: [FilterRule] = []
        for document in documents {
            switch document {
            case .detection(let r): detections.append(r)
            case .correlation(let r): correlations.append(r)
            case .filter(let f): filters.append(f)
            }
        }
        func detection(named reference: String) -> SigmaRule? {
            detections.first { $0.id == reference } ?? detections.first { $0.name == reference }
        }
        func correlation(named reference: String) -> CorrelationRule? {
            correlations.first { $0.id == reference } ?? correlations.first { $0.name == reference }
        }
        // Base rules referenced only by correlations with `generate: false` report nothing.
        var referenced: Set<String> = []
        var generated: Set<String> = []
        var innerReported: [String: Bool] = [:]
        for c in correlations {
            for r in c.rules {
                if let d = detection(named: r.target) {
                    let key = Self.identity(d.metadata)
                    referenced.insert(key)
                    if c.generate { generated.insert(key) }
                } else if let inner = correlation(named: r.target) {
                    let key = Self.identity(inner.metadata)
                    innerReported[key] = (innerReported[key] ?? false) || c.generate
                }
            }
        }
        let suppressed = referenced.subtracting(generated)
        let tableName = Self.tableName(table, dialect)

        var result = ConversionResult()
        var cache: [String: Result<String, ConvertError>] = [:]
        func condition(_ rule: SigmaRule) -> Result<String, ConvertError> {
            let key = Self.identity(rule.metadata)
            if let hit = cache[key] { return hit }
            let r = Result { () throws(ConvertError) -> String in
                try Self.whereClause(
                    rule, filters: filters, dialect: dialect, placeholders: placeholders, mapping: fieldMapping)
            }
            cache[key] = r
            return r
        }

        for document in documents {
            switch document {
            case .filter:
                continue
            case .detection(let rule):
                let id = Self.identity(rule.metadata)
                if suppressed.contains(id) {
                    result.suppressed.append(id)
                    continue
                }
                switch condition(rule) {
                case .success(let whereSQL):
                    let sql = """
                        SELECT \(dialect.string(id)) AS rule_id, \(dialect.column("location.file")) AS file, \
                        \(dialect.column("location.line")) AS line, \(dialect.column("location.record")) AS record, \
                        \(dialect.column("@timestamp")) AS timestamp
                        FROM \(tableName)
                        WHERE \(whereSQL)
                        """
                    result.converted.append(
                        ConvertedRule(
                            id: id, title: rule.title, level: rule.level ?? .medium, file: rule.mark.file,
                            kind: "detection", sql: sql))
                case .failure(let e):
                    result.unsupported.append(
                        UnsupportedRule(id: id, title: rule.title, file: rule.mark.file, reason: e.description))
                }
            case .correlation(let rule):
                let id = Self.identity(rule.metadata)
                if innerReported[id] == false {
                    result.suppressed.append(id)
                    continue
                }
                let outcome = Result { () throws(ConvertError) -> String in
                    var sources: [CorrelationTranslator.Source] = []
                    for r in rule.rules {
                        if correlation(named: r.target) != nil, detection(named: r.target) == nil {
                            throw .chainedCorrelation(r.target)
                        }
                        guard let base = detection(named: r.target) else { throw .unknownReference(r.target) }
                        switch condition(base) {
                        case .success(let c):
                            sources.append(.init(reference: r.target, product: base.logsource.product, condition: c))
                        case .failure(let e):
                            throw .unsupported("base rule '\(r.target)': \(e.description)")
                        }
                    }
                    return try CorrelationTranslator(dialect: dialect, table: tableName).translate(
                        rule, id: id, sources: sources)
                }
                switch outcome {
                case .success(let sql):
                    result.converted.append(
                        ConvertedRule(
                            id: id, title: rule.title, level: rule.level ?? .medium, file: rule.mark.file,
                            kind: rule.type.rawValue, sql: sql))
                case .failure(let e):
                    result.unsupported.append(
                        UnsupportedRule(id: id, title: rule.title, file: rule.mark.file, reason: e.description))
                }
            }
        }
        return result
    }

    /// The id, else the name, else the title (what findings carry as `rule.id`).
    static func identity(_ m: RuleMetadata) -> String { m.id ?? m.name ?? m.title }

    /// A table name as given (`db.table` stays qualified); quoted when it is not plain.
    static func tableName(_ table: String, _ dialect: SQLDialect) -> String {
        let plain = table.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
            !$0.isEmpty && FieldAccess.isSimpleKey(String($0))
        }
        return plain ? table : dialect.ident(table)
    }

    /// The WHERE condition of a detection rule: its providers, its condition, and every
    /// meta-filter that names it (pySigma's reading: `(rule) and (filter condition)`).
    static func whereClause(
        _ rule: SigmaRule, filters: [FilterRule], dialect: SQLDialect, placeholders: [String: [String]],
        mapping: FieldMapping
    ) throws(ConvertError) -> String {
        let translator = DetectionTranslator(
            dialect: dialect, product: rule.logsource.product, placeholders: placeholders, mapping: mapping)
        var parts: [String] = []
        if let scope = RuleScope.condition(
            for: rule.logsource.product, service: rule.logsource.service, dialect: dialect)
        {
            parts.append(scope)
        }
        parts.append(try translator.translate(rule.detection))
        for filter in filters where applies(filter, to: rule) {
            parts.append(try translator.translate(filter.detection))
        }
        return parts.joined(separator: "\n  AND ")
    }

    private static func applies(_ filter: FilterRule, to rule: SigmaRule) -> Bool {
        let names = [rule.id, rule.name].compactMap { $0 }
        guard filter.rules.contains(where: { names.contains($0.target) }) else { return false }
        let f = filter.logsource
        let r = rule.logsource
        func same(_ a: String?, _ b: String?) -> Bool { a == nil || a?.lowercased() == b?.lowercased() }
        return same(f.product, r.product) && same(f.service, r.service) && same(f.category, r.category)
    }
}
