import LogHuntCore
import LogHuntNormalize

/// `loghunt stats`: counts per provider and UTC day, with the most frequent actions, actors,
/// source IPs, countries, credentials and targets. Accumulate per file in parallel and `merge`.
package struct StatsAccumulator: Sendable {
    /// What is counted within a group.
    package enum Dimension: String, Sendable, CaseIterable {
        case actions
        case actors
        case sourceIPs = "source_ips"
        case countries
        case credentials
        case targets

        /// The ECS field counted.
        package var field: ECSField {
            switch self {
            case .actions: .action
            case .actors: .userName
            case .sourceIPs: .sourceIP
            case .countries: .country
            case .credentials: .credentialID
            case .targets: .targetName
            }
        }
    }

    /// A provider and day (`unknown` for events without a time).
    package struct Key: Sendable, Hashable, Comparable {
        /// `event.provider`.
        package var provider: String
        /// `YYYY-MM-DD` (UTC).
        package var day: String

        package static func < (a: Key, b: Key) -> Bool { (a.provider, a.day) < (b.provider, b.day) }
    }

    /// Counts of distinct values, bounded: past `limit` distinct values new ones are only counted
    /// in `overflow`, so memory does not grow with the input.
    package struct Counter: Sendable {
        /// Count per value.
        package var counts: [String: Int] = [:]
        /// Occurrences of values not kept.
        package var overflow = 0

        /// Counts `value` (`count` times), or adds to `overflow` when `limit` distinct values are kept.
        mutating func add(_ value: String, count: Int = 1, limit: Int) {
            if counts[value] != nil || counts.count < limit {
                counts[value, default: 0] += count
            } else {
                overflow += count
            }
        }

        /// The `n` most frequent values (ties by value).
        package func top(_ n: Int) -> [(value: String, count: Int)] {
            counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(n).map {
                (value: $0.key, count: $0.value)
            }
        }
    }

    /// One provider-day.
    package struct Group: Sendable {
        /// Events in the group.
        package var events = 0
        /// Counters per dimension.
        package var counters: [Dimension: Counter] = [:]
    }

    /// Distinct values kept per counter.
    package var distinctLimit: Int
    /// The groups so far.
    package private(set) var groups: [Key: Group] = [:]
    /// Events counted.
    package private(set) var events = 0

    /// Creates an empty accumulator.
    /// - Parameter distinctLimit: distinct values kept per counter.
    package init(distinctLimit: Int = 100_000) { self.distinctLimit = distinctLimit }

    /// Counts one event.
    package mutating func add(_ event: Event) {
        let key = Key(provider: event.provider.rawValue, day: event.timestamp?.day ?? "unknown")
        var g = groups[key] ?? Group()
        g.events += 1
        for d in Dimension.allCases {
            guard let v = event.fields[d.field] else { continue }
            g.counters[d, default: Counter()].add(v, limit: distinctLimit)
        }
        groups[key] = g
        events += 1
    }

    /// Adds another accumulator's counts (from another file or task).
    package mutating func merge(_ other: StatsAccumulator) {
        for (key, og) in other.groups {
            var g = groups[key] ?? Group()
            g.events += og.events
            for (d, oc) in og.counters {
                var c = g.counters[d] ?? Counter()
                for (v, n) in oc.counts { c.add(v, count: n, limit: distinctLimit) }
                c.overflow += oc.overflow
                g.counters[d] = c
            }
            groups[key] = g
        }
        events += other.events
    }

    /// The groups sorted by provider and day.
    package var sortedGroups: [(key: Key, group: Group)] {
        groups.sorted { $0.key < $1.key }.map { (key: $0.key, group: $0.value) }
    }
}
