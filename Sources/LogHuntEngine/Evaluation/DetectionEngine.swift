import LogHuntCore
import LogHuntNormalize

/// What the facade calls per worker: evaluates every rule an event can match and turns
/// detection matches into findings. A `Sendable` value; each worker keeps its own
/// `EvaluationScratch`.
package struct DetectionEngine: Sendable {
    /// The compiled rules.
    package let program: Program

    /// Creates an engine for a compiled rule set.
    /// - Parameter program: the rules.
    package init(program: Program) {
        self.program = program
    }

    /// Appends a `Match` for every rule that matches `event` (in rule order). Regex limit hits
    /// are appended to `scratch.diagnostics` (the caller drains them).
    /// - Parameters:
    ///   - event: the event.
    ///   - matches: matches are appended here.
    ///   - scratch: this worker's scratch.
    ///   - keepingPaths: leave `scratch.paths` on for this event, so that the correlator reads
    ///     the root paths the rules looked up (the caller calls `scratch.paths.end()` when done
    ///     with the event); off by default.
    package func evaluate(
        _ event: Event, into matches: inout [Match], scratch: inout EvaluationScratch, keepingPaths: Bool = false
    ) {
        let paths = scratch.paths
        paths.begin()
        defer { if !keepingPaths { paths.end() } }
        program.index.candidates(for: event, into: &scratch.candidates, paths: paths)
        let candidates = scratch.candidates
        // Predicates several rules share are evaluated once for this event.
        scratch.beginEvent(slots: program.memoSlotCount)
        defer { scratch.memoActive = false }
        program.rules.withUnsafeBufferPointer { rules in
            program.tables.withUnsafeBufferPointer { tables in
                for r in candidates {
                    // Read through the buffer: copying a whole `CompiledRule` per candidate costs
                    // dozens of reference-count operations.
                    scratch.warnedCurrentRule = false
                    scratch.currentRuleIndex = r
                    if Evaluator.evaluate(tables[r], event, &scratch) == .match {
                        matches.append(Match(rule: r, timestamp: event.timestamp, location: event.location))
                    }
                    if scratch.warnedCurrentRule { scratch.nameLastWarning(rules[r].identity) }
                }
            }
        }
    }

    /// Evaluates one rule on one event, bypassing the index (rule tests).
    /// - Parameters:
    ///   - rule: an index into `program.rules`.
    ///   - event: the event.
    ///   - scratch: this worker's scratch.
    /// - Returns: true when the rule's logsource covers the event's provider and service and its
    ///   condition matches.
    package func matches(rule: Int, _ event: Event, scratch: inout EvaluationScratch) -> Bool {
        guard program.rules.indices.contains(rule) else { return false }
        let compiled = program.rules[rule]
        guard compiled.providers.contains(event.provider), program.index.serviceAllows(rule, event.service) else {
            return false
        }
        scratch.warnedCurrentRule = false
        scratch.currentRuleIndex = rule
        let matched = Evaluator.evaluate(program.tables[rule], event, &scratch) == .match
        if scratch.warnedCurrentRule { scratch.nameLastWarning(compiled.identity) }
        return matched
    }

    /// Whether the match's rule reports a finding of its own (see `Program.emitsFindings(rule:)`).
    /// - Parameter match: a detection match.
    /// - Returns: true when a standalone finding should be reported.
    package func emitsFinding(_ match: Match) -> Bool { program.emitsFindings(rule: match.rule) }

    /// The id of the match's rule (its name when it has no id; `#n` for an index this
    /// engine's program does not have).
    /// - Parameter match: a detection match.
    /// - Returns: the rule's identity.
    package func identity(of match: Match) -> String {
        program.rules.indices.contains(match.rule) ? program.rules[match.rule].identity : "#\(match.rule)"
    }

    /// The finding for a detection match.
    /// - Parameters:
    ///   - match: a match produced by `evaluate`.
    ///   - event: the event it matched.
    /// - Returns: the finding (rule metadata, event time, location, the event).
    package func finding(for match: Match, event: Event) -> Finding {
        let info =
            program.rules.indices.contains(match.rule)
            ? program.rules[match.rule].info
            : RuleInfo(id: identity(of: match), title: identity(of: match), level: .medium)
        return Finding(rule: info, timestamp: event.timestamp, location: event.location, event: event)
    }
}
