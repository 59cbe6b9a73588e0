import LogHuntCore
import LogHuntRules

/// Translates a correlation rule into one statement over the events table:
///
/// * `event_count`, `value_count`, `temporal`: the base rules' matches (UNION ALL), grouped by
///   the case-folded `group-by` values, in the engine's order (time, file, record, line,
///   listed rule); at each match a backward window `[t − timespan, t]` collected with
///   `RANGE BETWEEN … PRECEDING AND CURRENT ROW` and cut at the current match (so same-time
///   matches later in the order are not counted yet); a finding where the condition becomes
///   true (`LAG` of the condition), as the engine's episodes.
/// * `new_value`: the first occurrence of each case-folded (group, value) key; it is new when
///   no occurrence lies before the baseline cut-off (`baseline-until`, or the earliest match
///   plus `baseline`) — the anti-join against the baseline, written as "first occurrence at or
///   after the cut-off".
struct CorrelationTranslator: Sendable {
    /// One listed base rule: its name as written and its WHERE condition.
    struct Source: Sendable {
        var reference: String
        var product: String?
        var condition: String
    }

    let dialect: SQLDialect
    let table: String

    private var location: (file: String, line: String, record: String) {
        (dialect.column("location.file"), dialect.column("location.line"), dialect.column("location.record"))
    }

    private var spark: Bool { dialect.target == .sparkSQL }

    /// The statement for `rule` over `sources`.
    func translate(_ rule: CorrelationRule, id: String, sources: [Source]) throws(ConvertError) -> String {
        switch rule.type {
        case .eventCount, .valueCount, .temporal: return try windowed(rule, id: id, sources: sources)
        case .newValue: return try newValue(rule, id: id, sources: sources)
        default: throw .unsupportedCorrelation(rule.type.rawValue)
        }
    }

    private func resolve(_ field: String, _ rule: CorrelationRule, _ source: Source) -> String {
        rule.aliases.first { $0.name == field }?.field(for: source.reference) ?? field
    }

    /// The `m` CTE: one row per (base-rule match, listed rule).
    private func matches(
        _ rule: CorrelationRule, _ sources: [Source], valueFields: [String], temporal: Bool
    ) throws(ConvertError) -> String {
        var selects: [String] = []
        for (p, source) in sources.enumerated() {
            let access = FieldAccess(dialect: dialect, product: source.product)
            var cols = ["\(p) AS src"]
            for (i, g) in rule.groupBy.enumerated() {
                cols.append("\(dialect.elementAt(try access.values(resolve(g, rule, source)), 1)) AS g\(i)")
            }
            if temporal {
                cols.append("\(dialect.array(["'\(p)'"])) AS vals")
            } else if valueFields.isEmpty {
                cols.append("\(dialect.array(["''"])) AS vals")
            } else {
                var perField: [String] = []
                for f in valueFields { perField.append(try access.values(resolve(f, rule, source))) }
                cols.append("\(tuples(perField)) AS vals")
            }
            cols.append("\(dialect.epochMicros(dialect.column("@timestamp"))) AS ts")
            cols.append("\(location.file) AS file")
            cols.append("\(location.line) AS line")
            cols.append("\(location.record) AS record")
            cols.append("\(dialect.column("@timestamp")) AS timestamp")
            selects.append("SELECT \(cols.joined(separator: ", ")) FROM \(table) WHERE \(source.condition)")
        }
        return selects.joined(separator: "\n  UNION ALL\n  ")
    }

    /// Every combination of the fields' case-folded values, joined with U+001F, de-duplicated.
    private func tuples(_ perField: [String]) -> String {
        func level(_ i: Int, _ prefix: [String]) -> String {
            let a = "a\(i)"
            let here = prefix + [dialect.lower(a)]
            if i == perField.count - 1 {
                return dialect.transform(perField[i], a, here.count == 1 ? here[0] : dialect.concat(here))
            }
            return dialect.flatten(dialect.transform(perField[i], a, level(i + 1, here + [dialect.string("\u{1F}")])))
        }
        return dialect.arrayDistinct(level(0, []))
    }

    private func partition(_ rule: CorrelationRule, extra: [String] = []) -> String {
        let keys = rule.groupBy.indices.map { "lower(g\($0))" } + extra
        return keys.isEmpty ? "" : "PARTITION BY \(keys.joined(separator: ", ")) "
    }

