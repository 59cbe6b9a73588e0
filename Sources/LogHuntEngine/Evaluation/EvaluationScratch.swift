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

    /// The per-event memo of shared predicates (`Program.memoSlotCount` slots), one word per
    /// slot: the event's epoch in the high 30 bits, its `Truth` in the low two (`memoWord`).
    /// A slot holds a result when its epoch is `memoEpoch`. Only `DetectionEngine.evaluate`
    /// turns it on (`memoActive`), for the span of one event. Plain memory: reading and storing
    /// a slot is a load and a store, with no uniqueness check or bounds check per predicate.
    package var memoActive = false
    package private(set) var memoEpoch: UInt32 = 0
    package private(set) var memoWords: UnsafeMutablePointer<UInt32>
    private var memoOwner: MemoWords

    /// The per-event memo of root-path lookups (`Event.node(at:)`) that the rule index, the
    /// predicates and the correlations share; `DetectionEngine.evaluate` turns it on.
    package let paths = RootPathMemo()

    /// Starts a new event for the memo: every slot becomes stale.
    /// - Parameter slots: the program's slot count.
    @inline(__always)
    package mutating func beginEvent(slots: Int) {
        if memoOwner.count < slots {
            memoOwner = MemoWords(count: slots)
            memoWords = memoOwner.slots
        }
        // The epoch is counted in the shared words, so that copies of this scratch (which
        // share them) never reuse one another's epochs.
        memoEpoch = memoOwner.nextEpoch()
        memoActive = slots > 0
    }

    /// `truth` stored for the current epoch.
    @inline(__always)
    package func memoWord(_ truth: Truth) -> UInt32 {
        let code: UInt32
        switch truth {
        case .match: code = 0
        case .noMatch: code = 1
        case .missing: code = 2
        }
        return memoEpoch << 2 | code
    }

    /// The truth a slot word holds (its epoch aside).
    @inline(__always)
    package static func memoTruth(_ word: UInt32) -> Truth {
        switch word & 3 {
        case 0: return .match
        case 1: return .noMatch
        default: return .missing
        }
    }

    /// The text of the last event address parsed for `|cidr` (so every CIDR predicate on the
    /// same value shares one parse), and its parse.
    private var addressText: [UInt8] = []
    private var addressValue: IPNetwork.Address?
    private var hasAddress = false

    /// Allocates scratch space under `limits` (regex match limit, depth limit, JIT stack size).
    /// - Parameter limits: the run's limits.
    package init(limits: Limits = Limits()) {
        memoOwner = MemoWords(count: 0)
        memoWords = memoOwner.slots
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

/// The memory behind `EvaluationScratch`'s predicate memo: an epoch counter, then one word per
/// slot (all zero at first: epoch 0 is never current).
private final class MemoWords {
    let count: Int
    private let words: UnsafeMutablePointer<UInt32>

    init(count: Int) {
        self.count = count
        words = .allocate(capacity: count + 1)
        words.initialize(repeating: 0, count: count + 1)
    }

    deinit { words.deallocate() }

    /// The slots (`count` words after the counter).
    var slots: UnsafeMutablePointer<UInt32> { words + 1 }

    /// The next epoch, from 1 to 2^30 - 1; on wrapping every slot is cleared first.
    func nextEpoch() -> UInt32 {
        var next = words[0] &+ 1
        if next >= 1 << 30 {
            (words + 1).update(repeating: 0, count: count)
            next = 1
        }
        words[0] = next
        return next
    }
}
