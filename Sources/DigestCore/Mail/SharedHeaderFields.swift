/// The header fields every reader of a group of personal messages shares (Date, From,
/// Subject, List-Id), folded and encoded once for all of them rather than once a message.
package struct SharedHeaderFields: Sendable, Equatable {
    let date: HeaderField
    let from: HeaderField
    let subject: HeaderField
    let listID: HeaderField

    /// The fields of messages with this sender, subject, date and list (only the list's name
    /// and id count: its unsubscribe links are each reader's own).
    package init(from: Mailbox, subject: HeaderText, date: MailDate, list: MailingList) {
        self.date = .structured("Date", date.description)
        self.from = .mailboxes("From", [from])
        self.subject = .unstructured("Subject", subject)
        self.listID = .listID(name: list.name, id: list.id)
    }
}
