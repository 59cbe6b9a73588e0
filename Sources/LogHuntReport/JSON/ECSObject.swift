import LogHuntCore
import LogHuntNormalize

/// Builds nested JSON objects from dotted field names, the ECS way:
/// `user.name` and `user.id` become `{"user": {"name": …, "id": …}}`. Key order is first use.
package struct ECSObject: Sendable {
    private var members: [JSONMember] = []

    /// Creates an empty object.
    package init() {}

    /// Sets the field at a dotted name (`@timestamp` stays one key).
    /// - Parameters:
    ///   - dotted: the field name, such as `source.geo.country_iso_code`.
    ///   - value: its value.
    package mutating func set(_ dotted: String, _ value: JSONValue) {
        let parts = dotted.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        Self.insert(parts[...], value, into: &members)
    }

    /// Sets the field at an already-split path.
    /// - Parameters:
    ///   - path: the name's parts (`["source", "ip"]`).
    ///   - value: its value.
    package mutating func set(path: [String], _ value: JSONValue) {
        Self.insert(path[...], value, into: &members)
    }

    /// The split name of every ECS field, computed once.
    private static let fieldPaths: [ECSField: [String]] = Dictionary(
        uniqueKeysWithValues: ECSField.allCases.map { f in
            (f, f.rawValue.split(separator: ".", omittingEmptySubsequences: false).map(String.init))
        })

    /// The object built so far.
    package var value: JSONValue { .object(members) }

    /// True when nothing was set.
    package var isEmpty: Bool { members.isEmpty }

    /// Inserts `value` at `path`. When a name is both a value and an object (`a` and `a.b`),
    /// the later field keeps its remaining dotted name as one key (`"b.c"`) instead of
    /// overwriting the other, so no field is lost and no key repeats.
    private static func insert(_ path: ArraySlice<String>, _ value: JSONValue, into members: inout [JSONMember]) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        guard let existing = members.firstIndex(where: { $0.key == head }) else {
            members.append(JSONMember(key: head, value: rest.isEmpty ? value : nest(rest, value)))
            return
        }
        switch (rest.isEmpty, members[existing].value) {
        case (true, .object):
            members.append(JSONMember(key: path.joined(separator: "."), value: value))
        case (true, _):
            members[existing].value = value
        case (false, .object(var child)):
            insert(rest, value, into: &child)
            members[existing].value = .object(child)
        case (false, _):
            members.append(JSONMember(key: path.joined(separator: "."), value: value))
        }
    }

    private static func nest(_ path: ArraySlice<String>, _ value: JSONValue) -> JSONValue {
        var members: [JSONMember] = []
        insert(path, value, into: &members)
        return .object(members)
    }

    /// The nested ECS object of an event: `@timestamp`, `event.provider`, then every field the
    /// event has, in `ECSField` order.
    /// - Parameter event: the event.
    /// - Returns: the object.
    package static func of(_ event: Event) -> ECSObject {
        var o = ECSObject()
        if let t = event.timestamp { o.set("@timestamp", .string(t.iso8601)) }
        o.set(ECSField.provider.rawValue, .string(event.provider.rawValue))
        for (field, text) in event.fields.present where field != .timestamp && field != .provider {
            o.set(path: fieldPaths[field] ?? [field.rawValue], value(field, text))
        }
        return o
    }

    /// ECS types `source.as.number` and `source.port` as numbers; every other field is a string.
    private static func value(_ field: ECSField, _ text: String) -> JSONValue {
        switch field {
        case .asNumber, .sourcePort:
            if let n = UInt64(text) { return .int(n) }
            return .string(text)
        default:
            return .string(text)
        }
    }
}
