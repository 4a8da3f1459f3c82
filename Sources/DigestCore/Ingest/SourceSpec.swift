import Foundation

/// Where one source's items come from, as the configuration or the command line names it.
public struct SourceSpec: Hashable, Sendable, CustomStringConvertible {
    /// A path (file or folder) or an `http:`/`https:` URL.
    package var location: String
    /// The topic of items the source leaves untagged; nil keeps the source's own default
    /// (a listing's page title, a feed's title, a Markdown folder's name).
    package var topic: String?
    /// The public URL relative links and images in the source's summaries are resolved
    /// against (`base-url:` of a source entry); nil leaves them as written.
    package var baseURL: String?
    /// Whether the run stops when this source cannot be read (`required: true` in `digest.yml`).
    package var required: Bool

    /// Creates a source description.
    public init(_ location: String, topic: String? = nil, required: Bool = false) {
        self.location = location
        self.topic = topic
        self.required = required
    }

    /// Whether the location is a web address rather than a path.
    package var isURL: Bool {
        let lower = location.lowercased()
        return lower.hasPrefix("http://") || lower.hasPrefix("https://")
    }

    /// The scheme of a location that is a URL of a kind digest does not fetch (`ftp`, `gopher`),
    /// or nil for a path, an http(s) URL or a `file:` URL.
    package var otherScheme: String? {
        guard let colon = location.firstIndex(of: ":"), colon != location.startIndex else { return nil }
        let scheme = location[..<colon].lowercased()
        guard scheme.count > 1, scheme.first!.isLetter,
            scheme.allSatisfy({ $0.isLetter || $0.isNumber || "+-.".contains($0) }),
            location[location.index(after: colon)...].hasPrefix("//")
        else { return nil }  // `C:` or `notes:2019` are paths.
        return ["http", "https", "file"].contains(scheme) ? nil : scheme
    }

    /// The path a `file:` URL names (`file:///srv/feed.xml` is `/srv/feed.xml`), else nil.
    package var filePath: String? {
        guard location.lowercased().hasPrefix("file:") else { return nil }
        guard let url = URL(string: location), url.isFileURL, (url.host ?? "").isEmpty || url.host == "localhost"
        else { return nil }
        return url.path
    }

    /// The location.
    public var description: String { location }
}
