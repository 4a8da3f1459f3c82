import NIOCore
import NIOPosix
import NIOSSL

/// One open, greeted, secured and authenticated SMTP session, which sends many messages in
/// turn (RFC 5321): MAIL, RCPT and DATA pipelined (RFC 2920) when the server offers it, RSET
/// before every message after the first.
///
/// Not for use by two tasks at once.
final class SMTPSession {
    let server: SMTPServer
    private let channel: any Channel
    private let handler: NIOLoopBound<SMTPReplyHandler>
    private var extensions: [String: [String]] = [:]
    /// How many messages this session has carried (or tried to): after the first, a session
    /// the server ended may simply have reached its limit or idle time.
    private(set) var messagesSent = 0
    /// Whether the session can take another message.
    private(set) var isUsable = true

    private init(server: SMTPServer, channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>) {
        self.server = server
        self.channel = channel
        self.handler = handler
    }

    /// Connects, reads the greeting, says EHLO, starts TLS as configured and logs in.
    static func open(to server: SMTPServer, group: any EventLoopGroup) async throws(SMTPError) -> SMTPSession {
        guard server.security != .none || server.isLoopback else {
            throw .unsafe(server: server.name, reason: "plain text (no TLS) is only allowed to a loopback address")
        }
        let tls: NIOSSLContext?
        do {
            tls = server.security == .none ? nil : try makeTLSContext(for: server)
        } catch {
            throw .tls(server: server.name, reason: "\(error)")
        }
        let timeout = TimeAmount.nanoseconds(Int64(server.timeout.components.seconds) * 1_000_000_000)
        let implicit = server.security == .implicitTLS ? tls : nil
        let hostname = server.isIPAddress ? nil : server.host
        let channel: any Channel
        do {
            channel = try await ClientBootstrap(group: group)
                .connectTimeout(timeout)
                .channelOption(.socketOption(.tcp_nodelay), value: 1)
                .channelInitializer { channel in
                    channel.eventLoop.makeCompletedFuture {
                        if let implicit {
                            try channel.pipeline.syncOperations.addHandler(
                                NIOSSLClientHandler(context: implicit, serverHostname: hostname))
                        }
                        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(SMTPReplyDecoder()))
                        try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler(timeout: timeout))
                    }
                }
                .connect(host: server.host, port: server.port).get()
        } catch {
            throw .connectFailed(server: server.name, reason: "\(error)")
        }
        let handler: NIOLoopBound<SMTPReplyHandler>
        do {
            handler = try await channel.eventLoop.submit {
                NIOLoopBound(
                    try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self),
                    eventLoop: channel.eventLoop)
            }.get()
        } catch {
            channel.close(promise: nil)
            throw .connectionLost(server: server.name)
        }
        let session = SMTPSession(server: server, channel: channel, handler: handler)
        do {
            try await session.greet(tls: tls, hostname: hostname)
        } catch {
            session.close()
            throw error
        }
        return session
    }

    private func greet(tls: NIOSSLContext?, hostname: String?) async throws(SMTPError) {
        let greeting = try await exchange(nil as ByteBuffer?, replies: 1)[0]
        guard greeting.code == 220 else { throw .refused(server: server.name, step: "the connection", reply: greeting) }
        try await hello()
        if server.security == .startTLS {
            guard extensions["STARTTLS"] != nil else {
                throw .unsafe(
                    server: server.name,
                    reason: "it does not offer STARTTLS, and the password and mail would go in plain text")
            }
            let reply = try await exchange("STARTTLS\r\n", replies: 1)[0]
            guard reply.code == 220 else { throw .refused(server: server.name, step: "STARTTLS", reply: reply) }
            do {
                try await channel.eventLoop.submit { [channel] in
                    try channel.pipeline.syncOperations.addHandler(
                        NIOSSLClientHandler(context: tls!, serverHostname: hostname), position: .first)
                }.get()
            } catch {
                throw .tls(server: server.name, reason: "\(error)")
            }
            try await hello()
        }
        if let user = server.user {
            try await authenticate(user: user, password: server.password ?? "")
        }
    }

    private func hello() async throws(SMTPError) {
        let reply = try await exchange("EHLO \(server.helo)\r\n", replies: 1)[0]
        guard reply.code == 250 else { throw .refused(server: server.name, step: "EHLO", reply: reply) }
        extensions = reply.extensions
    }

    /// AUTH PLAIN when offered, else AUTH LOGIN (RFC 4954).
    private func authenticate(user: String, password: String) async throws(SMTPError) {
        let offered = Set((extensions["AUTH"] ?? []).map { $0.uppercased() })
        let reply: SMTPReply
        switch server.authMechanisms.first(where: offered.contains) {
        case "PLAIN":
            let token = Base64.encode(Array(("\u{0}" + user + "\u{0}" + password).utf8))
            reply = try await exchange("AUTH PLAIN \(token)\r\n", replies: 1)[0]
        case "LOGIN":
            let first = try await exchange("AUTH LOGIN\r\n", replies: 1)[0]
            guard first.code == 334 else { throw .refused(server: server.name, step: "AUTH LOGIN", reply: first) }
            let second = try await exchange(Base64.encode(Array(user.utf8)) + "\r\n", replies: 1)[0]
            guard second.code == 334 else { throw .refused(server: server.name, step: "the user name", reply: second) }
            reply = try await exchange(Base64.encode(Array(password.utf8)) + "\r\n", replies: 1)[0]
        default:
            throw .unsafe(
                server: server.name,
                reason: offered.isEmpty
                    ? "it offers no AUTH, but a user is configured"
                    : "it offers AUTH \(offered.sorted().joined(separator: " ")) but not PLAIN or LOGIN")
        }
        guard reply.code == 235 else {
            throw .refused(server: server.name, step: "the password for \(user)", reply: reply)
        }
    }

    /// Sends one message and says what became of each recipient.
    ///
    /// Throws only when the connection failed before the end of the message was sent (so
    /// the message was certainly not taken); afterwards a lost connection is reported as
    /// ``RecipientOutcome/possiblyDelivered(reason:)``.
    func send(_ message: SMTPMessage) async throws(SMTPError) -> [RecipientOutcome] {
        // The wire form first: its size, with CRLF line ends, is what SIZE declares.
        var wire = channel.allocator.buffer(capacity: message.data.count + 64)
        let size = DotStuffing.write(message.data, into: &wire)
        if let limit = extensions["SIZE"]?.first.flatMap(Int.init), limit > 0, size > limit {
            let reason = "552 the message is \(size) bytes, more than the \(limit) \(server.name) accepts"
            return message.recipients.map { _ in .failed(reply: reason, suppress: false) }
        }
        var parameters = ""
        if extensions["SIZE"] != nil { parameters += " SIZE=\(size)" }
        if extensions["8BITMIME"] != nil, EightBit.occurs(in: message.data) {
            parameters += " BODY=8BITMIME"
        }
        var commands: [String] = []
        let reset = messagesSent > 0
        if reset { commands.append("RSET\r\n") }
        commands.append("MAIL FROM:<\(message.sender)>\(parameters)\r\n")
        for recipient in message.recipients { commands.append("RCPT TO:<\(recipient)>\r\n") }
        commands.append("DATA\r\n")
        messagesSent += 1

        var replies: [SMTPReply]
        if extensions["PIPELINING"] != nil {
            replies = try await exchange(commands.joined(), replies: commands.count)
        } else {
            replies = []
            for command in commands {
                let reply = try await exchange(command, replies: 1)[0]
                replies.append(reply)
                if command.hasPrefix("MAIL"), !reply.isPositive { break }
            }
        }
        if reset, let first = replies.first {
            replies.removeFirst()
            guard first.code == 250 else { throw closing(after: first) }
        }
        let mail = replies[0]
        guard mail.isPositive else {
            if mail.code == 421 { isUsable = false }
            return message.recipients.map { _ in SMTPSession.outcome(of: mail) }
        }
        var outcomes: [RecipientOutcome?] = message.recipients.indices.map { index in
            let reply = replies[1 + index]
            if reply.code == 421 { isUsable = false }
            return reply.isPositive ? nil : SMTPSession.outcome(of: reply)
        }
        let data = replies[replies.count - 1]
        if data.code == 421 { isUsable = false }
        guard data.code == 354 else {
            return outcomes.map { $0 ?? SMTPSession.outcome(of: data) }
        }
        guard outcomes.contains(where: { $0 == nil }) else {
            // RFC 2920 §3.1: DATA accepted although no recipient was; end it empty.
            _ = try await exchange(".\r\n", replies: 1)
            return outcomes.map { $0! }
        }
        let end: SMTPReply
        do {
            end = try await exchange(wire, replies: 1)[0]
        } catch {
            isUsable = false
            let reason = "\(error.description) after the whole message was sent, before it said whether it took it"
            return outcomes.map { $0 ?? .possiblyDelivered(reason: reason) }
        }
        if end.code == 421 { isUsable = false }
        let result: RecipientOutcome =
            end.code == 250 ? .sent(queueID: end.description) : SMTPSession.outcome(of: end)
        for index in outcomes.indices where outcomes[index] == nil { outcomes[index] = result }
        return outcomes.map { $0! }
    }

    /// Says QUIT and closes, without waiting long.
    func quit() async {
        if isUsable { _ = try? await exchange("QUIT\r\n", replies: 1) }
        close()
    }

    /// Closes the connection now.
    func close() {
        isUsable = false
        channel.close(promise: nil)
    }

    private func closing(after reply: SMTPReply) -> SMTPError {
        isUsable = false
        return .refused(server: server.name, step: "RSET", reply: reply)
    }

    private static func outcome(of reply: SMTPReply) -> RecipientOutcome {
        if reply.isPermanent { return .failed(reply: reply.description, suppress: reply.isBadMailbox) }
        return .deferred(reason: reply.description)
    }

    private func exchange(_ text: String?, replies count: Int) async throws(SMTPError) -> [SMTPReply] {
        try await exchange(text.map { channel.allocator.buffer(string: $0) }, replies: count)
    }

    /// Writes `buffer` (the bytes as they go on the wire, handed to the channel as they are)
    /// and waits for `count` replies, in order: one hop to the channel's loop and one back.
    private func exchange(_ buffer: ByteBuffer?, replies count: Int) async throws(SMTPError) -> [SMTPReply] {
        let handler = self.handler
        let loop = channel.eventLoop
        let result = await withUnsafeContinuation { (continuation: UnsafeContinuation<Answer, Never>) in
            loop.execute {
                handler.value.send(buffer, replies: count) { continuation.resume(returning: $0) }
            }
        }
        switch result {
        case .success(let replies):
            return replies
        case .failure(let ending):
            isUsable = false
            channel.close(promise: nil)
            throw describe(ending)
        }
    }

    /// The replies to one exchange, or what ended the connection first.
    private typealias Answer = Result<[SMTPReply], SMTPReplyHandler.Ending>

    private func describe(_ error: any Error) -> SMTPError {
        switch error {
        case SMTPReplyHandler.Ending.closed:
            return .connectionLost(server: server.name)
        case SMTPReplyHandler.Ending.timedOut:
            return .timedOut(server: server.name, seconds: Int(server.timeout.components.seconds))
        case SMTPReplyHandler.Ending.failed(let cause):
            if let malformed = cause as? SMTPReplyParser.Malformed {
                return .malformedReply(server: server.name, reason: malformed.description)
            }
            if cause is NIOSSLError || cause is BoringSSLError || cause is NIOSSLExtraError {
                return .tls(server: server.name, reason: "\(cause)")
            }
            if let channelError = cause as? ChannelError, channelError == .eof || channelError == .ioOnClosedChannel {
                return .connectionLost(server: server.name)
            }
            return .connectFailed(server: server.name, reason: "\(cause)")
        default:
            return .connectionLost(server: server.name)
        }
    }

    private static func makeTLSContext(for server: SMTPServer) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.minimumTLSVersion = .tlsv12
        if server.insecure {
            configuration.certificateVerification = .none
        } else if let caFile = server.caFile {
            configuration.trustRoots = .file(caFile)
        }
        return try NIOSSLContext(configuration: configuration)
    }
}

extension SMTPServer {
    /// Whether `host` is an IP address (then the certificate must name that address).
    var isIPAddress: Bool {
        host.contains(":") || host.split(separator: ".").count == 4 && host.allSatisfy { $0.isNumber || $0 == "." }
    }
}
