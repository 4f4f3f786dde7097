internal import Foundation

/// Work on independent items spread over the machine's cores, results in the items' order, so the
/// output never depends on scheduling: decoding files, checking forms, emitting artifacts.
enum Parallel {
    /// Whether work runs one item at a time (`FORMC_THREADS=1`, for comparing and profiling).
    static var isSequential: Bool { ProcessInfo.processInfo.environment["FORMC_THREADS"] == "1" }

    /// `transform` of every item, run on all cores (`FORMC_THREADS=1` runs them one by one, for
    /// comparing), with the results in the items' order.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        if items.count < 2 || isSequential { return items.map(transform) }
        var results = [Result?](repeating: nil, count: items.count)
        results.withUnsafeMutableBufferPointer { buffer in
            // Each iteration writes only its own slot.
            nonisolated(unsafe) let slots = buffer
            DispatchQueue.concurrentPerform(iterations: items.count) { index in
                slots[index] = transform(items[index])
            }
        }
        return results.map { $0! }
    }

    /// `transform` of every item in batches of `batch`, each batch made on all cores and handed to
    /// `hand` in the items' order — while the next batch is being made. What `hand` does with a
    /// batch (a build writes it to disk, on this thread) thus overlaps the making of the next
    /// instead of leaving the cores idle, and at most two batches are held at once. Every batch
    /// started is finished before this returns, also when `hand` throws.
    static func batches<Item: Sendable, Result: Sendable>(
        _ items: [Item], of batch: Int, _ transform: @escaping @Sendable (Item) -> Result, hand: ([Result]) throws -> Void
    ) rethrows {
        let slices = stride(from: 0, to: items.count, by: batch).map { Array(items[$0..<min($0 + batch, items.count)]) }
        if isSequential {
            for slice in slices { try hand(slice.map(transform)) }
            return
        }
        var pending: Pending<[Result]>?
        defer { _ = pending?.value() }
        for slice in slices {
            let previous = pending
            pending = Pending { map(slice, transform) }
            if let previous { try hand(previous.value()) }
        }
        if let last = pending {
            pending = nil
            try hand(last.value())
        }
    }
}

/// A value being made on another thread, waited for by `value()`.
private final class Pending<Value: Sendable>: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    // Written once by the worker before it signals `done`; read only after waiting for it.
    private var result: Value?

    init(_ work: @escaping @Sendable () -> Value) {
        DispatchQueue.global().async {
            let made = work()
            self.lock.withLock { self.result = made }
            self.done.signal()
        }
    }

    /// Waits for the value (once: a second call would wait forever, so callers take it once).
    func value() -> Value {
        done.wait()
        return lock.withLock { result! }
    }
}
