import DigestCore
import Foundation
import NIOCore
import NIOPosix

/// The open sessions of one ``SMTPTransport``, lent to the threads that send: a thread takes
/// an idle session (or opens a new one), sends on it and gives it back, so each connection
/// carries message after message and there are never more sessions than sending threads.
///
/// The sessions speak async NIO; the calls here block the calling thread until the session's
/// work is done, running that work's steps themselves (no thread of Swift concurrency's pool
/// is needed).
final class SMTPSessionPool: @unchecked Sendable {
    /// One lent session, and whether it had carried a message before this one.
    struct Lent {
        fileprivate let session: SMTPSession
        /// Whether the session is reused: a server that ends a reused session may only have
        /// reached its limit of messages per connection or its idle time.
        let isReused: Bool
    }

    private let server: SMTPServer
    private let lock = NSLock()
    private var idle: [SMTPSession] = []

    init(server: SMTPServer) {
        self.server = server
    }

    /// An idle session that can still be used, or a newly opened one.
    func take() throws(SMTPError) -> Lent {
        while let session = lock.withLock({ idle.popLast() }) {
            if session.isUsable { return Lent(session: session, isReused: session.messagesSent > 0) }
            session.close()
        }
        let server = self.server
        let opened = try waitFor { () async throws(SMTPError) -> UncheckedSession in
            UncheckedSession(
                session: try await SMTPSession.open(to: server, group: MultiThreadedEventLoopGroup.singleton))
        }
        return Lent(session: opened.session, isReused: false)
    }

    /// Sends `message` on `lent` and gives the session back, or closes it when it cannot go
    /// on (`ended`: the server ended it, or it broke).
    func send(_ message: SMTPMessage, on lent: Lent) -> (result: Result<[RecipientOutcome], SMTPError>, ended: Bool) {
        let session = UncheckedSession(session: lent.session)
        let result = Result { () throws(SMTPError) -> [RecipientOutcome] in
            try waitFor { () async throws(SMTPError) -> [RecipientOutcome] in try await session.session.send(message) }
        }
        let usable = lent.session.isUsable
        if usable {
            lock.withLock { idle.append(lent.session) }
        } else {
            lent.session.close()
        }
        return (result, !usable)
    }

    /// Gives back a session taken but not used.
    func giveBack(_ lent: Lent) {
        lock.withLock { idle.append(lent.session) }
    }

    /// Says QUIT on every idle session and closes it.
    func quitAll() {
        let sessions = lock.withLock {
            defer { idle.removeAll() }
            return idle.map(UncheckedSession.init)
        }
        for session in sessions {
            _ = try? waitFor { () async throws(SMTPError) -> Bool in
                await session.session.quit()
                return true
            }
        }
    }
}

/// A session handed to the task that uses it while the lending thread waits: only one of
/// them touches it at a time.
private struct UncheckedSession: @unchecked Sendable {
    let session: SMTPSession
}

/// Runs `work` as a task whose every step runs on this thread, which waits in between (it is
/// never one of the cooperative pool's): the send needs no pool thread, so a caller that
/// blocks a pool thread while it sends cannot starve it, and each sending thread does its own
/// message's work (dot-stuffing, copying) in parallel with the others.
private func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws(SMTPError) -> T) throws(SMTPError)
    -> T
{
    let executor = CallingThreadExecutor()
    let result = ResultBox<T>()
    Task(executorPreference: executor) {
        do throws(SMTPError) {
            result.set(.success(try await work()))
        } catch {
            result.set(.failure(error))
        }
        executor.finish()
    }
    executor.run()
    return try result.get()
}

/// A task executor whose jobs the thread that calls ``run()`` runs, until ``finish()``.
private final class CallingThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    func enqueue(_ job: consuming ExecutorJob) {
        let unowned = UnownedJob(job)
        condition.withLock {
            jobs.append(unowned)
            condition.signal()
        }
    }

    /// Called by the task's last step.
    func finish() {
        condition.withLock {
            finished = true
            condition.signal()
        }
    }

    /// Runs the jobs as they come, until the task has finished.
    func run() {
        while true {
            let next: UnownedJob? = condition.withLock {
                while jobs.isEmpty && !finished { condition.wait() }
                return jobs.isEmpty ? nil : jobs.removeFirst()
            }
            guard let next else { return }
            next.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// The result of a task, handed to the waiting thread.
private final class ResultBox<T: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<T, SMTPError>?

    func set(_ value: Result<T, SMTPError>) {
        lock.withLock { result = value }
    }

    func get() throws(SMTPError) -> T {
        guard let result = lock.withLock({ result }) else { throw .connectionLost(server: "") }
        return try result.get()
    }
}
