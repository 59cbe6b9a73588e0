import LogHuntCore
import LogHuntNormalize

/// What `trace` learned about one value in one provider: when it was first and last seen,
/// and from where, with what, doing what.
package struct TraceSummary: Sendable {
    /// Per-provider figures.
    package struct Provider: Sendable {
        package var events = 0
        package var firstSeen: Timestamp?
        package var lastSeen: Timestamp?
        package var sourceIPs: [String: Int] = [:]
        package var countries: [String: Int] = [:]
        package var userAgents: [String: Int] = [:]
        package var actions: [String: Int] = [:]
        package var fields: [String: Int] = [:]
    }

    /// Figures by provider name.
    package private(set) var providers: [String: Provider] = [:]
    /// Distinct values kept per counter (the rest are dropped, the count goes on).
    package var distinctLimit = 10_000

    /// Creates an empty summary.
    package init() {}

    /// Counts one traced event; `matchedField` is the field the value was found in.
    package mutating func add(_ event: Event, matchedField: String) {
        var p = providers[event.provider.rawValue] ?? Provider()
        p.events += 1
        if let t = event.timestamp {
            if p.firstSeen.map({ t < $0 }) ?? true { p.firstSeen = t }
            if p.lastSeen.map({ t > $0 }) ?? true { p.lastSeen = t }
        }
        func bump(_ dict: inout [String: Int], _ v: String?) {
            guard let v else { return }
            if dict[v] != nil || dict.count < distinctLimit { dict[v, default: 0] += 1 }
        }
        bump(&p.sourceIPs, event.fields[.sourceIP] ?? event.fields[.sourceAddress])
        bump(&p.countries, event.fields[.country])
        bump(&p.userAgents, event.fields[.userAgent])
        bump(&p.actions, event.fields[.action])
        bump(&p.fields, matchedField)
        providers[event.provider.rawValue] = p
    }

    /// Adds another summary's figures.
    package mutating func merge(_ other: TraceSummary) {
        for (name, o) in other.providers {
            var p = providers[name] ?? Provider()
            p.events += o.events
            if let f = o.firstSeen, p.firstSeen.map({ f < $0 }) ?? true { p.firstSeen = f }
            if let l = o.lastSeen, p.lastSeen.map({ l > $0 }) ?? true { p.lastSeen = l }
            for (k, v) in o.sourceIPs { p.sourceIPs[k, default: 0] += v }
            for (k, v) in o.countries { p.countries[k, default: 0] += v }
            for (k, v) in o.userAgents { p.userAgents[k, default: 0] += v }
            for (k, v) in o.actions { p.actions[k, default: 0] += v }
            for (k, v) in o.fields { p.fields[k, default: 0] += v }
            providers[name] = p
        }
    }

    /// The `n` most frequent keys, most frequent first (ties by name, for stable output).
    package static func top(_ dict: [String: Int], _ n: Int) -> [(String, Int)] {
        dict.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n).map {
            ($0.key, $0.value)
        }
    }
}
