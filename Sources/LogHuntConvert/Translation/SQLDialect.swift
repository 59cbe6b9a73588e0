import LogHuntCore

/// The spelling of each SQL building block in one target's dialect. Everything the
/// translation emits goes through here, so Spark and Athena differ in one place.
struct SQLDialect: Sendable {
    /// The target.
    let target: SQLTarget

    private var spark: Bool { target == .sparkSQL }

    /// A string literal. Spark reads backslash escapes inside literals, so backslashes and
    /// quotes are escaped with a backslash there; Trino doubles the quote only.
    func string(_ s: String) -> String {
        if spark {
            var out = "'"
            for c in s.unicodeScalars {
                switch c {
                case "\\": out += "\\\\"
                case "'": out += "\\'"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                default: out.unicodeScalars.append(c)
                }
            }
            return out + "'"
        }
        return "'" + s.replacing("'", with: "''") + "'"
    }

    /// A quoted identifier.
    func ident(_ name: String) -> String {
        spark
            ? "`" + name.replacing("`", with: "``") + "`"
            : "\"" + name.replacing("\"", with: "\"\"") + "\""
    }

    /// A nested column (`event.action` → `` `event`.`action` ``). Athena cannot name a column
    /// `@timestamp`, so its table calls it `timestamp` (`EventSchema.athenaDDL`).
    func column(_ dotted: String) -> String {
        if dotted == "@timestamp" { return ident(spark ? dotted : "timestamp") }
        return dotted.split(separator: ".", omittingEmptySubsequences: false).map { ident(String($0)) }
            .joined(separator: ".")
    }

    /// The raw record's JSON text column.
    var raw: String { ident("raw") }

    /// `ARRAY[a, b]`.
    func array(_ items: [String]) -> String {
        spark ? "array(\(items.joined(separator: ", ")))" : "ARRAY[\(items.joined(separator: ", "))]"
    }

    /// True when `body` holds for some element `x` of `array` (NULL array: NULL).
    func exists(_ array: String, _ x: String, _ body: String) -> String {
        spark ? "exists(\(array), \(x) -> \(body))" : "any_match(\(array), \(x) -> \(body))"
    }

    /// Elements of `array` for which `body` holds.
    func filter(_ array: String, _ x: String, _ body: String) -> String {
        "filter(\(array), \(x) -> \(body))"
    }

    /// `array` mapped through `body`.
    func transform(_ array: String, _ x: String, _ body: String) -> String {
        "transform(\(array), \(x) -> \(body))"
    }

    /// Number of elements.
    func size(_ array: String) -> String { spark ? "size(\(array))" : "cardinality(\(array))" }

    /// Whether `array` contains `value`.
    func arrayContains(_ array: String, _ value: String) -> String {
        spark ? "array_contains(\(array), \(value))" : "contains(\(array), \(value))"
    }

    /// The aggregate that collects values into an array (also as a window function).
    func collectList(_ x: String) -> String { spark ? "collect_list(\(x))" : "array_agg(\(x))" }

    /// Lower case.
    func lower(_ x: String) -> String { "lower(\(x))" }

    /// `x LIKE pattern` with `\` as the escape character (`pattern` is already escaped).
    func like(_ x: String, _ pattern: String) -> String {
        spark ? "\(x) LIKE \(string(pattern))" : "\(x) LIKE \(string(pattern)) ESCAPE '\\'"
    }

    /// An unanchored regular-expression search.
    func regex(_ x: String, _ pattern: String) -> String {
        spark ? "\(x) RLIKE \(string(pattern))" : "regexp_like(\(x), \(string(pattern)))"
    }

    /// All matches of group 1 of `pattern` in `x`.
    func regexExtractAll(_ x: String, _ pattern: String) -> String {
        "regexp_extract_all(\(x), \(string(pattern)), 1)"
    }

    /// A number, or NULL when `x` is not one.
    func tryDouble(_ x: String) -> String { "try_cast(\(x) AS DOUBLE)" }

    /// An ISO-8601 text as a timestamp (NULL when it is not one).
    func timestamp(_ x: String) -> String { spark ? "to_timestamp(\(x))" : "try(from_iso8601_timestamp(\(x)))" }

    /// A timestamp literal (absolute: written with `Z`).
    func timestampLiteral(_ t: Timestamp) -> String {
        var text = t.iso8601
        if !text.hasSuffix("Z") { text += "Z" }
        return timestamp(string(text))
    }

