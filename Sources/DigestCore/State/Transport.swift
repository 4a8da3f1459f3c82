/// One way of handing a finished message to the mail system: a sendmail program, or an SMTP
/// relay. ``IssueSender`` records an attempt in the state store before each call and the
/// outcome after it, so a transport only has to carry the message and say what happened.
///
/// ``IssueSender`` calls ``deliver(_:)`` in send order from one thread, or, when
/// ``connections`` is more than 1, from that many threads at once (one per connection, each
/// taking the next message). It may block the calling thread; it is never called on Swift
/// concurrency's cooperative pool.
package protocol Transport: Sendable {
    /// What each attempt records as its transport: `sendmail`, `smtp://relay.example:587`.
    var name: String { get }

    /// How many messages may be under way at once (1: one after the other).
    var connections: Int { get }

    /// Hands one message over and waits for the answer.
    ///
    /// - Returns: ``DeliveryOutcome/sent(answer:)`` with the relay's reply (or the program's
    ///   exit), or ``DeliveryOutcome/failed(answer:)`` with what was said; a later send retries
    ///   a failed message.
    func deliver(_ message: OutgoingMessage) -> DeliveryOutcome
}

extension Transport {
    /// One message at a time.
    package var connections: Int { 1 }
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
