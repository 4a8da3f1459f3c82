public import Foundation

/// One issue as the state store keeps it: the window, what it carried, how far it went.
public struct StoredIssue: Sendable, Equatable {
    /// The store's number for the issue, 1, 2, 3… in build order: what `--issue N` names.
    public let id: Int
    /// The number the reader sees (`Vol. 2019, No. 3`), when the list numbers its issues.
    public let label: IssueNumber?
    /// The window the issue covers, both days included.
    public let window: DateWindow
    /// When the current revision was built.
    public let builtAt: Date
    /// The ids of the items the issue carried (every reader's items together), in order.
    public let itemIDs: [String]
    /// How far the issue has gone.
    public let status: IssueStatus
    /// 1 for the first build; each `--revise` of an issue already (partly) sent adds 1.
    public let revision: Int
}

/// What a build made, handed to ``StateStore/recordIssue(_:)``.
public struct IssueDraft: Sendable {
    /// The window the issue covers.
    public var window: DateWindow
    /// The number the reader sees, if the list numbers its issues.
    public var label: IssueNumber?
    /// The ids of the items the issue carries, in order.
    public var itemIDs: [String]
    /// The messages made, one per recipient, in the order they should be sent.
    public var messages: [BuiltMessage]
    /// When the messages were built.
    public var builtAt: Date
    /// Allows replacing an issue that has already been sent, even in part, as a new revision.
    public var revise: Bool
    /// The store number of an unsent issue this build replaces even though its window differs
    /// (`--since last` run again before the send: the draft is rebuilt, not doubled).
    public var replacing: Int?

    /// Creates a draft.
    public init(
        window: DateWindow, label: IssueNumber? = nil, itemIDs: [String], messages: [BuiltMessage],
        builtAt: Date = Date(), revise: Bool = false, replacing: Int? = nil
    ) {
        self.window = window
        self.label = label
        self.itemIDs = itemIDs
        self.messages = messages
        self.builtAt = builtAt
        self.revise = revise
        self.replacing = replacing
    }
}

/// One message a build wrote: for whom, its Message-ID, and its file.
public struct BuiltMessage: Sendable, Equatable {
    /// The reader's address (for a whole-list message, the list address it is sent to).
    public var recipient: String
    /// The message's `Message-ID`, with its angle brackets.
    public var messageID: String
    /// The message file's path.
    public var file: String

    /// Creates a message record.
    public init(recipient: String, messageID: String, file: String) {
        self.recipient = recipient
        self.messageID = messageID
        self.file = file
    }
}
