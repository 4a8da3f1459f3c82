/// What identifies the mailing list a digest goes to (RFC 2919 and RFC 2369).
public struct ListSettings: Hashable, Sendable {
    /// The `List-Id` value: `Name <label.example.org>` or `label.example.org`.
    public var id: String?
    /// Where a reader unsubscribes: an `https:`, `http:` or `mailto:` URL.
    public var unsubscribe: String?

    /// Creates list settings; both nil means the digest carries no list headers.
    public init(id: String? = nil, unsubscribe: String? = nil) {
        self.id = id
        self.unsubscribe = unsubscribe
    }
}
