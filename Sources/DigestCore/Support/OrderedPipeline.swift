import Foundation

/// Values made on worker threads and handed to a consumer on the calling thread in order,
/// without batches: a worker takes the next index as soon as it is done with its last one,
/// at most `window` indices ahead of the consumer (which bounds what waits in memory), and the
/// consumer takes each value as soon as it is made.
///
/// A personal build writes each reader's message here while the other threads make the
/// next ones. In batches (make 256, write them while the next 256 are made) each batch's
/// slowest message and the writer's end of each batch left a core idle.
enum OrderedPipeline {
    /// Calls `consume(index, make(index))` for every index of `0..<count`, in order, the
    /// `make` calls spread over `workers` threads. When `consume` throws, no further index is
    /// made, the workers are waited for, and the error is thrown.
    static func run<Value: Sendable>(
        count: Int, workers: Int = ProcessInfo.processInfo.activeProcessorCount, window: Int = 64,
        make: @escaping @Sendable (Int) -> Value, consume: (Int, Value) throws(DigestError) -> Void
    ) throws(DigestError) {
        guard count > 0 else { return }
        let state = State<Value>(window: max(1, window))
        let group = DispatchGroup()
        for _ in 0..<max(1, min(workers, count)) {
            group.enter()
            Thread {
                state.work(count: count, make: make)
                group.leave()
            }.start()
        }
        defer { group.wait() }
        for index in 0..<count {
            let value = state.take(index)
            do throws(DigestError) {
                try consume(index, value)
            } catch {
                state.stop()
                throw error
            }
        }
    }

    /// The slots, shared under one condition: slot `index % window` holds the value of
    /// `index` from when it is made until the consumer takes it.
    private final class State<Value>: @unchecked Sendable {
        private let condition = NSCondition()
        private let window: Int
        private var slots: [Value?]
        private var nextToMake = 0
        private var consumed = 0
        private var stopped = false

        init(window: Int) {
            self.window = window
            slots = Array(repeating: nil, count: window)
        }

        /// A worker's loop: take the next index while it is within the window, make it, put it.
        func work(count: Int, make: (Int) -> Value) {
            condition.lock()
            while !stopped, nextToMake < count {
                guard nextToMake < consumed + window else {
                    condition.wait()
                    continue
                }
                let index = nextToMake
                nextToMake += 1
                condition.unlock()
                let value = make(index)
                condition.lock()
                slots[index % window] = value
                condition.broadcast()
            }
            condition.unlock()
        }

        /// The value of `index`, once made; frees its slot for `index + window`.
        func take(_ index: Int) -> Value {
            condition.lock()
            defer { condition.unlock() }
            while slots[index % window] == nil { condition.wait() }
            let value = slots[index % window]!
            slots[index % window] = nil
            consumed = index + 1
            condition.broadcast()
            return value
        }

        func stop() {
            condition.withLock {
                stopped = true
                condition.broadcast()
            }
        }
    }
}
