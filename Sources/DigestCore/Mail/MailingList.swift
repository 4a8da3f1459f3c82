/// The list a digest is sent to: its RFC 2919 identifier and RFC 2369 / RFC 8058 unsubscribe links.
package struct MailingList: Hashable, Sendable {
    /// The list's identifier, `label.domain` (RFC 2919), e.g. `weekly-digest.example.org`.
    package let id: String
    /// The list's human name, shown before the identifier.
    package let name: HeaderText?
    /// Unsubscribe URLs, `https:` and/or `mailto:`, in the order given.
    package let unsubscribe: [String]

    /// Creates a list description, checking the identifier and the URLs.
    ///
    /// - Throws: ``DigestError/invalidListSetting(_:reason:)``.
    package init(id: String, name: String? = nil, unsubscribe: [String]) throws(DigestError) {
        let id = id.lowercased()
        guard id.contains("."), !id.hasPrefix("."), !id.hasSuffix("."), !id.contains(".."),
            id.allSatisfy(Self.idCharacters.contains),
            id.count <= 255
        else {
            throw .invalidListSetting(id, reason: "a List-Id is a label and a domain, like weekly.example.org")
        }
        guard !unsubscribe.isEmpty else {
            throw .invalidListSetting("", reason: "a list needs at least one unsubscribe link (https: or mailto:)")
        }
        for url in unsubscribe {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://") || lower.hasPrefix("mailto:") else {
                throw .invalidListSetting(url, reason: "an unsubscribe link must be an https: or mailto: URL")
            }
            guard url.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }), !url.contains("<"), !url.contains(">"),
                url.utf8.count < 900
            else {
                throw .invalidListSetting(
                    url,
                    reason: "an unsubscribe link must be ASCII without spaces or angle brackets (percent-encode them)")
            }
        }
        self.id = id
        self.name = name.map(HeaderText.init).flatMap { $0.value.isEmpty ? nil : $0 }
        self.unsubscribe = unsubscribe
    }

    /// What a (lower-cased) List-Id may hold.
    private static let idCharacters = Set("abcdefghijklmnopqrstuvwxyz0123456789-_.+")

    /// The list derived from the newsletter's name and sender when nothing is configured:
    /// `List-Id: Name <name-slug.from-domain>` and
    /// `List-Unsubscribe: <mailto:from-address?subject=unsubscribe>`.
    package static func derived(name: String, from: Mailbox) -> MailingList {
        var label = ""
        for scalar in name.lowercased().unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                label.unicodeScalars.append(scalar)
            } else if !label.isEmpty, label.last != "-" {
                label.append("-")
            }
        }
        while label.last == "-" { label.removeLast() }
        if label.isEmpty { label = "digest" }
        let domain = from.domain.contains(".") ? from.domain : from.domain + ".invalid"
        // Both parts were just checked to be list-id characters, so this cannot fail.
        return try! MailingList(
            id: "\(label.prefix(60)).\(domain)", name: name,
            unsubscribe: ["mailto:\(from.address)?subject=unsubscribe"])
    }

    /// The link to show readers: the https one when there is one, else the first.
    package var preferredUnsubscribe: String {
        unsubscribe.first { $0.lowercased().hasPrefix("https:") } ?? unsubscribe[0]
    }

    /// Whether an https link allows one-click unsubscription (RFC 8058).
    package var hasOneClickURL: Bool {
        unsubscribe.contains { $0.lowercased().hasPrefix("https://") }
    }

    /// `List-Id`, `List-Unsubscribe`, and `List-Unsubscribe-Post` when there is an https link.
    var headers: [HeaderField] {
        headers(listID: .listID(name: name, id: id))
    }

    /// The list's header fields, with its List-Id field already made.
    func headers(listID: HeaderField) -> [HeaderField] {
        var fields = [listID]
        fields.append(.angleList("List-Unsubscribe", unsubscribe))
        if hasOneClickURL {
            fields.append(.structured("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"))
        }
        return fields
    }
}
