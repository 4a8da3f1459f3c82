import NIOCore

/// Hands each reply to the oldest waiting command, in order (which is what makes pipelining
/// work: replies come in the order the commands went out).
///
/// When the server is silent for `timeout` while a command waits, or the connection ends,
/// every waiting command fails and the connection is closed.
final class SMTPReplyHandler: ChannelInboundHandler {
    typealias InboundIn = SMTPReply

    /// What ended the connection, for the commands that still wait.
    enum Ending: Error {
        case closed
        case timedOut
        case failed(any Error)
    }

    private let timeout: TimeAmount
    private var waiting = CircularBuffer<Waiter>()
    private var unclaimed = CircularBuffer<SMTPReply>()
    private var ending: Ending?
    /// When the server's silence ends the connection, while a command waits.
    private var deadline = NIODeadline.distantFuture
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    /// A write that waits for its replies, and what to call with them.
    private struct Waiter {
        var remaining: Int
        var replies: [SMTPReply]
        let done: (Result<[SMTPReply], Ending>) -> Void
    }

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes `bytes` (if any), then calls `done` with the next `count` replies, in order, or
    /// with what ended the connection before they all came. Call on the channel's event
    /// loop; `done` runs on it.
    func send(
        _ bytes: ByteBuffer?, replies count: Int, done: @escaping (Result<[SMTPReply], Ending>) -> Void
    ) {
        guard context != nil else { return done(.failure(ending ?? .closed)) }
        var waiter = Waiter(remaining: count, replies: [], done: done)
        waiter.replies.reserveCapacity(count)
        while waiter.remaining > 0, let reply = unclaimed.popFirst() {
            waiter.replies.append(reply)
            waiter.remaining -= 1
        }
        if let bytes, ending == nil { context?.writeAndFlush(NIOAny(bytes), promise: nil) }
        if waiter.remaining == 0 { return done(.success(waiter.replies)) }
        if let ending { return done(.failure(ending)) }
        waiting.append(waiter)
        if waiting.count == 1 { arm() }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        guard !waiting.isEmpty else { return unclaimed.append(reply) }
        let first = waiting.startIndex
        waiting[first].replies.append(reply)
        waiting[first].remaining -= 1
        guard waiting[first].remaining == 0 else { return arm() }
        let waiter = waiting.removeFirst()
        if !waiting.isEmpty { arm() }
        waiter.done(.success(waiter.replies))
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        end(.failed(error))
        context.close(promise: nil)
    }

    func channelInactive(context: ChannelHandlerContext) {
        end(.closed)
        context.fireChannelInactive()
    }

    private func end(_ why: Ending) {
        timer?.cancel()
        timer = nil
        if ending == nil { ending = why }
        while let waiter = waiting.popFirst() { waiter.done(.failure(ending!)) }
    }

    /// Gives the server `timeout` from now to answer. One timer is kept, which looks at the
    /// deadline when it fires rather than being rescheduled for every reply.
    private func arm() {
        deadline = .now() + timeout
        if timer == nil { schedule() }
    }

    private func schedule() {
        guard let context else { return }
        // Scheduled through the loop's isolated view: the task runs on this handler's own event
        // loop, so it may hold the handler, which is not Sendable.
        timer = context.eventLoop.assumeIsolated().scheduleTask(deadline: deadline) { [weak self] in
            self?.timerFired()
        }
    }

    private func timerFired() {
        timer = nil
        guard !waiting.isEmpty, let context else { return }
        if NIODeadline.now() < deadline { return schedule() }
        end(.timedOut)
        context.close(promise: nil)
    }
}
