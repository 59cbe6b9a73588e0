import LogHuntNormalize

/// The table the converted statements query: `loghunt normalize` output, one JSON object per
/// line, ECS fields as nested structs of strings, `raw` as the record's JSON text, and
/// `location` (file, line, record).
package enum EventSchema {
    private indirect enum Node {
        case leaf
        case group([(String, Node)])
    }

    private static var tree: [(String, Node)] {
        var root: [(String, Node)] = []
        func insert(_ path: ArraySlice<String>, into nodes: inout [(String, Node)]) {
            guard let head = path.first else { return }
            let rest = path.dropFirst()
            if let i = nodes.firstIndex(where: { $0.0 == head }) {
                if case .group(var children) = nodes[i].1, !rest.isEmpty {
                    insert(rest, into: &children)
                    nodes[i].1 = .group(children)
                }
                return
            }
            if rest.isEmpty {
                nodes.append((head, .leaf))
            } else {
                var children: [(String, Node)] = []
                insert(rest, into: &children)
                nodes.append((head, .group(children)))
            }
        }
        for field in ECSField.allCases {
            let parts = field == .timestamp ? ["@timestamp"] : field.rawValue.split(separator: ".").map(String.init)
            insert(parts[...], into: &root)
        }
        insert(["loghunt", "service"][...], into: &root)
        return root
    }

    /// The Spark DDL schema string for `spark.read.schema(…).json(…)` (and `CREATE TABLE … USING
    /// json`); `raw` is a STRING, so Spark keeps the record's JSON text.
    package static var sparkDDL: String {
        func type(_ n: Node) -> String {
            switch n {
            case .leaf: return "STRING"
            case .group(let children):
                return "STRUCT<" + children.map { "`\($0.0)`: \(type($0.1))" }.joined(separator: ", ") + ">"
            }
        }
        let fields =
            tree.map { "`\($0.0)` \(type($0.1))" }
            + ["`raw` STRING", "`location` STRUCT<`file`: STRING, `line`: BIGINT, `record`: BIGINT>"]
        return fields.joined(separator: ", ")
    }

    /// `CREATE EXTERNAL TABLE` for Athena over `loghunt normalize` output in S3 (OpenX JSON
    /// SerDe; `raw` declared `string` keeps the record's JSON text).
    /// - Parameters:
    ///   - table: the table name.
    ///   - location: the S3 prefix (`s3://bucket/normalized/`).
    package static func athenaDDL(table: String, location: String) -> String {
        func type(_ n: Node) -> String {
            switch n {
            case .leaf: return "string"
            case .group(let children):
                return "struct<" + children.map { "\(athenaName($0.0)):\(type($0.1))" }.joined(separator: ",") + ">"
            }
        }
        let columns =
            tree.map { "  `\($0.0)` \(type($0.1))" }
            + ["  `raw` string", "  `location` struct<file:string,line:bigint,record:bigint>"]
        return """
            CREATE EXTERNAL TABLE \(table) (
            \(columns.joined(separator: ",\n"))
            )
            ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'
            WITH SERDEPROPERTIES ('ignore.malformed.json' = 'true', 'mapping.timestamp' = '@timestamp')
            LOCATION '\(location)'
            """
    }

    private static func athenaName(_ s: String) -> String { s == "@timestamp" ? "timestamp" : s }
}
