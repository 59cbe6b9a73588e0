import LogHuntCore
import LogHuntEngine
import LogHuntNormalize

/// Turns a `Finding` into the contract's FINDING object (shared by JSON and JSON Lines).
package enum FindingEncoder {
    /// The pivot fields every finding names when its event has them (issue 10: which
    /// credential, IP, actor and target a finding involves).
    package static let pivotFields: [ECSField] = [.credentialID, .sourceIP, .userName, .targetName]

    /// Writes one FINDING object.
    /// - Parameters:
    ///   - finding: the finding.
    ///   - writer: where to write it.
    package static func write(_ finding: Finding, into writer: inout JSONTextWriter) {
        writer.beginObject()
        writer.key("rule")
        writer.value(rule(finding.rule))
        writer.member("timestamp", finding.timestamp.map { .string($0.iso8601) } ?? .null)
        writer.member("location", location(finding.location))
        writer.member("event", event(finding))
        writer.key("raw")
        if let e = finding.event {
            RawRecord.write(e.raw, into: &writer)
        } else {
            writer.value(.null)
        }
        writer.member("related", .array(finding.related.map(location)))
        if finding.relatedOmitted > 0 { writer.member("related_omitted", finding.relatedOmitted) }
        if let c = finding.correlation { writer.member("correlation", correlation(c)) }
        let p = pivot(finding)
        if case .object(let m) = p, !m.isEmpty { writer.member("pivot", p) }
        if !finding.notes.isEmpty { writer.member("notes", .array(finding.notes.map { .string($0) })) }
        writer.endObject()
    }

    /// The `rule` object: id, title, level, tags, plus kind and file.
    package static func rule(_ r: RuleInfo) -> JSONValue {
        var m = [
            JSONMember(key: "id", value: .string(r.id)),
            JSONMember(key: "title", value: .string(r.title)),
            JSONMember(key: "level", value: .string(r.level.name)),
            JSONMember(key: "tags", value: .array(r.tags.map { .string($0) })),
            JSONMember(key: "kind", value: .string(r.kind.rawValue)),
        ]
        if !r.file.isEmpty { m.append(JSONMember(key: "file", value: .string(r.file))) }
        return .object(m)
    }

    /// `{"file": …, "line": …, "record": …}`.
    package static func location(_ l: SourceLocation) -> JSONValue {
        .object([
            JSONMember(key: "file", value: .string(l.file)),
            JSONMember(key: "line", value: .int(l.line)),
            JSONMember(key: "record", value: .int(l.record)),
        ])
    }

    /// The `event` object: the event's nested ECS fields, or for a correlation finding without an
    /// event, `event.kind: correlation` and the group-by fields.
    package static func event(_ f: Finding) -> JSONValue {
        if let e = f.event { return ECSObject.of(e).value }
        var o = ECSObject()
        if let t = f.timestamp { o.set("@timestamp", .string(t.iso8601)) }
        o.set("event.kind", .string("correlation"))
        o.set("event.action", .string(f.correlation?.type ?? f.rule.kind.rawValue))
        for m in f.correlation?.group ?? [] where !m.key.isEmpty { o.set(m.key, m.value) }
        return o.value
    }

    /// The `correlation` object: type, group, value, new_value, window_start.
    package static func correlation(_ c: CorrelationDetail) -> JSONValue {
        var m = [
            JSONMember(key: "type", value: .string(c.type)),
            JSONMember(key: "group", value: .object(c.group)),
        ]
        if let v = c.value { m.append(JSONMember(key: "value", value: .double(v))) }
        if let v = c.newValue { m.append(JSONMember(key: "new_value", value: .string(v))) }
        if let w = c.windowStart { m.append(JSONMember(key: "window_start", value: .string(w.iso8601))) }
        return .object(m)
    }

    /// `{"credential.id": …, "source.ip": …, "user.name": …, "target.name": …}` (present ones).
    package static func pivot(_ f: Finding) -> JSONValue {
        .object(
            pivotFields.compactMap { field in
                pivotValue(f, field).map { JSONMember(key: field.rawValue, value: .string($0)) }
            })
    }

    /// A pivot field's value: from the event, else from the correlation group.
    package static func pivotValue(_ f: Finding, _ field: ECSField) -> String? {
        if let e = f.event { return e.fields[field] }
        guard let m = f.correlation?.group.first(where: { $0.key == field.rawValue }) else { return nil }
        if case .string(let s) = m.value { return s }
        return nil
    }
}
