import Foundation

/// Requests of several threads handled in batches on a thread of the group's own: a thread
/// hands its request in and goes on with its work; the group's thread takes every request
/// handed in so far and runs them at once, as one batch, while the threads that handed them
/// in do something else; each thread asks for its answer when it needs it.
///
/// The state store commits a batch of senders' steps in one transaction: one sync to disk
/// for as many messages as there are connections waiting on it, where one a message set the
/// pace of `digest send` (a commit each, one after another), and a sender's message is on
/// the wire while its step is being committed. No request waits for a batch that has not
/// started: a request alone gets its own batch at once.
///
/// Call ``close()`` when every answer is in; it ends the group's thread.
package final class GroupCommit<Request, Answer>: @unchecked Sendable {
    private let condition = NSCondition()
    private let run: ([Request]) throws(DigestError) -> [Answer]
    private var waiting: [Ticket] = []
    private var closed = false

    /// A group whose batches `run` handles; it returns an answer for each request, in order.
    package init(_ run: @escaping ([Request]) throws(DigestError) -> [Answer]) {
        self.run = run
        Thread { self.runBatches() }.start()
    }

    /// Hands `request` in and returns at once; the group's thread runs it in the next batch.
    package func handIn(_ request: Request) -> Ticket {
        let ticket = Ticket(request, group: self)
        condition.withLock {
            precondition(!closed, "a request handed in after close()")
            waiting.append(ticket)
            condition.broadcast()
        }
        return ticket
    }

    /// Hands `request` in and returns its answer once its batch is done, or throws the error
    /// that ended its batch.
    package func submit(_ request: Request) throws(DigestError) -> Answer {
        try handIn(request).answer()
    }

    /// Ends the group's thread once the batch under way (if any) is done. No request may be
    /// handed in afterwards.
    package func close() {
        condition.withLock {
            closed = true
            condition.broadcast()
        }
    }

    /// The group's thread: runs whatever is waiting, one batch at a time, until closed.
    private func runBatches() {
        condition.lock()
        while true {
            while waiting.isEmpty && !closed { condition.wait() }
            if waiting.isEmpty { break }
            let batch = waiting
            waiting = []
            condition.unlock()
            let answers = Result { () throws(DigestError) in try run(batch.map(\.request)) }
            condition.lock()
            for (index, ticket) in batch.enumerated() {
                ticket.result = answers.map { $0[index] }
            }
            condition.broadcast()
        }
        condition.unlock()
    }

    /// One request handed in and, once its batch is done, its answer.
    package final class Ticket: @unchecked Sendable {
        fileprivate let request: Request
        fileprivate var result: Result<Answer, DigestError>?
        private let group: GroupCommit

        fileprivate init(_ request: Request, group: GroupCommit) {
            self.request = request
            self.group = group
        }

        /// Waits until the request's batch is done: its answer, or the error that ended it.
        package func answer() throws(DigestError) -> Answer {
            let condition = group.condition
            condition.lock()
            while result == nil { condition.wait() }
            let result = self.result!
            condition.unlock()
            return try result.get()
        }
    }
}