    private func usable(_ rule: CorrelationRule) -> String {
        var c = ["ts IS NOT NULL", "vals IS NOT NULL", "\(dialect.size("vals")) > 0"]
        for i in rule.groupBy.indices { c.append("g\(i) IS NOT NULL") }
        return c.joined(separator: " AND ")
    }

    private func windowed(_ rule: CorrelationRule, id: String, sources: [Source]) throws(ConvertError) -> String {
        guard let span = rule.timespan else {
            throw .unsupported("\(rule.type.rawValue) correlation without a timespan")
        }
        let temporal = rule.type == .temporal
        let valueFields = rule.type == .valueCount ? (rule.condition?.fields ?? []) : []
        if rule.type == .valueCount, valueFields.isEmpty {
            throw .unsupported("value_count correlation without condition.field")
        }
        let m = try matches(rule, sources, valueFields: valueFields, temporal: temporal)
        let order = "ts, file, record, line, src"
        let dedup =
            temporal
            ? "SELECT * FROM k"
            : "SELECT * FROM (SELECT *, ROW_NUMBER() OVER (\(partition(rule, extra: ["ts", "file", "record", "line"]))ORDER BY src) AS dup FROM k) t WHERE dup = 1"
        let micros = span.nanoseconds / 1000
        let inWindow = dialect.filter("win", "w", "w.ord <= ord")
        let aggregate =
            rule.type == .eventCount
            ? dialect.size(inWindow)
            : dialect.size(dialect.arrayDistinct(dialect.flatten(dialect.transform(inWindow, "w", "w.vals"))))
        let bounds = rule.condition?.bounds ?? []
        var tests = bounds.map { b -> String in
            let op: String
            switch b.op {
            case .gt: op = ">"
            case .gte: op = ">="
            case .lt: op = "<"
            case .lte: op = "<="
            case .eq: op = "="
            case .neq: op = "<>"
            }
            return "n \(op) \(SQLNumber.text(b.value))"
        }
        if tests.isEmpty { tests = temporal ? ["n >= \(sources.count)"] : ["TRUE"] }
        return """
            WITH m AS (
              \(m)
            ),
            k AS (SELECT * FROM m WHERE \(usable(rule))),
            d AS (\(dedup)),
            o AS (SELECT *, ROW_NUMBER() OVER (\(partition(rule))ORDER BY \(order)) AS ord FROM d),
            w AS (SELECT *, \(dialect.collectList(dialect.orderedValues("ord", "vals"))) OVER (\(partition(rule))ORDER BY ts RANGE BETWEEN \(micros) PRECEDING AND CURRENT ROW) AS win FROM o),
            c AS (SELECT *, \(aggregate) AS n FROM w),
            h AS (SELECT *, (\(tests.joined(separator: " AND "))) AS hit FROM c),
            e AS (SELECT *, LAG(hit) OVER (\(partition(rule))ORDER BY ord) AS prev FROM h)
            SELECT \(dialect.string(id)) AS rule_id, file, line, record, timestamp FROM e WHERE hit AND NOT COALESCE(prev, FALSE)
            """
    }

    private func newValue(_ rule: CorrelationRule, id: String, sources: [Source]) throws(ConvertError) -> String {
        guard let settings = rule.newValue, !settings.fields.isEmpty else {
            throw .unsupported("new_value correlation without field")
        }
        let m = try matches(rule, sources, valueFields: settings.fields, temporal: false)
        var cut: String?
        if let until = settings.baselineUntil {
            cut = "ts >= \(until.nanoseconds / 1000)"
        } else if let period = settings.baseline {
            cut = "ts >= (SELECT MIN(ts) FROM k) + \(period.nanoseconds / 1000)"
        }
        let columns = (rule.groupBy.indices.map { "g\($0)" } + ["ts", "file", "line", "record", "timestamp"]).joined(
            separator: ", ")
        let exploded = dialect.explode(columns: columns, array: "vals", alias: "v", from: "k")
        return """
            WITH m AS (
              \(m)
            ),
            k AS (SELECT * FROM m WHERE \(usable(rule))),
            x AS (\(exploded)),
            f AS (SELECT *, ROW_NUMBER() OVER (\(partition(rule, extra: ["v"]))ORDER BY ts, file, record, line) AS rn FROM x)
            SELECT \(dialect.string(id)) AS rule_id, file, line, record, timestamp FROM f WHERE rn = 1\(cut.map { " AND " + $0 } ?? "")
            """
    }
}
