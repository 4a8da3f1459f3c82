import NIOCore
import NIOPosix

/// Sends many messages to one server over several connections at once, each session reused
/// for message after message and opened again after the server ends it or an error.
///
/// A recipient deferred (4xx, or a connection that broke before the message was sent) is
/// tried again in the same run after a backoff, up to ``Settings/attempts`` times, then left
/// deferred. 5xx replies are final. A session that cannot be opened for a reason that will
/// not go away (TLS that does not verify, a refused password) stops the whole run: the
/// messages not yet sent are left as they are, none reported.
package struct SMTPDelivery: Sendable {
    /// How to run the sessions.
    package struct Settings: Sendable {
        /// The number of connections at once.
        package var connections: Int
        /// Messages per second over all connections; nil for as fast as the server goes.
        package var rate: Double?
        /// How many times one recipient is tried in a run.
        package var attempts: Int
        /// The wait before the second attempt; it doubles for each one after.
        package var backoff: Duration

        /// Creates settings.
        package init(connections: Int = 4, rate: Double? = nil, attempts: Int = 3, backoff: Duration = .seconds(2)) {
            self.connections = max(1, connections)
            self.rate = rate
            self.attempts = max(1, attempts)
            self.backoff = backoff
        }
    }

    /// Reports about one message, made by the caller's two functions.
    package protocol Recorder: Sendable {
        /// Called before the message goes out (the last moment to make a crash visible).
        func willSend(_ message: SMTPMessage) throws
        /// Called once per message with the final outcome of each of its recipients (in the
        /// order of the message's recipients at the start).
        func finished(_ message: SMTPMessage, outcomes: [(recipient: String, outcome: RecipientOutcome)]) throws
    }

    private let server: SMTPServer
    private let settings: Settings

    /// Creates a delivery to `server`.
    package init(server: SMTPServer, settings: Settings = Settings()) {
        self.server = server
        self.settings = settings
    }

    /// Sends `count` messages, made on demand by `message(index)` (reading and signing it
    /// happens on the sending task, overlapping with the other connections' sending).
    ///
    /// - Throws: the ``SMTPError`` that stopped the run, or what `recorder` threw.
    package func deliver(
        count: Int, message: @escaping @Sendable (Int) throws -> SMTPMessage?, recorder: some Recorder
    ) async throws {
        let queue = DeliveryQueue(count: count)
        let limiter = settings.rate.map { RateLimiter(perSecond: $0) }
        let group = MultiThreadedEventLoopGroup.singleton
        let workers = min(settings.connections, max(1, count))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            for _ in 0..<workers {
                tasks.addTask {
                    try await self.work(queue: queue, limiter: limiter, group: group, make: message, recorder: recorder)
                }
            }
            do {
                try await tasks.waitForAll()
            } catch {
                await queue.stop()
                tasks.cancelAll()
                throw error
            }
        }
    }

    private func work(
        queue: DeliveryQueue, limiter: RateLimiter?, group: any EventLoopGroup,
        make: @Sendable (Int) throws -> SMTPMessage?, recorder: some Recorder
    ) async throws {
        var session: SMTPSession?
        defer { session?.close() }
        while let job = await queue.next() {
            var outgoing: SMTPMessage
            if let retry = job.retry {
                outgoing = retry
            } else {
                guard let made = try make(job.index) else {
                    await queue.done()
                    continue
                }
                outgoing = made
            }
            let original = job.original ?? outgoing
            if job.attempt == 1, job.retry == nil { try recorder.willSend(original) }
            if let limiter { await limiter.wait() }
            var outcomes: [RecipientOutcome]
            let reused = session != nil
            switch await attempt(outgoing, session: &session, group: group) {
            case .success(let got):
                outcomes = got
            case .failure(let error):
                session?.close()
                session = nil
                guard error.isTransient else {
                    await queue.stop()
                    throw error
                }
                if reused {
                    // The server ended a session it had let us reuse (its limit, a 421): that is
                    // not a try of this message; it goes again at once on a new session.
                    await queue.retry(
                        DeliveryQueue.Job(
                            index: job.index, attempt: job.attempt, retry: outgoing, original: original,
                            results: job.results),
                        after: .zero)
                    continue
                }
                outcomes = outgoing.recipients.map { _ in .deferred(reason: error.description) }
            }
            var results = job.results
            var again: [String] = []
            for (recipient, outcome) in zip(outgoing.recipients, outcomes) {
                if outcome.isFinal || job.attempt >= settings.attempts {
                    results.append((recipient, outcome))
                } else {
                    again.append(recipient)
                }
            }
            if again.isEmpty {
                let order = Dictionary(
                    original.recipients.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                try recorder.finished(
                    original, outcomes: results.sorted { order[$0.0, default: 0] < order[$1.0, default: 0] })
                await queue.done()
            } else {
                outgoing.recipients = again
                let wait = settings.backoff * (1 << min(job.attempt - 1, 16))
                await queue.retry(
                    DeliveryQueue.Job(
                        index: job.index, attempt: job.attempt + 1, retry: outgoing, original: original,
                        results: results),
                    after: wait)
            }
            if Task.isCancelled { break }
        }
        await session?.quit()
        session = nil
    }

    /// Sends one message on `session`, opening a new one first when there is none or the
    /// last one cannot go on.
    private func attempt(_ message: SMTPMessage, session: inout SMTPSession?, group: any EventLoopGroup) async
        -> Result<[RecipientOutcome], SMTPError>
    {
        do throws(SMTPError) {
            if session == nil || !session!.isUsable {
                session?.close()
                session = nil
                session = try await SMTPSession.open(to: server, group: group)
            }
            return .success(try await session!.send(message))
        } catch {
            return .failure(error)
        }
    }
}

extension SMTPDelivery {
    /// Sends one message on a session of its own (a test send): its outcome, or the error
    /// that kept the session from opening.
    package static func single(_ message: SMTPMessage, server: SMTPServer) async throws(SMTPError) -> RecipientOutcome {
        let session = try await SMTPSession.open(to: server, group: MultiThreadedEventLoopGroup.singleton)
        let outcomes = try await session.send(message)
        await session.quit()
        return outcomes.first ?? .deferred(reason: "no recipient")
    }
}
