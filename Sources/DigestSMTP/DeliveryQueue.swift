/// The messages still to send, shared by the connections: new ones in order, then those
/// waiting out a backoff. A connection asking for work while others may still put a retry
/// back waits, so no one stops early.
actor DeliveryQueue {
    /// One message's turn.
    struct Job: Sendable {
        let index: Int
        let attempt: Int
        /// The message with only the recipients still to try, on a retry.
        let retry: SMTPMessage?
        /// The message as first made, on a retry.
        let original: SMTPMessage?
        /// The final outcomes already known.
        let results: [(String, RecipientOutcome)]
    }

    private let count: Int
    private var nextIndex = 0
    private var waiting: [(job: Job, notBefore: ContinuousClock.Instant)] = []
    private var busy = 0
    private var stopped = false

    init(count: Int) {
        self.count = count
    }

    /// The next job, or nil when everything is done (or the run stopped).
    func next() async -> Job? {
        while !stopped {
            let now = ContinuousClock.now
            if let ready = waiting.firstIndex(where: { $0.notBefore <= now }) {
                busy += 1
                return waiting.remove(at: ready).job
            }
            if nextIndex < count {
                busy += 1
                nextIndex += 1
                return Job(index: nextIndex - 1, attempt: 1, retry: nil, original: nil, results: [])
            }
            if waiting.isEmpty, busy == 0 { return nil }
            let soonest = waiting.map(\.notBefore).min() ?? now + .milliseconds(20)
            try? await Task.sleep(until: min(soonest, now + .milliseconds(20)), clock: .continuous)
        }
        return nil
    }

    /// The job taken last by a connection is finished.
    func done() {
        busy -= 1
    }

    /// The job goes back, to be taken again after `delay`.
    func retry(_ job: Job, after delay: Duration) {
        busy -= 1
        waiting.append((job, ContinuousClock.now + delay))
    }

    /// Nothing more is handed out.
    func stop() {
        stopped = true
    }
}

/// Spaces messages out to at most `perSecond`, over all connections.
actor RateLimiter {
    private let interval: Duration
    private var nextSlot = ContinuousClock.now

    init(perSecond: Double) {
        interval = .nanoseconds(Int64(1_000_000_000 / max(perSecond, 0.001)))
    }

    /// Waits for the next free slot.
    func wait() async {
        let now = ContinuousClock.now
        let slot = max(now, nextSlot)
        nextSlot = slot + interval
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
