import LogHuntCore
import LogHuntRules

/// What `loghunt convert` prints, built from rule texts: the facade's one call.
package struct ConvertRunner: Sendable {
    /// The text output and the report.
    package struct Output: Sendable {
        /// The SQL script: a header, then per rule `-- rule: ID | LEVEL | TITLE | FILE`, its
        /// statement and `;`, then the unsupported rules as comments.
        package var sql: String
        /// One line per unsupported rule: `FILE: rule 'ID' not converted: REASON`.
        package var unsupported: [String]
        /// The conversion itself.
        package var result: ConversionResult
        /// Problems loading the rules.
        package var diagnostics: [Diagnostic]
    }

    /// Creates a runner.
    package init() {}

    /// Loads the rules, converts them and formats the output.
    /// - Parameters:
    ///   - ruleFiles: user rule files (`--rules`), path and text.
    ///   - builtin: whether to add the built-in rules.
    ///   - variables: `--var` values (they replace the built-in lists of the same name).
    ///   - target: the dialect.
    ///   - table: the events table.
    /// - Returns: the output.
    package func run(
        ruleFiles: [(path: String, text: String)], builtin: Bool = true, variables: [String: [String]] = [:],
        target: SQLTarget, table: String = "loghunt_events"
    ) -> Output {
        let collector = DiagnosticCollector()
        var documents: [RuleDocument] = []
        let files = (builtin ? BuiltinRules.files : []) + ruleFiles
        for file in files {
            documents += RuleLoader.load(text: file.text, file: file.path, limits: Limits(), sink: collector)
        }
        var placeholders = Placeholders.builtin.values
        for (k, v) in variables { placeholders[k] = v }
        var out = run(documents: documents, placeholders: placeholders, target: target, table: table)
        out.diagnostics = collector.diagnostics
        return out
    }

    /// Converts loaded rules and formats the output.
    /// - Parameters:
    ///   - documents: the loaded rules (built-in and user rules).
    ///   - placeholders: `%name%` values (built-in lists overridden by `--var`).
    ///   - mapping: field mappings (nil: the built-in `Rules/mappings`).
    ///   - target: the dialect.
    ///   - table: the events table.
    /// - Returns: the SQL text, the unsupported-rule lines and the conversion.
    package func run(
        documents: [RuleDocument], placeholders: [String: [String]], mapping: FieldMapping? = nil, target: SQLTarget,
        table: String
    ) -> Output {
        let result = SQLConverter(fieldMapping: mapping).convert(
            documents, placeholders: placeholders, target: target, table: table)
        var text =
            "-- loghunt convert --target \(target.rawValue): \(result.converted.count) rules as SQL over table \(table)"
        text += ", \(result.unsupported.count) not converted\n"
        text += "-- Each statement returns rule_id, file, line, record, timestamp (see docs/convert.md).\n"
        switch target {
        case .sparkSQL: text += "-- spark-schema: \(EventSchema.sparkDDL)\n"
        case .athena: text += "-- Table: see docs/convert.md (CREATE EXTERNAL TABLE over loghunt normalize output).\n"
        }
        for rule in result.converted {
            text +=
                "\n-- rule: \(Self.oneLine(rule.id)) | \(rule.level.description) | \(Self.oneLine(rule.title)) | \(Self.oneLine(rule.file))\n"
            text += rule.sql + ";\n"
        }
        var lines: [String] = []
        if !result.unsupported.isEmpty { text += "\n" }
        for u in result.unsupported {
            let line = "\(u.file): rule '\(u.id)' not converted: \(u.reason)"
            lines.append(line)
            text += "-- unsupported: \(Self.oneLine(u.id)) | \(Self.oneLine(u.file)) | \(Self.oneLine(u.reason))\n"
        }
        return Output(sql: text, unsupported: lines, result: result, diagnostics: [])
    }

    private static func oneLine(_ s: String) -> String {
        String(s.unicodeScalars.map { $0.value < 0x20 ? " " : Character($0) })
    }
}
