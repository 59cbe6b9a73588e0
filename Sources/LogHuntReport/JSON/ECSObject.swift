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

    /// The object built so far.
    package var value: JSONValue { .object(members) }

    /// True when nothing was set.
    package var isEmpty: Bool { members.isEmpty }

    private static func insert(_ path: ArraySlice<String>, _ value: JSONValue, into members: inout [JSONMember]) {
        guard let head = path.first else { return }
        let rest = path.dropFirst()
        let existing = members.firstIndex { $0.key == head }
        if rest.isEmpty {
            if let existing {
                // A scalar and an object under one name (`a` and `a.b`): keep both, the scalar
                // as `a.value`-style would invent a field, so the later one wins as a sibling key.
                if case .object = members[existing].value { return }
                members[existing].value = value
            } else {
                members.append(JSONMember(key: head, value: value))
            }
            return
        }
        var child: [JSONMember] = []
        if let existing, case .object(let current) = members[existing].value { child = current }
        insert(rest, value, into: &child)
        if let existing {
            if case .object = members[existing].value {
                members[existing].value = .object(child)
            } else {
                // `a` is a scalar already: keep it and write the nested field with its full name.
                members.append(JSONMember(key: path.joined(separator: "."), value: value))
            }
        } else {
            members.append(JSONMember(key: head, value: .object(child)))
        }
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
            o.set(field.rawValue, .string(text))
        }
        return o
    }
}
