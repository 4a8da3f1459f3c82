import Foundation

/// Requests of several threads handled in batches: a thread hands its request in and waits
/// until a batch holding it is done; whichever waiting thread finds no batch under way takes
/// every request handed in so far and runs them at once, as one batch.
///
/// The state store commits a batch of senders' steps in one transaction: one sync to disk
/// for as many messages as there are connections waiting on it, where one a message set the
/// pace of `digest send` (a commit each, one after another). No request waits for a batch
/// that has not started: a thread alone gets its own batch at once.
package final class GroupCommit<Request, Answer>: @unchecked Sendable {
    private let condition = NSCondition()
    private let run: ([Request]) throws(DigestError) -> [Answer]
    private var waiting: [Ticket] = []
    private var running = false

    /// A group whose batches `run` handles; it returns an answer for each request, in order.
    package init(_ run: @escaping ([Request]) throws(DigestError) -> [Answer]) {
        self.run = run
    }

    /// Hands `request` in and returns its answer once its batch is done, or throws the error
    /// that ended its batch.
    package func submit(_ request: Request) throws(DigestError) -> Answer {
        let ticket = Ticket(request)
        condition.lock()
        waiting.append(ticket)
        while ticket.answer == nil {
            if running {
                condition.wait()
                continue
            }
            running = true
            let batch = waiting
            waiting = []
            condition.unlock()
            let answers = Result { () throws(DigestError) in try run(batch.map(\.request)) }
            condition.lock()
            for (index, batched) in batch.enumerated() {
                batched.answer = answers.map { $0[index] }
            }
            running = false
            condition.broadcast()
        }
        condition.unlock()
        return try ticket.answer!.get()
    }

    /// One request and, once its batch is done, its answer.
    private final class Ticket {
        let request: Request
        var answer: Result<Answer, DigestError>?

        init(_ request: Request) {
            self.request = request
        }
    }
}
