import LogHuntCore
import LogHuntNormalize

/// `loghunt normalize`: each event as one line of ECS NDJSON: the nested ECS fields, then
/// `raw` (the record unchanged) and `location`.
package struct EventWriter: Sendable {
    /// Creates the writer.
    package init() {}

    /// One event as one line (with its newline).
    /// - Parameter event: the event.
    /// - Returns: the line's bytes.
    package func line(_ event: Event) -> [UInt8] {
        var w = JSONTextWriter()
        write(event, into: &w)
        w.appendRaw(0x0A)
        return w.take()
    }

    /// Writes the event object.
    package func write(_ event: Event, into w: inout JSONTextWriter) {
        w.beginObject()
        if case .object(let members) = ECSObject.of(event).value {
            for member in members { w.member(member.key, member.value) }
        }
        if let service = event.service {
            w.member("loghunt", .object([JSONMember(key: "service", value: .string(service))]))
        }
        w.key("raw")
        RawRecord.write(event.raw, into: &w)
        w.member("location", FindingEncoder.location(event.location))
        w.endObject()
    }
}
