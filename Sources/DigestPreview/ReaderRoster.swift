package import DigestCore

/// The readers of a subscriber list, as the preview's reader picker shows them: who gets a
/// message (those are ``PreviewContent/messages``), who gets none and why, and how many
/// messages the preview did not keep.
package struct ReaderRoster: Sendable {
    /// Why a listed reader gets no message.
    package enum Reason: Sendable, Equatable {
        /// Their topics have no item in the window.
        case nothingInTheirTopics
        /// The state store suppresses their address (unsubscribed, bounced or complained).
        case suppressed
    }

    /// A listed reader without a message.
    package struct Absent: Sendable {
        /// The reader.
        package let subscriber: Subscriber
        /// Why they get nothing.
        package let reason: Reason
    }

    /// The subscriber list, as given.
    package var file: String
    /// How many rows of the list are readers (rows rejected left out).
    package var listed: Int
    /// Listed readers who get no message, in list order within each reason.
    package var absent: [Absent]
    /// Readers whose message was made but not kept, past ``PreviewContent/readerLimit``.
    package var notKept: Int

    /// Creates a roster.
    package init(file: String, listed: Int, absent: [Absent] = [], notKept: Int = 0) {
        self.file = file
        self.listed = listed
        self.absent = absent
        self.notKept = notKept
    }

    /// Why `address` (compared without case) gets no message, if it is a listed reader without one.
    package func reason(forReader address: String) -> Reason? {
        let wanted = address.lowercased()
        return absent.first { $0.subscriber.mailbox.address.lowercased() == wanted }?.reason
    }
}

extension ReaderRoster.Reason: CustomStringConvertible {
    /// The reason in words: "nothing in their topics", "suppressed".
    package var description: String {
        switch self {
        case .nothingInTheirTopics: "nothing in their topics in this window"
        case .suppressed: "suppressed in the state store (unsubscribed or bounced)"
        }
    }
}
