import LogHuntCore

/// Writes `loghunt stats` as a table (for a terminal) or JSON.
package struct StatsWriter: Sendable {
    /// How many values per dimension.
    package var top: Int
    /// Terminal width for the table (nil: no fitting).
    package var width: Int?

    /// Creates a writer.
    package init(top: Int = 5, width: Int? = nil) {
        self.top = top
        self.width = width
    }

    /// `{"events": N, "groups": [{"provider", "day", "events", "actions": [{"value", "count"}], …,
    /// "distinct": {…}}]}`.
    package func json(_ stats: StatsAccumulator, indent: Int? = 2) -> [UInt8] {
        var groups: [JSONValue] = []
        for (key, g) in stats.sortedGroups {
            var members: [JSONMember] = [
                JSONMember(key: "provider", value: .string(key.provider)),
                JSONMember(key: "day", value: .string(key.day)),
                JSONMember(key: "events", value: .int(g.events)),
            ]
            var distinct: [JSONMember] = []
            for d in StatsAccumulator.Dimension.allCases {
                let c = g.counters[d] ?? StatsAccumulator.Counter()
                members.append(
                    JSONMember(
                        key: d.rawValue,
                        value: .array(
                            c.top(top).map {
                                .object([
                                    JSONMember(key: "value", value: .string($0.value)),
                                    JSONMember(key: "count", value: .int($0.count)),
                                ])
                            })))
                distinct.append(JSONMember(key: d.rawValue, value: .int(c.counts.count)))
            }
            members.append(JSONMember(key: "distinct", value: .object(distinct)))
            groups.append(.object(members))
        }
        var w = JSONTextWriter(indent: indent)
        w.value(
            .object([
                JSONMember(key: "events", value: .int(stats.events)), JSONMember(key: "groups", value: .array(groups)),
            ]))
        w.appendRaw(0x0A)
        return w.take()
    }

    /// One block per provider-day: a heading line, then one line per dimension with its top
    /// values. Log-borne values are escaped; lines are cut to `width`.
    package func table(_ stats: StatsAccumulator) -> [UInt8] {
        var out = ""
        for (key, g) in stats.sortedGroups {
            out += fit("\(key.provider)  \(key.day)  \(g.events.grouped) event\(g.events == 1 ? "" : "s")") + "\n"
            for d in StatsAccumulator.Dimension.allCases {
                guard let c = g.counters[d], !c.counts.isEmpty else { continue }
                let values = c.top(top).map { TerminalText.escape($0.value) + " " + $0.count.grouped }
                var text = "  " + TerminalText.pad(d.rawValue, to: 12) + values.joined(separator: ", ")
                if c.counts.count > top { text += ", … (\(c.counts.count.grouped) distinct)" }
                out += fit(text) + "\n"
            }
        }
        return Array(out.utf8)
    }

    private func fit(_ s: String) -> String {
        guard let width else { return s }
        return TerminalText.truncate(s, to: width)
    }
}
