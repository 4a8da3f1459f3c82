/// Where a feed's last full answer is kept between runs, so that the next run asks the host
/// "has it changed?" and reads the kept body when it answers `304 Not Modified`.
///
/// The state store keeps them (`StateFeedCache`); Ingest knows only this protocol.
package protocol FeedCache: Sendable {
    /// The last full answer kept for `url`, or nil.
    func keptAnswer(for url: String) throws(DigestError) -> KeptFeedAnswer?

    /// Keeps `answer` for `url`, replacing what was kept.
    func keep(_ answer: KeptFeedAnswer, for url: String) throws(DigestError)
}

/// A feed host's last full answer: its validators, its body and its `Content-Type`.
package struct KeptFeedAnswer: Sendable, Equatable {
    /// What to send back next time.
    package var validators: FeedValidators
    /// The body; nil when none was kept (a `304` then cannot be used).
    package var body: [UInt8]?
    /// The `Content-Type` header, for the charset it may name.
    package var contentType: String?

    /// Creates a kept answer.
    package init(validators: FeedValidators, body: [UInt8]?, contentType: String? = nil) {
        self.validators = validators
        self.body = body
        self.contentType = contentType
    }
}
