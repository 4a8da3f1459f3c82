/// A reader of the newsletter and the topics they follow.
package struct Subscriber: Hashable, Sendable {
    /// The reader's address, with their name as display name when known.
    package let mailbox: Mailbox
    /// Topics followed, as written in the list; empty means every topic.
    package let topics: [String]
    /// Where the reader was read (file and line), for messages.
    package let origin: SourceLocation

    /// Creates a subscriber.
    package init(mailbox: Mailbox, topics: [String], origin: SourceLocation) {
        self.mailbox = mailbox
        self.topics = topics
        self.origin = origin
    }

    /// The reader's name, if the list gives one.
    package var name: String? { mailbox.displayName?.value }

    /// Whether the reader follows every topic.
    package var followsEverything: Bool { topics.isEmpty }

    /// The followed topics, lower-cased, or nil for every topic.
    package var topicKeys: Set<String>? {
        topics.isEmpty ? nil : Set(topics.map { $0.lowercased() })
    }
}
