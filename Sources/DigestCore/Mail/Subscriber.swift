/// A reader of the newsletter and the topics they follow.
public struct Subscriber: Hashable, Sendable {
    /// The reader's address, with their name as display name when known.
    public let mailbox: Mailbox
    /// Topics followed, as written in the list; empty means every topic.
    public let topics: [String]
    /// Where the reader was read (file and line), for messages.
    public let origin: SourceLocation

    /// Creates a subscriber.
    public init(mailbox: Mailbox, topics: [String], origin: SourceLocation) {
        self.mailbox = mailbox
        self.topics = topics
        self.origin = origin
    }

    /// The reader's name, if the list gives one.
    public var name: String? { mailbox.displayName?.value }

    /// Whether the reader follows every topic.
    public var followsEverything: Bool { topics.isEmpty }

    /// The followed topics, lower-cased, or nil for every topic.
    public var topicKeys: Set<String>? {
        topics.isEmpty ? nil : Set(topics.map { $0.lowercased() })
    }
}
