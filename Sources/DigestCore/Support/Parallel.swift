import Dispatch
import Foundation

/// Work spread over every core: the same transform applied to each element, results in order.
package enum Parallel {
    /// `items.map(transform)`, computed on all cores.
    static func map<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @Sendable (Element) -> Result
    ) -> [Result] {
        guard items.count > 1 else { return items.map(transform) }
        let buffer = UnsafeMutableBufferPointer<Result?>.allocate(capacity: items.count)
        buffer.initialize(repeating: nil)
        defer {
            buffer.deinitialize()
            buffer.deallocate()
        }
        nonisolated(unsafe) let slots = buffer
        DispatchQueue.concurrentPerform(iterations: items.count) { index in
            slots[index] = transform(items[index])
        }
        return buffer.map { $0! }
    }

    /// `work()`, while `background` runs on a thread of its own (not one of the pool's, so
    /// the parallel steps of `work` still have every core); returns once both are done.
    package static func alongside<Result>(_ background: @escaping @Sendable () -> Void, _ work: () -> Result) -> Result
    {
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            background()
            done.signal()
        }
        let result = work()
        done.wait()
        return result
    }

    /// `(first(), second())`, the two computed at the same time.
    static func both<First: Sendable, Second: Sendable>(
        _ first: @Sendable () -> First, _ second: @Sendable () -> Second
    ) -> (First, Second) {
        // Two variables, not one tuple: each is written by one thread only.
        nonisolated(unsafe) var firstResult: First?
        nonisolated(unsafe) var secondResult: Second?
        DispatchQueue.concurrentPerform(iterations: 2) { index in
            if index == 0 { firstResult = first() } else { secondResult = second() }
        }
        return (firstResult!, secondResult!)
    }
}
