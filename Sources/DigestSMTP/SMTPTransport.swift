package import DigestCore
import Foundation

/// `digest send --smtp`: an issue's messages to one SMTP server, for ``IssueSender``, which
/// records each reader's outcome in the state store.
///
/// Each of the sender's ``connections`` threads sends on a session of its own, reused for
/// message after message (RSET between them; MAIL, RCPT and DATA pipelined when the server
/// offers it), opened again after an error or when the server ends it (its limit of messages
/// per connection). ``Settings/rate`` holds over all connections.
///
/// One message, one envelope: `MAIL FROM` the bounce address (or the message's From), `RCPT
/// TO` the delivery's reader, the bytes with CRLF line endings and, with a signer, a DKIM
/// signature on top (signed once; nothing changes them after). A 4xx reply, or a connection
/// lost before the data went out, is tried again after a backoff that doubles, up to
/// ``Settings/attempts`` times in the call, then the delivery is `failed` with
/// the last reply (the next send tries again); a 5xx is `failed` with the reply at once; a
/// 250 to the data is `sent` with that reply, which names the queue id. A connection lost
/// after the whole message went out is ``DeliveryOutcome/possiblyDelivered(answer:)``.
///
/// A server that cannot be used at all stops the send with
/// ``DigestError/transportUnusable(transport:reason:)``: TLS that does not verify, a refused
/// password, no STARTTLS, or no connection through every try.
package struct SMTPTransport: Transport {
    /// The server and its account.
    package let server: SMTPServer
    /// Connections, rate, tries and backoff.
    package let settings: Settings
    /// The envelope sender; nil for each message's From address.
    package let bounce: String?
    /// The DKIM signer, if messages are signed.
    package let signer: DKIMSigner?

    private let pool: SMTPSessionPool
    private let limiter: BlockingRateLimiter?

    /// Creates a transport to `server`.
    package init(server: SMTPServer, settings: Settings, bounce: String?, signer: DKIMSigner?) {
        self.server = server
        self.settings = settings
        self.bounce = bounce
        self.signer = signer
        pool = SMTPSessionPool(server: server)
        limiter = settings.rate.map { BlockingRateLimiter(perSecond: $0) }
    }

    /// Creates a transport from `digest send`'s settings.
    package init(_ send: SMTPSendSettings, bounce: String?, signer: DKIMSigner?) {
        self.init(server: send.server, settings: send.delivery, bounce: bounce, signer: signer)
    }

    /// `smtp://host:587` or `smtps://host:465` (no user: attempts name the relay, not the account).
    package var name: String {
        (server.security == .implicitTLS ? "smtps://" : "smtp://") + server.name
    }

    /// The number of sessions at once.
    package var connections: Int { settings.connections }

    /// Opens the first session (TLS, password), trying a connection that fails for a
    /// passing reason ``Settings/attempts`` times.
    package func prepare() throws(DigestError) {
        var attempt = 1
        while true {
            do throws(SMTPError) {
                pool.giveBack(try pool.take())
                return
            } catch {
                guard error.isTransient, attempt < settings.attempts else {
                    throw .transportUnusable(transport: name, reason: SMTPTransport.tries(error.description, attempt))
                }
            }
            pause(after: attempt)
            attempt += 1
        }
    }

    /// Sends one message (see the type's description for what each answer becomes).
    package func deliver(_ message: OutgoingMessage) throws(DigestError) -> DeliveryOutcome {
        let outgoing: SMTPMessage
        do throws(DigestError) {
            outgoing = try envelope(
                of: message.bytes, to: [message.recipient], id: message.messageID, file: message.file)
        } catch {
            return .failed(answer: "\(message.file): \(error.description)")
        }
        switch try send(outgoing).first ?? .deferred(reason: "no recipient was sent") {
        case .sent(let reply): return .sent(answer: reply)
        case .failed(let reply, _): return .failed(answer: reply)
        case .possiblyDelivered(let why): return .possiblyDelivered(answer: why)
        case .deferred(let why): return .failed(answer: why + "; the next digest send tries again")
        }
    }

    /// Sends one envelope, and says what became of each of its recipients, in their order.
    ///
    /// Only the recipients deferred (4xx, or a connection lost before the data went out) are
    /// tried again, after the backoff, up to ``Settings/attempts`` times; a recipient deferred
    /// through every try is ``RecipientOutcome/deferred(reason:)`` saying how often it was tried.
    ///
    /// - Throws: ``DigestError/transportUnusable(transport:reason:)`` when the server cannot be
    ///   used at all, or no try could connect.
    package func send(_ message: SMTPMessage) throws(DigestError) -> [RecipientOutcome] {
        var outcomes: [String: RecipientOutcome] = [:]
        var pending = message
        var attempt = 1
        var connectFailures = 0
        // A reused session the server ended (its limit, its idle time) is no try: the message
        // goes at once on a new session. Bounded, as each idle session can end only once.
        var freeRetries = settings.connections + 1
        while true {
            limiter?.wait()
            var retryAtOnce = false
            var deferred: [(recipient: String, reason: String)] = []
            do throws(SMTPError) {
                let lent = try pool.take()
                let (result, ended) = pool.send(pending, on: lent)
                switch result {
                case .success(let answers):
                    for (recipient, answer) in zip(pending.recipients, answers) {
                        if case .deferred(let why) = answer {
                            deferred.append((recipient, why))
                        } else {
                            outcomes[recipient] = answer
                        }
                    }
                    retryAtOnce = lent.isReused && ended
                case .failure(let error):
                    deferred = pending.recipients.map { ($0, error.description) }
                    retryAtOnce = lent.isReused
                }
            } catch {
                guard error.isTransient else {
                    throw .transportUnusable(transport: name, reason: error.description)
                }
                deferred = pending.recipients.map { ($0, error.description) }
                connectFailures += 1
            }
            guard let last = deferred.last else { break }
            pending.recipients = deferred.map(\.recipient)
            if retryAtOnce, freeRetries > 0 {
                freeRetries -= 1
                continue
            }
            if attempt >= settings.attempts {
                if connectFailures == attempt {
                    throw .transportUnusable(transport: name, reason: SMTPTransport.tries(last.reason, attempt))
                }
                for (recipient, reason) in deferred {
                    outcomes[recipient] = .deferred(reason: SMTPTransport.tries(reason, attempt))
                }
                break
            }
            pause(after: attempt)
            attempt += 1
        }
        return message.recipients.map { outcomes[$0] ?? .deferred(reason: "it was not sent") }
    }

    /// Says QUIT on every session.
    package func finish() {
        pool.quitAll()
    }

    /// The envelope and the final bytes of a message for `recipients`: `MAIL FROM` the bounce
    /// address, else the message's From; CRLF line endings; signed when there is a signer.
    ///
    /// - Throws: ``DigestError/invalidAddress(_:reason:)`` for a sender or recipient that cannot
    ///   go in an envelope, ``DigestError/unreadableMessage(path:reason:)`` when it cannot be signed.
    package func envelope(of bytes: [UInt8], to recipients: [String], id: String, file: String) throws(DigestError)
        -> SMTPMessage
    {
        let sender: String
        if let bounce {
            sender = bounce
        } else {
            guard let from = HeaderReader.value(of: "From", in: bytes) else {
                throw .invalidAddress("", reason: "the message has no From, and no bounce address is set")
            }
            sender = try Mailbox(parsing: from).address
        }
        for address in [sender] + recipients where !SMTPTransport.fitsEnvelope(address) {
            throw .invalidAddress(address, reason: "it cannot go in an SMTP envelope (spaces, controls, <>, or no @)")
        }
        let final: [UInt8]
        do {
            final = try SMTPTransport.finalBytes(bytes, signer: signer, time: Int(Date().timeIntervalSince1970))
        } catch {
            throw .unreadableMessage(path: file, reason: "it cannot be DKIM-signed: \(error)")
        }
        return SMTPMessage(id: id, sender: sender, recipients: recipients, data: final)
    }

    /// The bytes as they go out: with a signer, CRLF line endings and the DKIM signature on
    /// top (the signature covers the CRLF form, which the wire then leaves as it is); without
    /// one, the bytes as they are, since the wire form (``DotStuffing``) makes every line end
    /// CRLF in the same pass that copies it, and a second look first would cost a pass.
    package static func finalBytes(_ bytes: [UInt8], signer: DKIMSigner?, time: Int) throws -> [UInt8] {
        guard let signer else { return bytes }
        return try signer.sign(LineEnds.crlf(bytes), time: time)
    }

    /// Whether `address` can go between `<` and `>` of MAIL or RCPT as it is: printable
    /// ASCII without spaces or angle brackets, with an `@` (so no command can be slipped in).
    static func fitsEnvelope(_ address: String) -> Bool {
        address.contains("@")
            && address.utf8.allSatisfy { byte in
                (0x21...0x7E).contains(byte) && byte != UInt8(ascii: "<") && byte != UInt8(ascii: ">")
            }
    }

    /// `reason`, saying how often it was tried when more than once.
    private static func tries(_ reason: String, _ count: Int) -> String {
        count > 1 ? "\(reason) (tried \(count) times)" : reason
    }

    /// Waits out the backoff after try `attempt`: ``Settings/backoff``, doubled
    /// for each try after the first.
    private func pause(after attempt: Int) {
        let base = settings.backoff.components
        let seconds = Double(base.seconds) + Double(base.attoseconds) / 1e18
        Thread.sleep(forTimeInterval: seconds * Double(1 << min(attempt - 1, 16)))
    }
}
