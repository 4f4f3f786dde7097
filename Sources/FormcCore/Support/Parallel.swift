internal import Foundation

/// Work on independent items spread over the machine's cores, results in the items' order, so the
/// output never depends on scheduling: decoding files, checking forms, emitting artifacts.
enum Parallel {
    /// `transform` of every item, run on all cores (`FORMC_THREADS=1` runs them one by one, for
    /// comparing), with the results in the items' order.
    static func map<Item: Sendable, Result: Sendable>(_ items: [Item], _ transform: @Sendable (Item) -> Result) -> [Result] {
        if items.count < 2 || ProcessInfo.processInfo.environment["FORMC_THREADS"] == "1" { return items.map(transform) }
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
}
