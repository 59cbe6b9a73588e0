import LogHuntCore
import LogHuntIngest
import LogHuntNormalize

/// An event kept for a possible `new_value` finding, without its parsed tape: only the record's
/// bytes stay (the tape's nodes are about as large again), and the tape is rebuilt for the few
/// events that are reported.
struct StoredEvent: Sendable {
    private var event: Event

    /// Keeps `event`, dropping its tape.
    /// - Parameter event: the event.
    init(_ event: Event) {
        var light = event
        light.raw = JSONDocument(bytes: event.raw.bytes, nodes: [], needsReencoding: event.raw.needsReencoding)
        // The root index points into the tape.
        light.rootMembers = []
        self.event = light
    }

    /// The event with its tape parsed again (the bytes were accepted once, so no depth limit
    /// applies; nil only if they somehow no longer parse).
    /// - Returns: the event.
    func restored() -> Event? {
        guard let doc = try? JSONParser.parse(event.raw.bytes, maxDepth: .max) else { return nil }
        var full = event
        full.raw = doc
        return full
    }
}
