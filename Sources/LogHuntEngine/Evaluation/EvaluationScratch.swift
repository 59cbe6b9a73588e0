import LogHuntCore
import LogHuntNormalize
import LogHuntRegex

/// Per-worker mutable state for evaluation: the regex match data and JIT stack, a reusable
/// buffer for case-folding non-ASCII text, the candidate-rule buffer, and the warnings raised
/// while evaluating the current event. Create one per worker thread, reuse it for every event,
/// and drain `diagnostics` after each `evaluate` call. Not `Sendable`: it belongs to one thread.
package struct EvaluationScratch {
    /// PCRE2 match data, match context (limits) and JIT stack; nil when PCRE2 could not allocate
    /// (regular expressions then never match).
    package let regex: MatchScratch?
    /// Decoded (and folded) scalars of the current non-ASCII subject.
    package var scalars: [UInt32] = []
    /// Rules the index selected for the current event.
    package var candidates: [Int] = []
    /// Warnings raised while evaluating (regular expressions that hit a limit: `.regexLimit`).
    package var diagnostics: [Diagnostic] = []
    /// The index of the rule being evaluated.
    package var currentRuleIndex: Int = -1
    /// Whether the current rule already warned on the current event (one warning per rule and record).
    package var warnedCurrentRule = false

    /// The per-event memo of shared predicates (`Program.memoSlotCount` slots): a slot holds
    /// `memoTruth` when its stamp is the current `memoEpoch`. Only `DetectionEngine.evaluate`
    /// turns it on (`memoActive`), for the span of one event.
    package var memoActive = false
    package var memoEpoch: UInt32 = 0
    package var memoStamp: [UInt32] = []
    package var memoTruth: [Truth] = []

    /// The per-event memo of root-path lookups (`Event.node(at:)`) that the rule index, the
    /// predicates and the correlations share; `DetectionEngine.evaluate` turns it on.
    package let paths = RootPathMemo()

    /// Starts a new event for the memo: every slot becomes stale.
    /// - Parameter slots: the program's slot count.
    @inline(__always)
    package mutating func beginEvent(slots: Int) {
        if memoStamp.count < slots {
            memoStamp = Array(repeating: 0, count: slots)
            memoTruth = Array(repeating: .missing, count: slots)
            memoEpoch = 0
        }
        memoEpoch &+= 1
        if memoEpoch == 0 {
            // Wrapped: clear the stamps so no slot looks current.
            for i in memoStamp.indices { memoStamp[i] = 0 }
            memoEpoch = 1
        }
        memoActive = slots > 0
    }

    /// The text of the last event address parsed for `|cidr` (so every CIDR predicate on the
    /// same value shares one parse), and its parse.
    private var addressText: [UInt8] = []
    private var addressValue: IPNetwork.Address?
    private var hasAddress = false

    /// Allocates scratch space under `limits` (regex match limit, depth limit, JIT stack size).
    /// - Parameter limits: the run's limits.
    package init(limits: Limits = Limits()) {
        regex = MatchScratch(
            limits: RegexLimits(
                matchLimit: limits.regexMatchLimit, depthLimit: limits.regexDepthLimit,
                jitStackBytes: limits.regexJITStackBytes))
        scalars.reserveCapacity(256)
        candidates.reserveCapacity(64)
        addressText.reserveCapacity(64)
    }

    /// The address `bytes` spell (nil when they are not an address), parsed once for a run of
    /// lookups of the same text.
    /// - Parameter bytes: UTF-8 text from an event.
    /// - Returns: the parsed address, or nil.
    @inline(__always)
    package mutating func address(of bytes: UnsafeRawBufferPointer) -> IPNetwork.Address? {
        if hasAddress, addressText.count == bytes.count {
            let same = addressText.withUnsafeBufferPointer { text in
                var k = 0
                while k < text.count {
                    if text[k] != bytes[k] { return false }
                    k += 1
                }
                return true
            }
            if same { return addressValue }
        }
        addressValue = IPNetwork.parseAddress(bytes)
        addressText.removeAll(keepingCapacity: true)
        addressText.append(contentsOf: bytes)
        hasAddress = true
        return addressValue
    }

    /// Puts the rule's identity into the last warning (the evaluator does not know rule names;
    /// this keeps string work off the per-rule path).
    /// - Parameter identity: the rule's id, name or title.
    package mutating func nameLastWarning(_ identity: String) {
        guard let last = diagnostics.indices.last else { return }
        diagnostics[last].message = "rule '\(identity)': " + diagnostics[last].message
    }

    /// Returns the warnings raised so far and clears them (call after each `evaluate`).
    /// - Returns: the warnings, in the order raised.
    package mutating func takeDiagnostics() -> [Diagnostic] {
        defer { diagnostics.removeAll(keepingCapacity: true) }
        return diagnostics
    }
}
