import Foundation

/// What identifies the mailing list a digest goes to (RFC 2919 and RFC 2369), as configured.
package struct ListSettings: Hashable, Sendable {
    /// The `List-Id` value: `Name <label.example.org>` or `label.example.org`.
    package var id: String?
    /// Where a reader unsubscribes: `https:`, `http:` or `mailto:` URLs; empty when not set.
    package var unsubscribe: [String]
    /// A personal unsubscribe URL with `{email}` and `{token}`, for subscriber lists.
    package var unsubscribeTemplate: String?

    /// Creates list settings; nothing set means the list is derived from the name and sender.
    package init(id: String? = nil, unsubscribe: [String] = [], unsubscribeTemplate: String? = nil) {
        self.id = id
        self.unsubscribe = unsubscribe
        self.unsubscribeTemplate = unsubscribeTemplate
    }

    /// The list these settings describe, filling what is not set from `derived`; nil when
    /// neither the identifier nor a link is set.
    ///
    /// - Throws: ``DigestError/invalidListSetting(_:reason:)``.
    package func mailingList(name: String, derived: MailingList) throws(DigestError) -> MailingList? {
        guard id != nil || !unsubscribe.isEmpty else { return nil }
        var listName: String? = name
        var identifier = derived.id
        if let id {
            if let open = id.lastIndex(of: "<"), id.hasSuffix(">") {
                let phrase = id[..<open].trimmingCharacters(in: .whitespaces)
                listName = phrase.isEmpty ? nil : phrase
                identifier = String(id[id.index(after: open)..<id.index(before: id.endIndex)])
            } else {
                identifier = id
            }
        }
        return try MailingList(
            id: identifier, name: listName, unsubscribe: unsubscribe.isEmpty ? derived.unsubscribe : unsubscribe)
    }
}
