/// One way of handing a finished message to the mail system: a sendmail program, or an SMTP
/// relay. ``IssueSender`` records an attempt in the state store before each call and the
/// outcome after it, so a transport only has to carry the message and say what happened.
///
/// ``IssueSender`` calls ``prepare()`` once before the first message, then ``deliver(_:)`` in
/// send order from one thread, or, when ``connections`` is more than 1, from that many threads
/// at once (one per connection, each taking the next message), then ``finish()``. Each may
/// block the calling thread; none is called on Swift concurrency's cooperative pool.
package protocol Transport: Sendable {
    /// What each attempt records as its transport: `sendmail`, `smtp://relay.example:587`.
    var name: String { get }

    /// How many messages may be under way at once (1: one after the other).
    var connections: Int { get }

    /// Gets ready to carry messages (an SMTP transport connects, secures and logs in), so that
    /// a transport that cannot work stops the send before anything is recorded.
    ///
    /// - Throws: ``DigestError/transportUnusable(transport:reason:)``.
    func prepare() throws(DigestError)

    /// Hands one message over and waits for the answer.
    ///
    /// - Returns: ``DeliveryOutcome/sent(answer:)`` with the relay's reply (or the program's
    ///   exit), ``DeliveryOutcome/failed(answer:)`` with what was said, or
    ///   ``DeliveryOutcome/possiblyDelivered(answer:)``; a later send retries all but the first.
    /// - Throws: ``DigestError/transportUnusable(transport:reason:)`` when no message can go
    ///   (every later one would fail the same way): the send records this attempt as failed
    ///   and stops.
    func deliver(_ message: OutgoingMessage) throws(DigestError) -> DeliveryOutcome

    /// Ends what ``prepare()`` and ``deliver(_:)`` opened (an SMTP transport says QUIT).
    func finish()
}

extension Transport {
    /// One message at a time.
    package var connections: Int { 1 }

    /// Nothing to get ready.
    package func prepare() throws(DigestError) {}

    /// Nothing to end.
    package func finish() {}
}

/// A message on its way: the bytes of its file (CRLF line endings), its recipient and its id.
package struct OutgoingMessage: Sendable {
    /// The address the message is for (the envelope recipient over SMTP).
    package let recipient: String
    /// Its `Message-ID`.
    package let messageID: String
    /// The message file's path.
    package let file: String
    /// The message, as written in the file.
    package let bytes: [UInt8]

    /// Creates an outgoing message.
    package init(recipient: String, messageID: String, file: String, bytes: [UInt8]) {
        self.recipient = recipient
        self.messageID = messageID
        self.file = file
        self.bytes = bytes
    }
}

extension Sendmail: Transport {
    /// `sendmail`, as attempts record it.
    package var name: String { "sendmail" }

    /// Pipes the message into the program (recipients from its headers, LF line endings).
    package func deliver(_ message: OutgoingMessage) -> DeliveryOutcome {
        if let failure = send(message.bytes) { return .failed(answer: failure) }
        return .sent(answer: "\(command[0]) exited with status 0")
    }
}
