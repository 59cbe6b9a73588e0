import LogHuntCore
import LogHuntIngest

/// First-seen baselines that persist between runs (`--state FILE`): for every `new_value`
/// rule, each (group, value) key and the earliest time it was seen, plus the earliest event
/// time of the rule's data (the start of a `baseline: 14d` period).
///
/// Keys are case-folded (see `key(group:value:)`). The file is JSON, versioned, written by
/// `save(to:)` atomically (temporary file in the same directory, `fsync`, `rename`) under an
/// exclusive `flock` on `FILE.lock`, merging with what another run saved meanwhile.
package struct CorrelationState: Sendable, Hashable, Codable {
    /// The state file version this build reads and writes.
    package static let version = 1
    /// The `format` marker of a loghunt state file.
    package static let formatName = "loghunt-state"

    /// What one `new_value` rule remembers.
    package struct Baseline: Sendable, Hashable, Codable {
        /// The rule's group-by fields when the baseline was built.
        package var groupBy: [String]
        /// The rule's value field(s) when the baseline was built.
        package var fields: [String]
        /// The earliest event time seen for the rule (start of a `baseline` period).
        package var earliest: Timestamp?
        /// Case-folded key (`CorrelationState.key(group:value:)`) → first time seen.
        package var firstSeen: [String: Timestamp]

        /// Creates a baseline.
        /// - Parameters:
        ///   - groupBy: group-by fields.
        ///   - fields: value fields.
        ///   - earliest: earliest event time.
        ///   - firstSeen: key → first-seen time.
        package init(
            groupBy: [String], fields: [String], earliest: Timestamp? = nil, firstSeen: [String: Timestamp] = [:]
        ) {
            self.groupBy = groupBy
            self.fields = fields
            self.earliest = earliest
            self.firstSeen = firstSeen
        }

        /// Whether this baseline was built for the same group-by and value fields.
        /// - Parameters:
        ///   - groupBy: the rule's group-by fields now.
        ///   - fields: the rule's value fields now.
        /// - Returns: true when both agree.
        package func fits(groupBy: [String], fields: [String]) -> Bool {
            self.groupBy == groupBy && self.fields == fields
        }

        /// Folds `other` in: earliest times win.
        /// - Parameter other: another baseline of the same rule.
        package mutating func merge(_ other: Baseline) {
            if let e = other.earliest { earliest = earliest.map { min($0, e) } ?? e }
            for (key, time) in other.firstSeen {
                if let mine = firstSeen[key] {
                    if time < mine { firstSeen[key] = time }
                } else {
                    firstSeen[key] = time
                }
            }
        }
    }

    /// Baselines by rule id (`CorrelationSpec.stateKey`).
    package var rules: [String: Baseline]

    /// An empty state (the first run).
    package init(rules: [String: Baseline] = [:]) { self.rules = rules }

    /// The case-folded key of a group and a (composite) value: parts joined with U+001F,
    /// group and value separated by U+001E.
    /// - Parameters:
    ///   - group: group-by values, in rule order.
    ///   - value: value-field values, in rule order.
    /// - Returns: the key.
    package static func key(group: [String], value: [String]) -> String {
        var key = ""
        key.reserveCapacity(
            group.reduce(value.count + group.count) { $0 + $1.utf8.count } + value.reduce(0) { $0 + $1.utf8.count })
        for (i, part) in group.enumerated() {
            if i > 0 { key.append("\u{1F}") }
            key.append(part.foldedKey)
        }
        key.append("\u{1E}")
        for (i, part) in value.enumerated() {
            if i > 0 { key.append("\u{1F}") }
            key.append(part.foldedKey)
        }
        return key
    }

    /// Folds `other` into this state: earliest times win, rules only in `other` are added.
    /// A rule whose fields changed takes `other`'s baseline.
    /// - Parameter other: the other state.
    package mutating func merge(_ other: CorrelationState) {
        for (id, theirs) in other.rules {
            if var mine = rules[id], mine.fits(groupBy: theirs.groupBy, fields: theirs.fields) {
                mine.merge(theirs)
                rules[id] = mine
            } else {
                rules[id] = theirs
            }
        }
    }

    // MARK: File format

    /// The state as the bytes of a state file (deterministic: rules and keys sorted).
    /// - Returns: UTF-8 JSON.
    package func encoded() -> [UInt8] {
        var out: [UInt8] = []
        func text(_ s: String) { out.append(contentsOf: s.utf8) }
        func quoted(_ s: String) { JSONEncoding.appendQuoted(s, to: &out) }
        func list(_ items: [String]) {
            out.append(0x5B)
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(0x2C) }
                quoted(item)
            }
            out.append(0x5D)
        }
        text("{\"format\":")
        quoted(Self.formatName)
        text(",\"version\":\(Self.version),\"rules\":{")
        for (r, id) in rules.keys.sorted().enumerated() {
            guard let baseline = rules[id] else { continue }
            if r > 0 { text(",") }
            text("\n")
            quoted(id)
            text(":{\"group-by\":")
            list(baseline.groupBy)
            text(",\"fields\":")
            list(baseline.fields)
            if let e = baseline.earliest { text(",\"earliest\":\(e.nanoseconds)") }
            text(",\"seen\":[")
            for (k, key) in baseline.firstSeen.keys.sorted().enumerated() {
                guard let time = baseline.firstSeen[key] else { continue }
                if k > 0 { text(",") }
                text("\n[")
                quoted(key)
                text(",\(time.nanoseconds)]")
            }
            text("]}")
        }
        text("}}\n")
        return out
    }

    /// Reads the bytes of a state file.
    /// - Parameters:
    ///   - bytes: the file's content.
    ///   - path: the file, for messages.
    /// - Returns: the state.
    /// - Throws: `CorrelationError.unsupportedStateVersion` for another version,
    ///   `.corruptState` for anything that is not a complete loghunt state file.
    package static func decode(_ bytes: [UInt8], path: String) throws(CorrelationError) -> CorrelationState {
        func corrupt(_ reason: String) -> CorrelationError { .corruptState(path: path, reason: reason) }
        guard !bytes.isEmpty else { throw corrupt("the file is empty") }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw corrupt("not UTF-8 text") }
        let doc: JSONDocument
        do {
            doc = try JSONParser.parse(bytes, maxDepth: 16)
        } catch {
            throw corrupt("not complete JSON: \(error)")
        }
        let root = doc.root
        guard doc.isObject(root), let format = doc.member(root, "format").flatMap({ doc.string($0) }),
            format == formatName
        else { throw corrupt("not a loghunt state file") }
        guard let versionNode = doc.member(root, "version"), let version = doc.number(versionNode),
            version == version.rounded(), abs(version) < 1e9
        else { throw corrupt("no version") }
        guard Int(version) == Self.version else {
            throw .unsupportedStateVersion(found: Int(version), supported: Self.version)
        }
        guard let rulesNode = doc.member(root, "rules"), doc.isObject(rulesNode) else { throw corrupt("no rules") }
        var state = CorrelationState()
        var failure: CorrelationError?
        func strings(_ node: Int?) -> [String]? {
            guard let node, doc.kind(node) == .array else { return nil }
            var out: [String] = []
            for e in doc.elements(node) {
                guard let s = doc.string(e) else { return nil }
                out.append(s)
            }
            return out
        }
        func nanoseconds(_ node: Int) -> Timestamp? {
            guard doc.kind(node) == .number else { return nil }
            return Int64(String(decoding: doc.rawBytes(node), as: UTF8.self)).map { Timestamp(nanoseconds: $0) }
        }
        doc.forEachMember(rulesNode) { keyNode, value in
            guard let id = doc.string(keyNode), doc.isObject(value),
                let groupBy = strings(doc.member(value, "group-by")), let fields = strings(doc.member(value, "fields")),
                let seen = doc.member(value, "seen"), doc.kind(seen) == .array
            else {
                failure = corrupt("a rule entry is incomplete")
                return false
            }
            var baseline = Baseline(groupBy: groupBy, fields: fields)
            if let e = doc.member(value, "earliest") {
                guard let t = nanoseconds(e) else {
                    failure = corrupt("rule \(id) has a bad earliest time")
                    return false
                }
                baseline.earliest = t
            }
            baseline.firstSeen.reserveCapacity(Int(doc.nodes[seen].count))
            for entry in doc.elements(seen) {
                let parts = doc.elements(entry)
                guard parts.count == 2, let key = doc.string(parts[0]), let time = nanoseconds(parts[1]) else {
                    failure = corrupt("rule \(id) has a bad entry")
                    return false
                }
                baseline.firstSeen[key] = time
            }
            state.rules[id] = baseline
            return true
        }
        if let failure { throw failure }
        return state
    }
}
