import Foundation

/// Any source the user names: a listing, a Markdown file or folder, a feed file or feed URL,
/// told apart by its content when it is read.
package struct DetectedSource: ItemSource {
    /// Where the items come from, and the topic of untagged ones.
    package let spec: SourceSpec
    /// The file or folder a `file:` URL names, else the location as given.
    private var path: String { spec.filePath ?? spec.location }
    /// Seconds to wait for a feed's host.
    package let timeout: Double
    /// Today: the date of feed entries that have none.
    package let readDay: Day
    /// Where an http(s) feed's last answer is kept for a conditional request; nil asks unconditionally.
    package let feedCache: (any FeedCache)?

    /// Creates a source.
    ///
    /// - Parameters:
    ///   - spec: the path or URL, and the topic of untagged items.
    ///   - timeout: seconds to wait for an http(s) host to answer.
    ///   - readDay: the day of reading, for feed entries without any date.
    ///   - feedCache: where feed answers are kept between runs.
    package init(_ spec: SourceSpec, timeout: Double = 15, readDay: Day, feedCache: (any FeedCache)? = nil) {
        self.spec = spec
        self.timeout = timeout
        self.readDay = readDay
        self.feedCache = feedCache
    }

    package var name: String { spec.location }

    package var isRequired: Bool { spec.required }

    /// The kind of the source, found from its content; URLs are always feeds.
    func kind() throws(DigestError) -> SourceKind {
        if spec.isURL { return .xmlFeed }
        if let scheme = spec.otherScheme {
            throw .unreadable(
                path: spec.location,
                reason:
                    "it is a \(scheme): address; digest reads http(s) feeds and local paths (a file: URL as its path)")
        }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .unreadable(path: path, reason: "no such file or folder")
        }
        if isFolder.boolValue { return .markdownFolder }
        return SourceKind.detect(prefix: try SourceFile.prefix(path), name: path)
    }

    package func read() throws(DigestError) -> SourceReading {
        try withBase(read(window: nil))
    }

    package func read(keeping window: DateWindow) throws(DigestError) -> SourceReading {
        try withBase(read(window: window))
    }

    /// The reading with the source's `base-url:` given to each item.
    private func withBase(_ reading: SourceReading) -> SourceReading {
        guard let baseURL = spec.baseURL else { return reading }
        var reading = reading
        for index in reading.items.indices { reading.items[index].baseURL = baseURL }
        return reading
    }

    /// The source read by the reader of its kind; a listing skips items outside `window`
    /// as it streams, the others are read whole and then filtered.
    private func read(window: DateWindow?) throws(DigestError) -> SourceReading {
        switch try kind() {
        case .empty:
            return SourceReading(diagnostics: [
                Diagnostic(
                    location: SourceLocation(file: spec.location), problem: "the file is empty", skipped: "the source")
            ])
        case .listing:
            return try reading(ListingSource(path: path, topic: spec.topic), window)
        case .markdown, .markdownFolder:
            return try reading(MarkdownSource(path: path, topic: spec.topic), window)
        case .xmlFeed, .jsonFeed:
            return try reading(
                FeedSource(location: path, topic: spec.topic, timeout: timeout, readDay: readDay, cache: feedCache),
                window)
        }
    }

    private func reading(_ source: some ItemSource, _ window: DateWindow?) throws(DigestError) -> SourceReading {
        if let window { return try source.read(keeping: window) }
        return try source.read()
    }
}
