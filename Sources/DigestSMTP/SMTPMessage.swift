/// One message ready to go: its envelope and its final bytes (signed if it is signed at all;
/// nothing changes them after this but the wire form: CRLF line endings and dot-stuffing).
package struct SMTPMessage: Sendable {
    /// The id the outcome is recorded under (the Message-ID).
    package let id: String
    /// The envelope sender (MAIL FROM), where bounces go.
    package let sender: String
    /// The envelope recipients (RCPT TO).
    package var recipients: [String]
    /// The message, not dot-stuffed; CRLF line endings when signed. On the wire (``DotStuffing``)
    /// every line ends in CRLF, so a message with bare LFs counts those CRs in SIZE only there.
    package let data: [UInt8]

    /// Creates a message.
    package init(id: String, sender: String, recipients: [String], data: [UInt8]) {
        self.id = id
        self.sender = sender
        self.recipients = recipients
        self.data = data
    }
}

/// What became of one recipient of one message.
package enum RecipientOutcome: Sendable, Equatable {
    /// The server took it; its reply to the end of data, as it wrote it (`250 2.0.0 Ok:
    /// queued as 4F2…`: it names the queue id).
    case sent(queueID: String)
    /// A temporary failure (4xx, or the connection broke before the message was sent): try
    /// again later.
    case deferred(reason: String)
    /// A permanent failure (5xx) with the server's reply; `suppress` when the reply says the
    /// mailbox does not exist (5.1.x), so the address should be taken off the list.
    case failed(reply: String, suppress: Bool)
    /// The whole message went out but the connection was lost before the server said whether
    /// it took it: it may have been delivered, so sending it again may duplicate it.
    case possiblyDelivered(reason: String)
}
