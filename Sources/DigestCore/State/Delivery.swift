package import Foundation

/// One issue's message for one recipient, and what became of it.
package struct Delivery: Sendable, Equatable {
    /// Where a delivery stands.
    package enum State: String, Sendable, Codable, CaseIterable {
        /// Built, not attempted yet.
        case pending
        /// An attempt began and has no outcome: it is under way, or the run was killed
        /// during it (the transport may or may not have taken the message).
        case inFlight = "in-flight"
        /// The transport accepted the message.
        case sent
        /// The last attempt failed; a later `digest send` tries again.
        case failed
        /// Not sent because the address is suppressed.
        case suppressed
    }

    /// The store's id of the delivery (used by ``StateStore/beginAttempt(_:transport:at:)``).
    package let id: Int64
    /// The store number of the issue.
    package let issue: Int
    /// The issue revision the message belongs to.
    package let revision: Int
    /// The recipient's address, as the build wrote it.
    package let recipient: String
    /// The message's `Message-ID`.
    package let messageID: String
    /// The message file's path.
    package let file: String
    /// Where it stands.
    package let state: State
    /// The last answer of the relay or of sendmail (or why it was suppressed), if any.
    package let lastAnswer: String?
}

/// One attempt at a delivery.
package struct DeliveryAttempt: Sendable, Equatable {
    /// The store's id of the attempt, handed to ``StateStore/recordOutcome(_:_:at:)``.
    package let id: Int64
    /// The delivery it belongs to.
    package let delivery: Int64
    /// When it began.
    package let startedAt: Date
    /// When its outcome was recorded; nil while in flight (or after a kill during it).
    /// An attempt whose answer never came (``DeliveryOutcome/possiblyDelivered(answer:)``) has
    /// this time and its answer but no outcome.
    package let finishedAt: Date?
    /// The transport that carried it: `sendmail`, `smtp://relay.example:587`.
    package let transport: String
    /// The outcome, once known: `sent` or `failed`; nil when unknown.
    package let outcome: Delivery.State?
    /// The relay's reply or sendmail's exit and first line of error output.
    package let answer: String?
}

/// The end of one attempt, as the transport reported it.
package enum DeliveryOutcome: Sendable, Equatable {
    /// Accepted; the relay's reply (`250 2.0.0 Ok: queued as 4F2…`) or `sendmail exited 0`.
    case sent(answer: String)
    /// Not accepted; what was said (a relay's reply starts with its code: `550 5.1.1 …` is
    /// refused for good, `451 4.3.0 …` was deferred through every try of the run). The delivery
    /// becomes `failed` and a later send retries it.
    case failed(answer: String)
    /// The whole message went out but no answer came (the connection broke after the data):
    /// the relay may have taken it. The delivery stays `in-flight`, as after a kill, so the next
    /// send sends it again and says the reader may get it twice.
    case possiblyDelivered(answer: String)
}
