/// The SQL engine a conversion is written for.
package enum SQLTarget: String, Sendable, Hashable, CaseIterable {
    /// Apache Spark SQL 3.1 or later (`get_json_object`, higher-order functions, `RLIKE`).
    case sparkSQL = "spark-sql"
    /// Amazon Athena engine 3 (Trino SQL: `json_extract`, `any_match`, `regexp_like`).
    case athena

    /// Reads a `--target` value (`spark-sql`, `spark`, `athena`, `trino`).
    /// - Parameter name: the value as given.
    package init?(name: String) {
        switch name.lowercased() {
        case "spark-sql", "spark", "sparksql": self = .sparkSQL
        case "athena", "trino", "presto": self = .athena
        default: return nil
        }
    }
}
