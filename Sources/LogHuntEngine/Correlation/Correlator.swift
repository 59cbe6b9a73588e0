import LogHuntCore
import LogHuntNormalize

/// All cross-event state of a hunt: Sigma correlations (`event_count`, `value_count`,
/// `temporal`, `temporal_ordered`, `value_sum`, `value_avg`, `value_percentile`, chained) and
/// `new_value` first-seen baselines.
///
/// A single owner (the facade's merge step) feeds it every base-rule match with
/// `ingest(_:event:)`, in any order; it keeps only small records (time, location, interned
/// group and value) and, for `new_value`, the earliest occurrence per key. `finish()` sorts
/// and evaluates everything, so results never depend on the order records were read in.
package final class Correlator {
    /// Per-correlation working data.
    private struct Working {
        var groups = GroupTable()
        /// Value key → value id (ids are positions: 0, 1, 2, … in the order values were seen).
        var valueIDs = ByteKeyIndex()
        /// `valueIDs` inverted: the key of each value id.
        var valueKeys: [String] = []
        var records: [CorrelationRecord] = []
        /// Sorted runs of records written to disk (`CorrelationSpill`).
        var runs: [SpillRun] = []
        var newValue: NewValue?
        var withoutTime = 0
        var withoutField = 0
        var limitReached = false

        /// The id of value `key`, made when new and there is room (else `limitReached`).
        mutating func valueID(_ key: String, limit: Int) -> Int? {
            if let id = valueIDs.position(of: key) { return id }
            guard valueIDs.count < limit else {
                limitReached = true
                return nil
            }
            valueKeys.append(key)
            return valueIDs.insert(key)
        }
    }

    private let specs: [CorrelationSpec]
    private let limits: Limits
    private let initialState: CorrelationState
    private var working: [Working]
    /// By base rule index (an array: no hashing per match): (correlation, position in its `sources`).
    private var routes: [[(spec: Int, source: Int)]] = []
    /// Correlation → the correlations that consume its findings (and at which position).
    private var consumers: [[(spec: Int, source: Int)]]
    /// Correlations in dependency order (inner before outer); cyclic ones are left out.
    private var order: [Int] = []
    /// Whether a correlation's findings are reported (not only referenced with `generate: false`).
    private var reported: [Bool]
    private var setupDiagnostics: [Diagnostic] = []
    private var result: CorrelationResult?
    /// Where records go past `spillAfter` per correlation (made on first use).
    private var spillFile: SpillFile?
    private var spillUnavailable = false
    /// No spilling once `finish()` runs (chained records carry `related`, which runs omit).
    private var finishing = false
    /// The `new_value` fast path's key bytes (reused: one correlator per worker).
    private var keyScratch = KeyBytes()
    /// Whether `new_value` occurrences of known keys take the fast path (tests turn it off to
    /// compare it with the general path).
    package var knownKeyFastPath = true
    /// Records of one windowed correlation kept in memory before they are written out as a
    /// sorted run (~12 MB at the default).
    package var spillAfter = 1 << 17

    /// Records written out to runs so far (all correlations).
    package var spilledRecords: Int { working.reduce(0) { $0 + $1.runs.reduce(0) { $0 + $1.count } } }
    /// Per correlation and listed rule: its group-by and value fields through the rule's
    /// `aliases`, parsed once.
    private let prepared: [[(groupBy: [FieldLookup], values: [FieldLookup])]]

    /// The ECS fields the correlations read from events (group-by and value fields).
    package var ecsFieldsRead: ECSFieldSet { ecsFieldsRead { _ in true } }

    /// The ECS fields the correlations read from the events of the base rules `includes`
    /// accepts (by rule index); a source that is another correlation reads its fields from
    /// whatever events that one took, so it always counts.
    /// - Parameter includes: whether a base rule's events are of interest.
    /// - Returns: the fields.
    package func ecsFieldsRead(fromRules includes: (Int) -> Bool) -> ECSFieldSet {
        var out = ECSFieldSet.none
        for (s, sources) in prepared.enumerated() {
            for (p, fields) in sources.enumerated() {
                if case .rule(let r) = specs[s].sources[p].reference, !includes(r) { continue }
                for f in fields.groupBy + fields.values { if let ecs = f.ecs { out.insert(ecs) } }
            }
        }
        return out
    }

    /// Base rules whose standalone findings the engine should drop (referenced only by
    /// correlations with `generate: false`); their matches must still be ingested.
    package let suppressedBaseRules: Set<Int>

    deinit { keyScratch.deallocate() }

    /// Creates a correlator.
    /// - Parameters:
    ///   - specs: every correlation rule of the rule set (chained ones refer to each other by
    ///     id or name).
    ///   - state: first-seen baselines remembered from earlier runs (`--state`).
    ///   - limits: `maxCorrelationKeys` (per rule) and `maxRelated`.
    package init(specs: [CorrelationSpec], state: CorrelationState = CorrelationState(), limits: Limits = Limits()) {
        self.specs = specs
        self.limits = limits
        self.initialState = state
        self.working = Array(repeating: Working(), count: specs.count)
        self.consumers = Array(repeating: [], count: specs.count)
        self.reported = Array(repeating: true, count: specs.count)
        self.suppressedBaseRules = CorrelationSpec.suppressedBaseRules(specs)
        self.prepared = specs.map { spec in
            spec.sources.map { source in
                (
                    spec.groupBy.map { FieldLookup(source.resolve($0)) },
                    spec.valueFields.map { FieldLookup(source.resolve($0)) }
                )
            }
        }

        var byRule: [Int: [(spec: Int, source: Int)]] = [:]
        var inner: [[Int]] = Array(repeating: [], count: specs.count)
        var referencedBy: [[Int]] = Array(repeating: [], count: specs.count)
        for (s, spec) in specs.enumerated() {
            for (p, source) in spec.sources.enumerated() {
                switch source.reference {
                case .rule(let index):
                    byRule[index, default: []].append((s, p))
                case .correlation(let name):
                    guard let j = specs.firstIndex(where: { $0.isNamed(name) }) else {
                        setupDiagnostics.append(warning(spec, "refers to an unknown rule '\(name)'"))
                        continue
                    }
                    inner[s].append(j)
                    referencedBy[j].append(s)
                    consumers[j].append((s, p))
                }
            }
        }
        for j in specs.indices where !referencedBy[j].isEmpty {
            reported[j] = referencedBy[j].contains { specs[$0].generate }
        }
        // Kahn's algorithm: inner correlations first; whatever remains is in or behind a cycle.
        var pending = inner.map { Set($0).count }
        var ready = specs.indices.filter { pending[$0] == 0 }
        var done = Set<Int>()
        while let s = ready.first {
            ready.removeFirst()
            order.append(s)
            done.insert(s)
            for outer in Set(referencedBy[s]) {
                pending[outer] -= 1
                if pending[outer] == 0 { ready.append(outer) }
            }
        }
        for s in specs.indices where !done.contains(s) {
            setupDiagnostics.append(warning(specs[s], "is part of a cycle of correlation references and was left out"))
            byRule = byRule.mapValues { $0.filter { $0.spec != s } }
        }
        routes = Array(repeating: [], count: (byRule.keys.max() ?? -1) + 1)
        for (rule, targets) in byRule { routes[rule] = targets }
        for (s, spec) in specs.enumerated() where spec.type == .newValue {
            var remembered = state.rules[spec.stateKey]
            if let r = remembered, !r.fits(groupBy: spec.groupBy, fields: spec.valueFields) {
                setupDiagnostics.append(
                    warning(spec, "has other group-by or value fields than its saved state; its baseline starts again"))
                remembered = nil
            }
            working[s].newValue = NewValue(spec: spec, remembered: remembered, limit: limits.maxCorrelationKeys)
        }
    }

    /// Takes one base-rule match. Only the fields the correlations need are read from
    /// `event` (group-by and value fields, through each rule's `aliases`); the event itself is
    /// kept only as the first occurrence of a key that may be reported as a new value.
    /// - Parameters:
    ///   - match: the match (rule index, time, location).
    ///   - event: the event it matched.
    ///   - paths: the worker's root-path memo, on for `event` (`DetectionEngine.evaluate`'s
    ///     `keepingPaths`), so that paths the rules looked up are not looked up again.
    package func ingest(_ match: Match, event: Event, paths: RootPathMemo? = nil) {
        guard match.rule >= 0, match.rule < routes.count else { return }
        let targets = routes[match.rule]
        for (s, p) in targets {
            if knownKeyFastPath, let time = match.timestamp ?? event.timestamp {
                switch specs[s].type {
                case .newValue:
                    if knownNewValue(s, p, time: time, location: match.location, event: event, paths) { continue }
                case .valueCount, .eventCount, .temporal, .temporalOrdered:
                    if knownWindowed(s, p, time: time, location: match.location, event: event, paths) { continue }
                case .valueSum, .valueAvg, .valuePercentile:
                    break
                }
            }
            accept(
                spec: s, source: p, time: match.timestamp ?? event.timestamp, location: match.location,
                event: event, related: []
            ) { Self.values(of: $0, in: event) }
        }
    }

    /// The `new_value` fast path: builds the occurrence's key from the event's bytes into
    /// `keyScratch` (ASCII folded in place, no group or value arrays) and lets the tracker
    /// settle it when the key is already known and not earlier. False, with nothing changed,
    /// whenever the slow path could differ: a field with no value, several values for a value
    /// field, non-ASCII text, an alias or array fan-out, a `--state` baseline.
    private func knownNewValue(
        _ s: Int, _ p: Int, time: Timestamp, location: SourceLocation, event: Event, _ paths: RootPathMemo?
    ) -> Bool {
        guard working[s].newValue != nil else { return false }
        let fields = prepared[s][p]
        guard assembleGroupKey(fields.groupBy, event, paths) else { return false }
        keyScratch.append(0x1E)
        for (i, field) in fields.values.enumerated() {
            if i > 0 { keyScratch.append(0x1F) }
            guard appendSingleFolded(field, event, paths, first: false) else { return false }
        }
        return keyScratch.withUnsafeBytes { key in
            working[s].newValue?.noteKnown(key: key, time: time, location: location) ?? false
        }
    }

    /// The windowed correlations' fast path (`event_count`, `value_count`, `temporal`,
    /// `temporal_ordered`): builds the group key, and for `value_count` the value key, from the
    /// event's bytes into `keyScratch` and appends the record when the group and the value are
    /// already known and the group's spelling stays (this occurrence is not earlier than the
    /// one it was taken from). That is exactly the record `accept` appends then, without its
    /// group, value and tuple arrays or a `String` per key. False, with nothing changed, in
    /// every other case (as `knownNewValue`), and the caller goes through `accept`.
    private func knownWindowed(
        _ s: Int, _ p: Int, time: Timestamp, location: SourceLocation, event: Event, _ paths: RootPathMemo?
    ) -> Bool {
        let counted = specs[s].type == .valueCount
        let limit = limits.maxCorrelationKeys
        guard working[s].records.count < limit else { return false }
        let fields = prepared[s][p]
        guard !counted || fields.values.count == 1 else { return false }
        guard assembleGroupKey(fields.groupBy, event, paths) else { return false }
        guard let gid = keyScratch.withUnsafeBytes({ working[s].groups.id(ofKey: $0) }),
            !working[s].groups.isBefore(time, location, representativeOf: gid)
        else { return false }
        var vid = -1
        if counted {
            keyScratch.removeAll()
            guard appendSingleFolded(fields.values[0], event, paths, first: false),
                let id = keyScratch.withUnsafeBytes({ working[s].valueIDs.position(of: $0) })
            else { return false }
            vid = id
        }
        working[s].records.append(
            CorrelationRecord(
                time: time, location: location, source: p, group: gid, value: vid, extraValues: [], number: .nan,
                related: []))
        if !finishing, working[s].records.count >= spillAfter { spill(s) }
        return true
    }

    /// Replaces `keyScratch` with the group key of `event` (`GroupTable.key(_:)` of the fields'
    /// first values), from the event's bytes; false when only the general path can tell.
    private func assembleGroupKey(_ groupBy: [FieldLookup], _ event: Event, _ paths: RootPathMemo?) -> Bool {
        keyScratch.removeAll()
        for (i, field) in groupBy.enumerated() {
            if i > 0 { keyScratch.append(0x1F) }
            guard appendSingleFolded(field, event, paths, first: true) else { return false }
        }
        return true
    }

    /// Appends the ASCII-folded bytes of `field`'s value on `event` to `keyScratch`, the same
    /// text `values(of:in:)` gives (its first value with `first`, its only one otherwise).
    /// False when that cannot be told without the slow path.
    private func appendSingleFolded(_ field: FieldLookup, _ event: Event, _ paths: RootPathMemo?, first: Bool) -> Bool {
        if let ecs = field.ecs {
            guard ecs != .timestamp, ecs != .provider, var text = event.fields[ecs] else { return false }
            return text.withUTF8 { appendFolded(UnsafeRawBufferPointer($0)) }
        }
        let doc = event.raw
        if let path = field.rootPath, case .some(let hit) = paths?.node(at: path, in: event) ?? event.node(at: path) {
            // One root key, or two through an object: the one node `event.visit` would reach,
            // without its walk.
            guard let node = hit else { return false }
            return appendFolded(scalar: node, doc)
        }
        var scalar = -1
        var scalars = 0
        event.visit(field.path, caseInsensitive: event.provider == .azure || event.provider == .entra) { node in
            switch doc.kind(node) {
            case .string, .number, .true, .false:
                if scalar < 0 { scalar = node }
                scalars += 1
            case .null, .array, .object:
                break
            }
            return !(first && scalars > 0) && scalars < 2
        }
        guard scalar >= 0, first || scalars == 1 else { return false }
        return appendFolded(scalar: scalar, doc)
    }

    /// Appends the folded text of scalar node `node` (`appendSingleFolded`'s last step); false
    /// for a null or a container.
    @inline(__always)
    private func appendFolded(scalar node: Int, _ doc: JSONDocument) -> Bool {
        switch doc.kind(node) {
        case .string: return doc.withStringBytes(node) { appendFolded($0) }
        case .number: return doc.rawBytes(node).withUnsafeBytes { appendFolded($0) }
        case .true: return appendFolded(text: "true")
        case .false: return appendFolded(text: "false")
        case .null, .array, .object: return false
        }
    }

    private func appendFolded(text: StaticString) -> Bool {
        text.withUTF8Buffer { appendFolded(UnsafeRawBufferPointer($0)) }
    }

    /// Appends `bytes` lower-cased (ASCII); false on a non-ASCII byte (`foldedKey` would use
    /// Unicode case folding there).
    private func appendFolded(_ bytes: UnsafeRawBufferPointer) -> Bool {
        // Copied and folded in one pass in C; on a non-ASCII byte the caller drops the key.
        keyScratch.appendFolded(bytes)
    }

    /// Folds in what another correlator of the same rules ingested, so that every worker can
    /// feed a correlator of its own without a lock and one of them evaluates everything in
    /// `finish()`. Groups and values are re-interned here; per key the earliest occurrence
    /// wins, so the result is the same as if this correlator had ingested every match.
    /// - Parameter other: a correlator made with the same specs, state and limits, not yet
    ///   finished; it is left empty.
    package func absorb(_ other: Correlator) {
        precondition(other.specs.count == specs.count, "absorbing a correlator of other rules")
        let limit = limits.maxCorrelationKeys
        for s in specs.indices {
            let theirs = other.working[s]
            // `other` gives its data up: the records are not kept twice.
            other.working[s] = Working()
            working[s].withoutTime += theirs.withoutTime
            working[s].withoutField += theirs.withoutField
            working[s].limitReached = working[s].limitReached || theirs.limitReached
            if let tracker = theirs.newValue { working[s].newValue?.absorb(tracker) }
            if working[s].records.isEmpty && working[s].groups.count == 0 && working[s].valueIDs.count == 0 {
                // Nothing here yet: take theirs as they are (their tables become these, so
                // their runs' ids stay right; runs keep their file open).
                working[s].runs += theirs.runs
                working[s].records = theirs.records
                working[s].groups = theirs.groups
                working[s].valueIDs = theirs.valueIDs
                working[s].valueKeys = theirs.valueKeys
                continue
            }
            // Their runs keep their ids, so they take their tables along.
            if theirs.runs.contains(where: { $0.tables == nil }) {
                let tables = SpillTables(
                    groupKeys: theirs.groups.values.map(GroupTable.key), groupParts: theirs.groups.values,
                    valueKeys: theirs.valueKeys)
                for var run in theirs.runs {
                    if run.tables == nil { run.tables = tables }
                    working[s].runs.append(run)
                }
            } else {
                working[s].runs += theirs.runs
            }
            guard !theirs.records.isEmpty || theirs.groups.count > 0 else { continue }
            var groupIDs: [Int?] = []
            groupIDs.reserveCapacity(theirs.groups.count)
            for id in 0..<theirs.groups.count {
                let (time, location) = theirs.groups.representative(of: id)
                groupIDs.append(
                    working[s].groups.intern(theirs.groups.values[id], time: time, location: location, limit: limit))
            }
            var valueIDs = Array(repeating: -1, count: theirs.valueIDs.count)
            for (id, key) in theirs.valueKeys.enumerated() {
                if let mine = working[s].valueID(key, limit: limit) { valueIDs[id] = mine }
            }
            working[s].records.reserveCapacity(working[s].records.count + theirs.records.count)
            for var r in theirs.records {
                guard working[s].records.count < limit, let gid = groupIDs[r.group] else {
                    working[s].limitReached = true
                    continue
                }
                r.group = gid
                if r.value >= 0 {
                    var ids = ([r.value] + r.extraValues).map { valueIDs[$0] }.filter { $0 >= 0 }
                    if ids.isEmpty { continue }
                    r.value = ids.removeFirst()
                    r.extraValues = ids
                }
                working[s].records.append(r)
                if working[s].records.count >= spillAfter { spill(s) }
            }
        }
    }

    /// `Event.fieldValues`, with a field that ends in an array of scalars fanned out into its
    /// elements (Elastic new-terms: one value per element).
    private static func values(of field: FieldLookup, in event: Event) -> [String] {
        let direct = event.fieldValues(field)
        guard direct.isEmpty, field.ecs == nil else { return direct }
        let doc = event.raw
        let ci = event.provider == .azure || event.provider == .entra
        var out: [String] = []
        for node in field.path.resolve(in: doc, caseInsensitive: ci) where doc.kind(node) == .array {
            for e in doc.elements(node) {
                if let text = doc.scalarText(e) { out.append(text) }
            }
        }
        return out
    }

    /// Evaluates every correlation and returns the findings, diagnostics and updated state.
    /// Calling it again returns the same result.
    /// - Returns: the result.
    package func finish() -> CorrelationResult {
        if let result { return result }
        finishing = true
        var findings: [[Finding]] = Array(repeating: [], count: specs.count)
        var state = initialState
        for s in order {
            let spec = specs[s]
            if spec.type == .newValue {
                findings[s] = newValueFindings(s)
                if let tracker = working[s].newValue { state.rules[spec.stateKey] = tracker.updatedBaseline(spec) }
            } else {
                findings[s] = windowFindings(s)
            }
            for (outer, p) in consumers[s] {
                for f in findings[s] {
                    let group = f.correlation?.group ?? []
                    accept(
                        spec: outer, source: p, time: f.timestamp, location: f.location, event: nil,
                        related: f.related.isEmpty ? [f.location] : f.related
                    ) { field in
                        let name = field.name
                        let hit =
                            group.first { $0.key == name } ?? group.first { $0.key.lowercased() == name.lowercased() }
                        return hit?.value.stringValue.map { [$0] } ?? []
                    }
                }
            }
        }
        var reportedFindings: [Finding] = []
        for s in order where reported[s] { reportedFindings.append(contentsOf: findings[s]) }
        reportedFindings.sort { a, b in
            if Finding.reportOrder(a, b) { return true }
            if Finding.reportOrder(b, a) { return false }
            return Self.groupText(a) < Self.groupText(b)
        }
        var diagnostics = setupDiagnostics
        for (s, spec) in specs.enumerated() {
            let w = working[s]
            if w.limitReached || (w.newValue?.limitReached ?? false) {
                diagnostics.append(
                    Diagnostic(
                        .warning, .stateLimit, file: spec.rule.file.isEmpty ? nil : spec.rule.file,
                        message: "correlation rule \(spec.stateKey) reached the limit of \(limits.maxCorrelationKeys) "
                            + "keys; later new keys were not tracked"))
            }
            if w.withoutTime > 0 {
                diagnostics.append(warning(spec, "left out \(w.withoutTime) matches without a timestamp"))
            }
            if w.withoutField > 0 {
                diagnostics.append(
                    warning(spec, "left out \(w.withoutField) matches without a group-by or value field"))
            }
        }
        let done = CorrelationResult(findings: reportedFindings, diagnostics: diagnostics, state: state)
        result = done
        return done
    }

    // MARK: Ingest

    /// Reduces one match (of an event, or a chained correlation's finding) to a record.
    private func accept(
        spec s: Int, source p: Int, time: Timestamp?, location: SourceLocation, event: Event?,
        related: [SourceLocation], lookup: (FieldLookup) -> [String]
    ) {
        // The type only: copying the whole spec per match showed in profiles.
        let type = specs[s].type
        guard let time else {
            working[s].withoutTime += 1
            return
        }
        let fields = prepared[s][p]
        var group: [String] = []
        group.reserveCapacity(fields.groupBy.count)
        for field in fields.groupBy {
            guard let v = lookup(field).first else {
                working[s].withoutField += 1
                return
            }
            group.append(v)
        }
        let needsValues: Bool
        let needsNumber: Bool
        switch type {
        case .newValue, .valueCount, .valuePercentile(nil): (needsValues, needsNumber) = (true, false)
        case .valueSum, .valueAvg, .valuePercentile(.some): (needsValues, needsNumber) = (false, true)
        case .eventCount, .temporal, .temporalOrdered: (needsValues, needsNumber) = (false, false)
        }
        var tuples: [[String]] = []
        if needsValues {
            guard let t = Self.tuples(fields.values.map { lookup($0) }) else {
                working[s].withoutField += 1
                return
            }
            tuples = t
        }
        if type == .newValue {
            working[s].newValue?.note(time: time, location: location, group: group, values: tuples, event: event)
            return
        }
        var number = Double.nan
        if needsNumber {
            let candidates = fields.values.first.map { lookup($0) } ?? []
            guard
                let n = candidates.lazy.compactMap({ Double($0.trimmingCharacters(in: " ")) }).first(where: {
                    $0.isFinite
                })
            else {
                working[s].withoutField += 1
                return
            }
            number = n
        }
        let limit = limits.maxCorrelationKeys
        guard working[s].records.count < limit,
            let gid = working[s].groups.intern(group, time: time, location: location, limit: limit)
        else {
            working[s].limitReached = true
            return
        }
        var ids: [Int] = []
        for tuple in tuples {
            let key = GroupTable.key(tuple)
            if let id = working[s].valueID(key, limit: limit) { ids.append(id) }
        }
        if needsValues, ids.isEmpty { return }
        working[s].records.append(
            CorrelationRecord(
                time: time, location: location, source: p, group: gid, value: ids.first ?? -1,
                extraValues: Array(ids.dropFirst()), number: number, related: related))
        if !finishing, working[s].records.count >= spillAfter { spill(s) }
    }

    /// Every combination of the fields' values (arrays fan out), at most 64; nil when a field
    /// has no value.
    private static func tuples(_ perField: [[String]]) -> [[String]]? {
        if perField.allSatisfy({ $0.count == 1 }) { return [perField.map { $0[0] }] }
        var out: [[String]] = [[]]
        for values in perField {
            guard !values.isEmpty else { return nil }
            var seen = Set<String>()
            let distinct = values.filter { seen.insert($0.foldedKey).inserted }
            var next: [[String]] = []
            for prefix in out {
                for v in distinct where next.count < 64 { next.append(prefix + [v]) }
            }
            out = next
        }
        return out
    }

    // MARK: Evaluation

    private func windowFindings(_ s: Int) -> [Finding] {
        if !working[s].runs.isEmpty { return spilledWindowFindings(s) }
        let spec = specs[s]
        // The working copy is released as soon as the sorted one exists (peak: two arrays,
        // not three), and duplicates are squeezed out in place.
        var records = CorrelationRecord.sorted(working[s].records)
        working[s].records = []
        Self.dropRepeats(&records, spec)
        var out: [Finding] = []
        // One `value_count` window for every group (it drains to empty after each).
        var counts = ValueCount(spec: spec)
        var lo = 0
        while lo < records.count {
            var hi = lo + 1
            while hi < records.count, records[hi].group == records[lo].group { hi += 1 }
            out += groupFindings(spec, s, records, lo..<hi, counts: &counts)
            lo = hi
        }
        return out
    }

    /// An event matched by several listed rules counts once (except for the temporal types,
    /// where each listed rule is a separate record). `records` are sorted.
    private static func dropRepeats(_ records: inout [CorrelationRecord], _ spec: CorrelationSpec) {
        guard spec.type != .temporal, spec.type != .temporalOrdered, !records.isEmpty else { return }
        // In place: a copy of a record retains its arrays and file name.
        let w = records.withUnsafeMutableBufferPointer { records -> Int in
            var w = 0
            for k in records.indices {
                if k > 0, records[w - 1].group == records[k].group, records[w - 1].time == records[k].time,
                    records[w - 1].location == records[k].location
                {
                    continue
                }
                if w != k { records.swapAt(w, k) }
                w += 1
            }
            return w
        }
        records.removeLast(records.count - w)
    }

    /// The findings of one group's records (`range` of sorted `records`).
    private func groupFindings(
        _ spec: CorrelationSpec, _ s: Int, _ records: [CorrelationRecord], _ range: Range<Int>,
        counts: inout ValueCount
    ) -> [Finding] {
        let episodes: [Episode]
        switch spec.type {
        case .eventCount: episodes = SlidingWindow.episodes(records, range, spec: spec, aggregate: EventCount.self)
        case .valueCount: episodes = SlidingWindow.episodes(records, range, spec: spec, window: &counts)
        case .temporal: episodes = SlidingWindow.episodes(records, range, spec: spec, aggregate: Temporal.self)
        case .temporalOrdered:
            episodes = SlidingWindow.episodes(records, range, spec: spec, aggregate: TemporalOrdered.self)
        case .valueSum, .valueAvg, .valuePercentile:
            episodes = SlidingWindow.episodes(records, range, spec: spec, aggregate: ValueMetric.self)
        case .newValue: episodes = []
        }
        return episodes.map { finding(spec, s, records, $0) }
    }

    // MARK: Spilling

    /// The case-folded key of every group of correlation `s`, by group id.
    private func groupKeys(_ s: Int) -> [String] { working[s].groups.values.map(GroupTable.key) }

    /// The in-memory records of correlation `s` in merge order (group key, time, location,
    /// listed rule), as indices. Sorts integer keys (group rank, time, position) and looks at
    /// the records themselves only on ties: comparing whole records copied each of them
    /// (a file name and two arrays) twice per comparison.
    /// - Parameter keys: `groupKeys(s)`.
    private func mergeOrder(_ s: Int, keys: [String]) -> [Int] {
        var rank = Array(repeating: 0, count: keys.count)
        for (position, id) in keys.indices.sorted(by: { keys[$0] < keys[$1] }).enumerated() { rank[id] = position }
        return working[s].records.withUnsafeBufferPointer { records in
            var order = records.indices.map {
                MergeKey(rank: rank[records[$0].group], time: records[$0].time.nanoseconds, index: $0)
            }
            order.sort { a, b in
                if a.rank != b.rank { return a.rank < b.rank }
                if a.time != b.time { return a.time < b.time }
                if records[a.index].location != records[b.index].location {
                    return records[a.index].location < records[b.index].location
                }
                return records[a.index].source < records[b.index].source
            }
            return order.map(\.index)
        }
    }

    /// In-memory record `i` of correlation `s` as spilled (ids of the correlator's tables).
    private func spilledRecord(_ s: Int, _ i: Int) -> SpilledRecord {
        let r = working[s].records[i]
        return SpilledRecord(
            group: r.group, time: r.time, location: r.location, source: r.source, value: r.value,
            extraValues: r.extraValues, number: r.number)
    }

    /// Writes correlation `s`'s in-memory records out as one sorted run, streaming through a
    /// 1 MiB buffer (they stay in memory when no temporary file can be written).
    private func spill(_ s: Int) {
        guard !spillUnavailable, !working[s].records.isEmpty else { return }
        if spillFile == nil { spillFile = SpillFile() }
        guard let file = spillFile else {
            spillUnavailable = true
            return
        }
        let start = file.size
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)
        let keys = groupKeys(s)
        let order = mergeOrder(s, keys: keys)
        for i in order {
            spilledRecord(s, i).encode(into: &bytes)
            if bytes.count >= 1 << 20 || i == order.last {
                guard file.append(bytes) != nil else {
                    spillUnavailable = true
                    return
                }
                bytes.removeAll(keepingCapacity: true)
            }
        }
        working[s].runs.append(SpillRun(file: file, bytes: start..<file.size, count: order.count, tables: nil))
        working[s].records.removeAll(keepingCapacity: true)
    }

    /// `windowFindings` over spilled runs plus the records still in memory: a k-way merge in
    /// (group key, time, location, listed rule) order, evaluated one group at a time.
    private func spilledWindowFindings(_ s: Int) -> [Finding] {
        switch specs[s].type {
        case .eventCount: return spilledWindowFindings(s, EventCount.self)
        case .valueCount: return spilledWindowFindings(s, ValueCount.self)
        case .temporal: return spilledWindowFindings(s, Temporal.self)
        case .temporalOrdered: return spilledWindowFindings(s, TemporalOrdered.self)
        case .valueSum, .valueAvg, .valuePercentile: return spilledWindowFindings(s, ValueMetric.self)
        case .newValue: return []
        }
    }

    private func spilledWindowFindings<A: WindowAggregate>(_ s: Int, _: A.Type) -> [Finding] {
        let spec = specs[s]
        // Keys of the groups the in-memory records use (interning below only adds groups).
        let memoryKeys = groupKeys(s)
        let own = SpillTables(
            groupKeys: memoryKeys, groupParts: working[s].groups.values, valueKeys: working[s].valueKeys)
        let tables = working[s].runs.map { $0.tables ?? own } + [own]
        let readers = zip(working[s].runs, tables).map { SpillRunReader($0, tables: $1) }
        working[s].runs = []
        let memoryOrder = mergeOrder(s, keys: memoryKeys)
        var memoryAt = 0
        var merge = SpillMerge(readers: readers, tables: tables) {
            guard memoryAt < memoryOrder.count else { return nil }
            defer { memoryAt += 1 }
            return self.spilledRecord(s, memoryOrder[memoryAt])
        }

        let limit = limits.maxCorrelationKeys
        var out: [Finding] = []
        // One group at a time, streamed: only the current window's records are held.
        var window = StreamingWindow<A>(spec: spec, maxRelated: limits.maxRelated)
        var currentRank = -1
        var last: CorrelationRecord?
        let countsRepeats = spec.type == .temporal || spec.type == .temporalOrdered
        func emit(_ closed: StreamingWindow<A>.Closed?) {
            guard let c = closed else { return }
            let detail = CorrelationDetail(
                type: spec.type.name, group: members(spec, working[s].groups.values[c.completing.group]),
                value: c.value,
                windowStart: c.windowStart)
            out.append(
                Finding(
                    rule: spec.rule, timestamp: c.completing.time, location: c.completing.location, event: nil,
                    related: c.related, relatedOmitted: c.omitted, correlation: detail))
        }
        func take(_ r: CorrelationRecord) {
            // An event matched by several listed rules counts once (not for the temporal types).
            if !countsRepeats, let l = last, l.group == r.group, l.time == r.time, l.location == r.location { return }
            last = r
            emit(window.add(r))
        }
        // Per source table, its value ids' ids here, found once each (-2: not yet; -1: refused).
        var valueMap = [ObjectIdentifier: [Int]]()
        func valueID(_ local: Int, _ t: SpillTables) -> Int? {
            let key = ObjectIdentifier(t)
            if valueMap[key] == nil { valueMap[key] = Array(repeating: -2, count: t.valueKeys.count) }
            let known = valueMap[key]![local]
            if known != -2 { return known >= 0 ? known : nil }
            let id = working[s].valueID(t.valueKeys[local], limit: limit)
            valueMap[key]![local] = id ?? -1
            return id
        }
        // The group's id, interned once per group: records arrive grouped, earliest first, so
        // the first one is the representative any later one would have kept.
        var gid: Int?
        while let (r, source) = merge.next() {
            let t = tables[source]
            let rank = merge.rank(of: r, source: source)
            if rank != currentRank {
                emit(window.finish())
                if A.drainsToEmpty {
                    window.reset()
                } else {
                    window = StreamingWindow<A>(spec: spec, maxRelated: limits.maxRelated)
                }
                last = nil
                currentRank = rank
                gid = working[s].groups.intern(t.groupParts[r.group], time: r.time, location: r.location, limit: limit)
            }
            if let gid {
                // One value (the usual case) needs no id arrays.
                var first = -1
                var extra: [Int] = []
                var kept = 0
                func keep(_ local: Int) {
                    guard let id = valueID(local, t) else { return }
                    if kept == 0 { first = id } else { extra.append(id) }
                    kept += 1
                }
                let any = r.value >= 0
                if any {
                    keep(r.value)
                    for local in r.extraValues { keep(local) }
                }
                if !any || kept > 0 {
                    take(
                        CorrelationRecord(
                            time: r.time, location: r.location, source: r.source, group: gid, value: first,
                            extraValues: extra, number: r.number, related: []))
                }
            } else {
                working[s].limitReached = true
            }
        }
        emit(window.finish())
        working[s].records = []
        let lost = merge.lost
        if lost > 0 {
            setupDiagnostics.append(
                warning(spec, "lost \(lost) matches that could not be read back from its temporary file"))
        }
        return out
    }

    private func finding(_ spec: CorrelationSpec, _ s: Int, _ records: [CorrelationRecord], _ e: Episode) -> Finding {
        let completing = records[e.completing]
        var related: [SourceLocation] = []
        var omitted = 0
        let span = e.windowFirst...e.last
        if records[span].allSatisfy({ $0.related.isEmpty }) {
            // Base-rule records: one per event, except one per listed rule for the temporal
            // types, and those are adjacent (same time and location). No hashing needed.
            var previous: SourceLocation?
            for i in span where records[i].location != previous {
                previous = records[i].location
                if related.count < limits.maxRelated { related.append(records[i].location) } else { omitted += 1 }
            }
        } else {
            // Findings of chained correlations may share events.
            var seen = Set<SourceLocation>()
            for i in span {
                let r = records[i]
                for location in r.related.isEmpty ? [r.location] : r.related where seen.insert(location).inserted {
                    if related.count < limits.maxRelated { related.append(location) } else { omitted += 1 }
                }
            }
        }
        let detail = CorrelationDetail(
            type: spec.type.name, group: members(spec, working[s].groups.values[completing.group]), value: e.value,
            windowStart: records[e.windowFirst].time)
        return Finding(
            rule: spec.rule, timestamp: completing.time, location: completing.location, event: nil, related: related,
            relatedOmitted: omitted, correlation: detail)
    }

    private func newValueFindings(_ s: Int) -> [Finding] {
        let spec = specs[s]
        guard let tracker = working[s].newValue else { return [] }
        var note = "first seen"
        if let cut = tracker.cutoff(spec), cut.nanoseconds != .min {
            note += " after the baseline (events before \(cut))"
        }
        return tracker.newEntries(spec).map { item in
            Finding(
                rule: spec.rule, timestamp: item.entry.time, location: item.entry.location,
                event: item.entry.event?.restored(),
                correlation: CorrelationDetail(
                    type: spec.type.name, group: members(spec, item.entry.group),
                    newValue: item.entry.value.joined(separator: "|")),
                notes: [note])
        }
    }

    private func members(_ spec: CorrelationSpec, _ values: [String]) -> [JSONMember] {
        zip(spec.groupBy, values).map { JSONMember(key: $0, value: .string($1)) }
    }

    private static func groupText(_ f: Finding) -> String {
        (f.correlation?.group.map { $0.value.stringValue ?? "" } ?? []).joined(separator: "\u{1F}")
            + "\u{1E}" + (f.correlation?.newValue ?? "")
    }

    private func warning(_ spec: CorrelationSpec, _ what: String) -> Diagnostic {
        Diagnostic(
            .warning, .other, file: spec.rule.file.isEmpty ? nil : spec.rule.file,
            message: "correlation rule \(spec.stateKey) \(what)")
    }
}

/// The integer part of a record's merge-order key, with its position.
private struct MergeKey {
    var rank: Int
    var time: Int64
    var index: Int
}
