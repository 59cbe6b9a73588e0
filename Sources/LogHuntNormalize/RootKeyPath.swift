import CByteScan
import LogHuntCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A raw field path of one or two keys (`actor`, `actor_location.country_code`) as UTF-8 in
/// memory of its own, so that `Event.node(at:)` looks it up in an event's root index without
/// walking the path or making a key per lookup. A plain value (no reference count per use).
///
/// Paths are interned: every `RootKeyPath` made from the same name has the same bytes and the
/// same `id`, whoever made it (a rule's predicate, the rule index, a correlation), so a
/// `RootPathMemo` answers each path once per event for all of them. Interned paths live for
/// the process (a rule set names a few dozen; they are made at compile time, never per record).
package struct RootKeyPath: @unchecked Sendable {
    /// The whole path's UTF-8 (the flat key).
    let bytes: UnsafeRawBufferPointer
    /// With two keys, the first one's length (the dot follows it); nil for one key.
    let split: Int?
    /// `lh_member_head` of the flat key and of the first key (0 without a split): the index
    /// probe each lookup would otherwise work out again.
    let head: UInt64
    let splitHead: UInt64
    /// The path's number: dense from 0, one per distinct name in this process.
    package let id: Int

    /// The path `name` when it has one or two components (split at dots, as `FieldPath` and
    /// `CompiledPath` split it); nil for longer paths.
    /// - Parameter name: a raw dotted path.
    package init?(_ name: String) {
        let components = name.split(separator: ".", omittingEmptySubsequences: false)
        guard components.count <= 2 else { return nil }
        self = RootKeyPaths.shared.intern(name, split: components.count == 2 ? components[0].utf8.count : nil)
    }

    fileprivate init(bytes: UnsafeRawBufferPointer, split: Int?, id: Int) {
        self.bytes = bytes
        self.split = split
        self.id = id
        let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        head = lh_member_head(base, Int64(bytes.count))
        splitHead = split.map { lh_member_head(base, Int64($0)) } ?? 0
    }

    /// How many distinct paths this process has interned (every `id` is below it).
    package static var count: Int { RootKeyPaths.shared.count }
}

/// The process's interned root paths. A pthread mutex (which ThreadSanitizer understands, as
/// `SourcePaths` explains) guards the table; it is taken when rules compile, never per record.
private final class RootKeyPaths: @unchecked Sendable {
    static let shared = RootKeyPaths()

    private var paths: [String: RootKeyPath] = [:]
    private let lock: UnsafeMutablePointer<pthread_mutex_t>

    private init() {
        lock = .allocate(capacity: 1)
        pthread_mutex_init(lock, nil)
    }

    var count: Int {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        return paths.count
    }

    func intern(_ name: String, split: Int?) -> RootKeyPath {
        pthread_mutex_lock(lock)
        defer { pthread_mutex_unlock(lock) }
        if let known = paths[name] { return known }
        let utf8 = Array(name.utf8)
        let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: max(utf8.count, 1), alignment: 1)
        copy.copyBytes(from: utf8)
        let path = RootKeyPath(
            bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(copy)[0..<utf8.count]), split: split,
            id: paths.count)
        paths[name] = path
        return path
    }
}

/// One worker's memo of `Event.node(at:)` for the event it is on: the rule index, every
/// rule's predicates and the correlations read the same few root paths (`actor` three or four
/// times per GitHub event), and each is looked up once.
///
/// `begin()` starts an event (every entry becomes stale, by an epoch) and `end()` turns the
/// memo off; between the two it must see only that event. Off, it looks every path up. Not
/// `Sendable`: it belongs to one thread.
package final class RootPathMemo {
    /// Per path id: the epoch its `values` entry was stored in.
    private var stamps: UnsafeMutablePointer<UInt32>
    /// Per path id: the answer, encoded (`n >= 0`: node n; -1: no node; -2: walk the path).
    private var values: UnsafeMutablePointer<Int>
    private var capacity: Int
    private var epoch: UInt32 = 1
    /// Between `begin()` and `end()`.
    package private(set) var active = false

    /// A memo sized for the paths interned so far (it grows for later ones).
    package init() {
        capacity = max(16, RootKeyPath.count)
        stamps = .allocate(capacity: capacity)
        stamps.initialize(repeating: 0, count: capacity)
        values = .allocate(capacity: capacity)
        values.initialize(repeating: 0, count: capacity)
    }

    deinit {
        stamps.deallocate()
        values.deallocate()
    }

    /// Starts a new event: every entry becomes stale, and the memo is on.
    @inline(__always)
    package func begin() {
        epoch &+= 1
        if epoch == 0 {
            // Wrapped: clear the stamps so that no entry looks current.
            stamps.update(repeating: 0, count: capacity)
            epoch = 1
        }
        active = true
    }

    /// Turns the memo off (until the next `begin()`).
    @inline(__always)
    package func end() { active = false }

    /// `event.node(at: path)`: while on, looked up once per event (`event` must be the one
    /// `begin()` was last called for); off, every time.
    /// - Parameters:
    ///   - path: the path.
    ///   - event: the current event.
    /// - Returns: what `Event.node(at:)` returns.
    @inline(__always)
    package func node(at path: RootKeyPath, in event: Event) -> Int?? {
        guard active else { return event.node(at: path) }
        let id = path.id
        if id < capacity, stamps[id] == epoch {
            let v = values[id]
            return v >= 0 ? .some(v) : (v == -1 ? .some(nil) : nil)
        }
        let answer = event.node(at: path)
        store(answer, id)
        return answer
    }

    private func store(_ answer: Int??, _ id: Int) {
        if id >= capacity { grow(to: id + 1) }
        stamps[id] = epoch
        switch answer {
        case .some(.some(let n)): values[id] = n
        case .some(.none): values[id] = -1
        case .none: values[id] = -2
        }
    }

    private func grow(to needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let newStamps = UnsafeMutablePointer<UInt32>.allocate(capacity: newCapacity)
        newStamps.initialize(repeating: 0, count: newCapacity)
        newStamps.update(from: stamps, count: capacity)
        let newValues = UnsafeMutablePointer<Int>.allocate(capacity: newCapacity)
        newValues.initialize(repeating: 0, count: newCapacity)
        newValues.update(from: values, count: capacity)
        stamps.deallocate()
        values.deallocate()
        stamps = newStamps
        values = newValues
        capacity = newCapacity
    }
}
