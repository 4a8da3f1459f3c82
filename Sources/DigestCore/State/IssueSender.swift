package import Foundation

/// Sends one issue to its readers through a ``Transport``, keeping the state store: each
/// reader of the issue's current revision who has no `sent` delivery and is not suppressed
/// gets their message once, in order, and nothing else is sent (not a stale file in the
/// folder, not a reader the last build left out).
///
/// Each attempt is recorded (`in-flight`) before the transport gets the message and its
/// outcome right after, durably, so a rerun after a crash or a kill sends what is missing.
/// Each worker's next attempt begins while its current message is on the wire, so a kill
/// leaves at most two attempts a worker open (and the second may never have gone out). A
/// delivery left `in-flight` by a kill is sent again (the transport may or may not have taken
/// it: at-least-once for that one message) and reported as ``Event/resent(_:answer:unanswered:)``,
/// with the number of earlier attempts that ended without an answer: the reader has at most
/// one message more than that. `digest status --issue N` reads the same record afterwards.
package struct IssueSender: Sendable {
    /// What happened to one delivery.
    package enum Event: Sendable, Equatable {
        /// The transport took it.
        case sent(Delivery, answer: String)
        /// The transport took it after `unanswered` earlier attempts ended without an answer (a
        /// run killed during them, or a connection broken after the data): the reader may have
        /// it up to `unanswered + 1` times (with the same Message-ID).
        case resent(Delivery, answer: String, unanswered: Int)
        /// It could not be sent; a later send tries again.
        case failed(Delivery, answer: String)
        /// A dry run: it would be sent.
        case wouldSend(Delivery)
        /// Not sent: the reader was suppressed (unsubscribed) while this send was under way.
        case suppressed(Delivery)
    }

    /// What a send did, in all.
    package struct Report: Sendable, Equatable {
        /// Deliveries the transport took in this run.
        package var sent = 0
        /// Of those, the ones an earlier killed run had in flight.
        package var resent = 0
        /// Deliveries that failed in this run.
        package var failed = 0
        /// Deliveries a dry run would make.
        package var wouldSend = 0
        /// The issue's deliveries that were already sent before this run.
        package var alreadySent = 0
        /// The issue's deliveries left out because their address is suppressed.
        package var suppressed = 0
    }

    private let store: StateStore
    private let transport: any Transport
    private let now: @Sendable () -> Date

    /// Creates a sender.
    ///
    /// - Parameters:
    ///   - store: the state store that holds the issue.
    ///   - transport: what carries the messages.
    ///   - now: the clock attempts are stamped with.
    package init(store: StateStore, transport: any Transport, now: @escaping @Sendable () -> Date = { Date() }) {
        self.store = store
        self.transport = transport
        self.now = now
    }

    /// Sends issue `issue`, reporting each delivery as it ends (from one thread at a time).
    ///
    /// A failure does not stop the run; a transport that cannot carry any message does (its
    /// ``Transport/prepare()`` or ``Transport/deliver(_:)`` throws). Holds the issue's ``SendLock`` throughout, so a
    /// second send of the same issue refuses (or, with `wait`, waits for this one to end).
    ///
    /// - Parameters:
    ///   - dryRun: report who would get what, and send and record nothing.
    ///   - wait: wait for another send of the issue instead of refusing.
    /// - Throws: ``DigestError/sendInProgress(path:)``, ``DigestError/unknownIssue(_:)``,
    ///   ``DigestError/transportUnusable(transport:reason:)`` (what was sent until then is
    ///   recorded), or
    ///   an error of the store (then nothing more is sent: the store could not tell a rerun
    ///   what happened).
    package func send(
        issue: Int, dryRun: Bool = false, wait: Bool = false, report: @escaping @Sendable (Event) -> Void = { _ in }
    ) throws(DigestError) -> Report {
        let lock = try SendLock(issue: issue, of: store, wait: wait)
        defer { withExtendedLifetime(lock) {} }
        let toSend = try store.deliveriesToSend(of: issue, recordSuppressed: !dryRun)
        var summary = Report()
        let counts = try store.counts(of: issue)
        summary.alreadySent = counts[.sent] ?? 0
        summary.suppressed = counts[.suppressed] ?? 0
        if dryRun {
            summary.suppressed = try store.deliveries(of: issue).count - summary.alreadySent - toSend.count
            for delivery in toSend { report(.wouldSend(delivery)) }
            summary.wouldSend = toSend.count
            return summary
        }
        guard !toSend.isEmpty else { return summary }
        try transport.prepare()
        defer { transport.finish() }
        let results = LockedBox<(Report, DigestError?)>((summary, nil))
        let next = LockedBox(0)
        let tally: @Sendable (Event) -> Void = { event in
            results.withLock { state in
                switch event {
                case .sent: state.0.sent += 1
                case .resent:
                    state.0.sent += 1
                    state.0.resent += 1
                case .failed: state.0.failed += 1
                case .wouldSend: break
                case .suppressed: state.0.suppressed += 1
                }
                report(event)
            }
        }
        // Each worker records the outcome of its last message in the transaction that begins
        // its next attempt, and that transaction is committed by the store's own thread while
        // the worker's current message is on the wire; the steps handed in at once share one
        // transaction: one sync to disk for several messages. A transaction that fails fails
        // for each of its workers; each tries once more to record its outcomes.
        let steps = GroupCommit<SendStep, Int64?> { (batch) throws(DigestError) in
            try store.record(batch, transport: transport.name, at: now())
        }
        defer { steps.close() }
        let take: @Sendable () -> Delivery? = {
            next.withLock { value in
                guard value < toSend.count, results.value.1 == nil else { return nil }
                defer { value += 1 }
                return toSend[value]
            }
        }
        let fail: @Sendable (DigestError) -> Void = { error in
            results.withLock { state in state.1 = state.1 ?? error }
        }
        let work: @Sendable () -> Void = {
            var current: Begun?  // begun, its message not yet handed over
            var answered: Answered?  // its answer came, not yet recorded
            while true {
                let delivery = take()
                if delivery == nil && current == nil && answered == nil { return }
                let finished = answered.map { (attempt: $0.attempt, outcome: $0.outcome) }
                // Nothing to record and nothing to begin (the last message after a first or a
                // suppressed one): no step, no commit.
                let ticket =
                    finished == nil && delivery == nil
                    ? nil : steps.handIn(SendStep(finished: finished, next: delivery?.id))
                // While the store records the last answer and begins the next attempt, the
                // current message goes out.
                var handed: Answered?
                if let current {
                    do throws(DigestError) {
                        handed = Answered(
                            delivery: current.delivery, attempt: current.attempt,
                            outcome: try hand(current.delivery, current.attempt))
                    } catch {
                        fail(error)
                    }
                }
                current = nil
                do throws(DigestError) {
                    let attempt = try ticket?.answer() ?? nil
                    let recorded = answered
                    answered = handed
                    handed = nil
                    if let recorded { tally(try event(for: recorded)) }
                    guard let delivery else { continue }
                    guard let attempt else {
                        tally(.suppressed(delivery))
                        continue
                    }
                    if results.value.1 != nil {
                        // The transport gave up while this attempt began: it was never handed over.
                        try store.recordOutcome(attempt, .failed(answer: "not sent: the send stopped"), at: now())
                    } else {
                        current = Begun(delivery: delivery, attempt: attempt)
                    }
                } catch {
                    // The store failed: record what was answered, once more each, and stop.
                    fail(error)
                    for outcome in [answered, handed].compactMap({ $0 }) {
                        let step = SendStep(finished: (attempt: outcome.attempt, outcome: outcome.outcome), next: nil)
                        if (try? steps.submit(step)) != nil, let event = try? event(for: outcome) { tally(event) }
                    }
                    return
                }
            }
        }
        let width = max(1, min(transport.connections, toSend.count))
        if width == 1 {
            work()
        } else {
            let group = DispatchGroup()
            for _ in 0..<width {
                group.enter()
                Thread {
                    work()
                    group.leave()
                }.start()
            }
            group.wait()
        }
        if let failure = results.value.1 { throw failure }
        return results.value.0
    }

    /// An attempt begun, its message not yet handed over.
    private struct Begun {
        let delivery: Delivery
        let attempt: Int64
    }

    /// An attempt whose answer came, not yet recorded.
    private struct Answered {
        let delivery: Delivery
        let attempt: Int64
        let outcome: DeliveryOutcome
    }

    /// Hands the message of `delivery` to the transport (its attempt has begun) and returns
    /// its outcome. A transport that cannot carry any message throws, after the attempt is
    /// recorded as failed.
    private func hand(_ delivery: Delivery, _ attempt: Int64) throws(DigestError) -> DeliveryOutcome {
        guard let bytes = try? System.contents(of: delivery.file) else {
            return .failed(answer: "cannot read \(delivery.file); rebuild the issue")
        }
        if let id = HeaderReader.value(of: "Message-ID", in: bytes), id != delivery.messageID {
            return .failed(
                answer: "\(delivery.file) no longer holds the message built for \(delivery.recipient) "
                    + "(its Message-ID is \(id), not \(delivery.messageID)); rebuild the issue")
        }
        do throws(DigestError) {
            return try transport.deliver(
                OutgoingMessage(
                    recipient: delivery.recipient, messageID: delivery.messageID, file: delivery.file, bytes: bytes))
        } catch {
            try store.recordOutcome(attempt, .failed(answer: error.description), at: now())
            throw error
        }
    }

    /// What a recorded outcome is reported as.
    private func event(for answered: Answered) throws(DigestError) -> Event {
        let delivery = answered.delivery
        switch answered.outcome {
        case .sent(let answer):
            guard delivery.state == .inFlight else { return .sent(delivery, answer: answer) }
            return .resent(delivery, answer: answer, unanswered: try store.unansweredAttempts(of: delivery.id))
        case .failed(let answer): return .failed(delivery, answer: answer)
        case .possiblyDelivered(let answer):
            return .failed(delivery, answer: "\(answer); it may have been delivered, and the next send sends it again")
        }
    }
}
