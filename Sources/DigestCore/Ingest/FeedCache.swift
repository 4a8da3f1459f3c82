package import Foundation

/// Where a feed's last full answer is kept between runs, so that the next run asks the host
/// "has it changed?" and, when it answers `304 Not Modified`, uses what was parsed last time.
///
/// The state store keeps them (`StateFeedCache`); Ingest knows only this protocol.
package protocol FeedCache: Sendable {
    /// The last full answer kept for `url`, or nil.
    func keptAnswer(for url: String) throws(DigestError) -> KeptFeedAnswer?

    /// Keeps `answer` for `url`, replacing what was kept, as used now.
    func keep(_ answer: KeptFeedAnswer, for url: String) throws(DigestError)

    /// Records that a build used the answer kept for `url` now (a `304` that changed nothing),
    /// so that it is not pruned as unused.
    func markUsed(_ url: String) throws(DigestError)
}

/// A feed host's last full answer: its validators, and what was read from it.
package struct KeptFeedAnswer: Sendable, Equatable {
    /// What to send back next time.
    package var validators: FeedValidators
    /// The body, kept only while there is no ``document`` made from it (a body digest could not
    /// parse, or one an older version of digest kept); nil when none was kept.
    package var body: [UInt8]?
    /// The `Content-Type` header, for the charset it may name.
    package var contentType: String?
    /// What the body was parsed into, so that a `304` is not parsed again; nil when none.
    package var document: KeptDocument?
    /// When a build last used the answer; nil when not known (as given to ``FeedCache/keep(_:for:)``).
    package var usedAt: Date?

    /// Creates a kept answer.
    package init(
        validators: FeedValidators, body: [UInt8]?, contentType: String? = nil, document: KeptDocument? = nil,
        usedAt: Date? = nil
    ) {
        self.validators = validators
        self.body = body
        self.contentType = contentType
        self.document = document
        self.usedAt = usedAt
    }

    /// Whether a `304` to these validators leaves something to read: a document this version
    /// of digest made, or a body to parse.
    var canAnswerNotModified: Bool {
        !validators.isEmpty && (body != nil || document?.format == FeedDocument.format)
    }
}

/// A parsed feed document as kept: its encoding and the version of that encoding.
package struct KeptDocument: Sendable, Equatable {
    /// Which digest and which encoding made it (``FeedDocument/format``); another is never decoded.
    package var format: String
    /// The encoded ``FeedDocument``.
    package var bytes: [UInt8]

    /// Creates a kept document.
    package init(format: String, bytes: [UInt8]) {
        self.format = format
        self.bytes = bytes
    }
}
