import Foundation

/// A bounded multi-producer, multi-consumer queue. Producers block when it is full (so memory
/// stays bounded whatever the input size); consumers block when it is empty until it is closed.
///
/// `@unchecked Sendable`: all state is guarded by `condition`'s lock.
final class BlockingQueue<Element: Sendable>: @unchecked Sendable {
    private let condition = NSCondition()
    /// A ring buffer; a slot is set to nil as soon as its item is taken, so a consumed batch is
    /// released at once (memory is bounded by `capacity` items, never by how many went through).
    private var slots: [Element?]
    private var head = 0
    private var count = 0
    private var closed = false

    /// Creates a queue holding at most `capacity` items.
    init(capacity: Int) { slots = Array(repeating: nil, count: max(1, capacity)) }

    /// Adds an item, waiting while the queue is full. Returns false when the queue was closed.
    @discardableResult
    func push(_ item: Element) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while count == slots.count && !closed { condition.wait() }
        if closed { return false }
        slots[(head + count) % slots.count] = item
        count += 1
        condition.broadcast()
        return true
    }

    /// Takes the next item, waiting while the queue is empty; nil once closed and drained.
    func pop() -> Element? {
        condition.lock()
        defer { condition.unlock() }
        while count == 0 && !closed { condition.wait() }
        guard count > 0 else { return nil }
        let item = slots[head]
        slots[head] = nil
        head = (head + 1) % slots.count
        count -= 1
        condition.broadcast()
        return item
    }

    /// No more items will be pushed; waiting consumers drain what is left and finish.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }
}

/// Runs producers and consumers on their own threads joined by a bounded queue, and waits for
/// all of them. Producers share the work through `nextIndex`; each consumer has an index so it
/// can keep thread-local state.
enum ParallelPipeline {
    /// Runs the pipeline to completion.
    /// - Parameters:
    ///   - producers: producer thread count (≥ 1).
    ///   - consumers: consumer thread count (≥ 1).
    ///   - capacity: queue capacity in items.
    ///   - produce: called once per producer thread with its index and an emit function
    ///     (emit returns false when the run is being cancelled).
    ///   - consume: called for each item with the consumer's index.
    static func run<Item: Sendable>(
        producers: Int, consumers: Int, capacity: Int,
        produce: @escaping @Sendable (_ producer: Int, _ emit: (Item) -> Bool) -> Void,
        consume: @escaping @Sendable (_ consumer: Int, _ item: Item) -> Void
    ) {
        let queue = BlockingQueue<Item>(capacity: capacity)
        let producersDone = DispatchGroup()
        let consumersDone = DispatchGroup()
        for c in 0..<max(1, consumers) {
            consumersDone.enter()
            let thread = Thread {
                while let item = queue.pop() { consume(c, item) }
                consumersDone.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        for p in 0..<max(1, producers) {
            producersDone.enter()
            let thread = Thread {
                produce(p) { queue.push($0) }
                producersDone.leave()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }
        producersDone.wait()
        queue.close()
        consumersDone.wait()
    }
}

/// A counter shared by threads (the next file to read, and the like).
final class AtomicCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0

    /// Returns the current value and adds one.
    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        let v = value
        value += 1
        return v
    }
}

/// One value per worker thread, each touched only by its own thread until the run ends.
///
/// `@unchecked Sendable`: slot `i` is only accessed by worker `i` during the run, and by the
/// owner after all workers have been joined. Each slot is its own box and the array of boxes
/// is immutable, so workers never start overlapping accesses to one shared array (ThreadSanitizer
/// reported `&slots[i]` on a `var` array as a Swift access race; see docs/sanitizers.md).
final class PerWorker<State>: @unchecked Sendable {
    private final class Slot {
        var state: State
        init(_ state: State) { self.state = state }
    }

    private let slots: [Slot]

    /// Creates one slot per worker.
    init(count: Int, make: (Int) -> State) { slots = (0..<count).map { Slot(make($0)) } }

    /// Mutates worker `i`'s state.
    func with<R>(_ i: Int, _ body: (inout State) throws -> R) rethrows -> R { try body(&slots[i].state) }

    /// All states (only after the workers have finished).
    var all: [State] { slots.map(\.state) }
}
