import Foundation

/// Spaces messages out to at most `perSecond` over all the threads that send, each waiting
/// (blocking, on its own thread) for its slot.
final class BlockingRateLimiter: @unchecked Sendable {
    private let interval: TimeInterval
    private let lock = NSLock()
    private var nextSlot = Date.distantPast

    init(perSecond: Double) {
        interval = 1 / max(perSecond, 0.001)
    }

    /// Waits for the next free slot.
    func wait() {
        let now = Date()
        let slot = lock.withLock {
            let slot = max(now, nextSlot)
            nextSlot = slot.addingTimeInterval(interval)
            return slot
        }
        if slot > now { Thread.sleep(until: slot) }
    }
}
