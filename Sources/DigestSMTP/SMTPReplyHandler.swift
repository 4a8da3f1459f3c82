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
    private var waiting = CircularBuffer<EventLoopPromise<SMTPReply>>()
    private var unclaimed = CircularBuffer<SMTPReply>()
    private var ending: Ending?
    private var timer: Scheduled<Void>?
    private var context: ChannelHandlerContext?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        self.context = nil
    }

    /// Writes `bytes` (if any) and waits for `count` replies. Call on the channel's event loop.
    func send(_ bytes: ByteBuffer?, replies count: Int, on loop: any EventLoop) -> [EventLoopFuture<SMTPReply>] {
        guard let context else {
            return (0..<count).map { _ in loop.makeFailedFuture(ending ?? Ending.closed) }
        }
        let promises = (0..<count).map { _ in loop.makePromise(of: SMTPReply.self) }
        for promise in promises { expect(promise) }
        if let bytes, ending == nil { context.writeAndFlush(NIOAny(bytes), promise: nil) }
        return promises.map(\.futureResult)
    }

    private func expect(_ promise: EventLoopPromise<SMTPReply>) {
        if let reply = unclaimed.popFirst() {
            promise.succeed(reply)
        } else if let ending {
            promise.fail(ending)
        } else {
            waiting.append(promise)
            if waiting.count == 1 { arm() }
        }
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let reply = unwrapInboundIn(data)
        if let promise = waiting.popFirst() {
            if waiting.isEmpty { timer?.cancel() } else { arm() }
            promise.succeed(reply)
        } else {
            unclaimed.append(reply)
        }
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
        if ending == nil { ending = why }
        while let promise = waiting.popFirst() { promise.fail(ending!) }
    }

    private func arm() {
        timer?.cancel()
        guard let context else { return }
        // Scheduled through the loop's isolated view: the task runs on this handler's own event
        // loop, so it may hold the handler, which is not Sendable.
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: timeout) { [weak self] in
            guard let self, let context = self.context else { return }
            self.end(.timedOut)
            context.close(promise: nil)
        }
    }
}
