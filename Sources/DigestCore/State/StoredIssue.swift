package import Foundation

/// One issue as the state store keeps it: the window, what it carried, how far it went.
package struct StoredIssue: Sendable, Equatable {
    /// The store's number for the issue, 1, 2, 3… in build order: what `--issue N` names.
    package let id: Int
    /// The number the reader sees (`Vol. 2019, No. 3`), when the list numbers its issues.
    package let label: IssueNumber?
    /// The window the issue covers, both days included.
    package let window: DateWindow
    /// When the current revision was built.
    package let builtAt: Date
    /// The ids of the items the issue carried (every reader's items together), in order.
    package let itemIDs: [String]
    /// How far the issue has gone.
    package let status: IssueStatus
    /// 1 for the first build; each `--revise` of an issue already (partly) sent adds 1.
    package let revision: Int
}

/// What a build made, handed to ``StateStore/recordIssue(_:)``.
package struct IssueDraft: Sendable {
    /// The window the issue covers.
    package var window: DateWindow
    /// The number the reader sees, if the list numbers its issues.
    package var label: IssueNumber?
    /// The ids of the items the issue carries, in order.
    package var itemIDs: [String]
    /// The messages made, one per recipient, in the order they should be sent.
    package var messages: [BuiltMessage]
    /// When the messages were built.
    package var builtAt: Date
    /// Allows replacing an issue that has already been sent, even in part, as a new revision.
    package var revise: Bool
    /// The store number of an unsent issue this build replaces even though its window differs
    /// (`--since last` run again before the send: the draft is rebuilt, not doubled).
    package var replacing: Int?

    /// Creates a draft.
    package init(
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
package struct BuiltMessage: Sendable, Equatable {
    /// The reader's address (for a whole-list message, the list address it is sent to).
    package var recipient: String
    /// The message's `Message-ID`, with its angle brackets.
    package var messageID: String
    /// The message file's path.
    package var file: String

    /// Creates a message record.
    package init(recipient: String, messageID: String, file: String) {
        self.recipient = recipient
        self.messageID = messageID
        self.file = file
    }
}
