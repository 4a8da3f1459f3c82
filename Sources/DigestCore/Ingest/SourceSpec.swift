/// Where one source's items come from, as the configuration or the command line names it.
public struct SourceSpec: Hashable, Sendable, CustomStringConvertible {
    /// A path (file or folder) or an `http:`/`https:` URL.
    public var location: String
    /// The topic of items the source leaves untagged; nil keeps the source's own default
    /// (a listing's page title, a feed's title, a Markdown folder's name).
    public var topic: String?
    /// The public URL relative links and images in the source's summaries are resolved
    /// against (`base-url:` of a source entry); nil leaves them as written.
    public var baseURL: String?

    /// Creates a source description.
    public init(_ location: String, topic: String? = nil) {
        self.location = location
        self.topic = topic
    }

    /// Whether the location is a web address rather than a path.
    public var isURL: Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The location.
    public var description: String { location }
}