    /// Microseconds since the epoch of an ISO-8601 text.
    func epochMicros(_ x: String) -> String {
        spark
            ? "unix_micros(to_timestamp(\(x)))"
            : "CAST(to_unixtime(try(from_iso8601_timestamp(\(x)))) * 1000000 AS BIGINT)"
    }

    /// A JSON array text as an array of element texts (strings decoded, other scalars as
    /// written, objects and arrays as JSON); NULL when the text is not an array.
    func jsonStringArray(_ text: String) -> String {
        spark ? "from_json(\(text), 'array<string>')" : "try(CAST(json_parse(\(text)) AS ARRAY(VARCHAR)))"
    }

    /// The `...` of `{"a": ...}` as `get_json_object` returns it: strings decoded, other
    /// scalars as written, objects and arrays as JSON text, NULL for JSON null or missing.
    func jsonValue(_ json: String, _ path: String) -> String {
        if spark { return "get_json_object(\(json), \(string(path)))" }
        let j = "json_extract(\(json), \(string(path)))"
        return
            "(CASE WHEN json_extract_scalar(\(json), \(string(path))) IS NOT NULL THEN json_extract_scalar(\(json), \(string(path))) "
            + "WHEN \(j) IS NULL OR is_json_scalar(\(j)) THEN NULL ELSE json_format(\(j)) END)"
    }

    /// The keys of a JSON object text (NULL when it is not an object).
    func jsonKeys(_ json: String) -> String {
        spark ? "json_object_keys(\(json))" : "map_keys(try(CAST(json_parse(\(json)) AS MAP(VARCHAR, JSON))))"
    }

    /// Whether member `key` of the JSON object text `parent` is an array.
    func memberIsArray(_ parent: String, _ key: String, _ value: String) -> String {
        if spark {
            return
                "from_json(\(parent), \(string("struct<" + ident(key) + ":array<string>>"))).\(ident(key)) IS NOT NULL"
        }
        return "try(json_array_length(json_parse(\(value)))) IS NOT NULL"
    }

    /// Whether member `key` of the JSON object text `parent` is an object.
    func memberIsObject(_ parent: String, _ key: String, _ value: String) -> String {
        if spark {
            return
                "from_json(\(parent), \(string("struct<" + ident(key) + ":map<string,string>>"))).\(ident(key)) IS NOT NULL"
        }
        return "try(CAST(json_parse(\(value)) AS MAP(VARCHAR, JSON))) IS NOT NULL"
    }

    /// `concat(a, b, …)`.
    func concat(_ parts: [String]) -> String { "concat(\(parts.joined(separator: ", ")))" }

    /// Flattens an array of arrays.
    func flatten(_ x: String) -> String { "flatten(\(x))" }

    /// Element `i` (1-based), NULL when out of range.
    func elementAt(_ x: String, _ i: Int) -> String { spark ? "try_element_at(\(x), \(i))" : "element_at(\(x), \(i))" }

    /// A string split by a regular expression.
    func split(_ x: String, _ regex: String) -> String {
        spark ? "split(\(x), \(string(regex)))" : "regexp_split(\(x), \(string(regex)))"
    }

    /// Text as a BIGINT (NULL when not an integer).
    func tryBigint(_ x: String) -> String { "try_cast(\(x) AS BIGINT)" }

    /// `a || b` for two strings.
    func concat2(_ a: String, _ b: String) -> String { "concat(\(a), \(b))" }
}

extension SQLDialect {
    /// A two-field record `(ord, vals)` for window collections.
    func orderedValues(_ ord: String, _ vals: String) -> String {
        spark
            ? "named_struct('ord', \(ord), 'vals', \(vals))"
            : "CAST(ROW(\(ord), \(vals)) AS ROW(ord BIGINT, vals ARRAY(VARCHAR)))"
    }

    /// `SELECT <columns>, <alias> FROM <from>` with one row per element of `array`.
    func explode(columns: String, array: String, alias: String, from: String) -> String {
        spark
            ? "SELECT \(columns), explode(\(array)) AS \(alias) FROM \(from)"
            : "SELECT \(columns), u.\(alias) FROM \(from) CROSS JOIN UNNEST(\(array)) AS u(\(alias))"
    }

    /// De-duplicated elements.
    func arrayDistinct(_ x: String) -> String { "array_distinct(\(x))" }
}
