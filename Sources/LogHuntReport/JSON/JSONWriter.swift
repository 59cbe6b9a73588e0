import LogHuntCore
import LogHuntEngine

/// `--format json`: one object with `tool`, `findings`, `summary` and `errors`, as the contract says.
package struct JSONWriter: FindingWriter {
    /// Indentation for pretty output; nil for one line.
    package var indent: Int?

    /// Creates the writer.
    package init(indent: Int? = 2) { self.indent = indent }

    package func render(_ findings: [Finding], context: ReportContext) -> [UInt8] {
        var w = JSONTextWriter(indent: indent)
        w.beginObject()
        w.member(
            "tool",
            .object([
                JSONMember(key: "name", value: .string(context.toolName)),
                JSONMember(key: "version", value: .string(context.toolVersion)),
            ]))
        w.key("findings")
        w.beginArray()
        for f in findings { FindingEncoder.write(f, into: &w) }
        w.endArray()
        w.member("summary", context.summary.json)
        w.member("errors", .array(context.diagnostics.map(Self.error)))
        w.endObject()
        w.appendRaw(0x0A)
        return w.take()
    }

    /// One `errors` entry: `{"file", "line", "message"}` plus `severity` and `code`.
    package static func error(_ d: Diagnostic) -> JSONValue {
        var m = [
            JSONMember(key: "file", value: d.file.map { .string($0) } ?? .null),
            JSONMember(key: "line", value: d.line.map { .int($0) } ?? .null),
            JSONMember(key: "message", value: .string(d.message)),
        ]
        if let c = d.column { m.append(JSONMember(key: "column", value: .int(c))) }
        m.append(JSONMember(key: "severity", value: .string(d.severity.rawValue)))
        m.append(JSONMember(key: "code", value: .string(d.code.rawValue)))
        return .object(m)
    }
}
