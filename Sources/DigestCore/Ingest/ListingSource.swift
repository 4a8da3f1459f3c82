/// A news page copied as text: the page title, intro paragraphs, then items.
///
/// Each item is: optional tag lines (`  •  cooperation`) before its title, the title line, the
/// summary paragraph(s), a kind line (`news`, `publication`, `event`), then
/// `publication date: DD-MM-YYYY`, or for events `start date:` and `end date:` lines.
/// Items without tags take the page title as their topic.
package struct ListingSource: ItemSource {
    /// The path as the user gave it.
    package let path: String
    /// The topic of untagged items; nil uses the page title.
    package let topic: String?

    /// Creates a source for the listing file at `path`.
    package init(path: String) {
        self.init(path: path, topic: nil)
    }

    /// Creates a source for the listing file at `path`; `topic` replaces the page title as the
    /// topic of untagged items.
    package init(path: String, topic: String?) {
        self.path = path
        self.topic = topic
    }

    package var name: String { path }

    package func read() throws(DigestError) -> SourceReading {
        try read(window: nil)
    }

    package func read(keeping window: DateWindow) throws(DigestError) -> SourceReading {
        try read(window: window)
    }

    private func read(window: DateWindow?) throws(DigestError) -> SourceReading {
        var reading = SourceReading()
        let summary = try forEachItem(keeping: window) { (result) throws(DigestError) in
            switch result {
            case .success(let item): reading.items.append(item)
            case .failure(let diagnostic): reading.diagnostics.append(diagnostic)
            }
        }
        reading.topics = summary.topics
        return reading
    }

    /// Streams the file, calling `body` with each item or diagnostic as soon as it is complete.
    ///
    /// The file is read in parts parsed on every core (``ListingParts``); the results are
    /// those of one parse of the whole file, whatever the part size.
    ///
    /// - Parameters:
    ///   - window: when given, items outside it are skipped without being built.
    ///   - partSize: how large a part grows before it is cut (tests make it small); nil is
    ///     ``ListingParts/defaultPartSize``.
    /// - Returns: how many good items the file holds, and their topics (lower-cased), skipped
    ///   ones included.
    @discardableResult
    package func forEachItem(
        keeping window: DateWindow? = nil, partSize: Int? = nil,
        _ body: (Result<Item, Diagnostic>) throws(DigestError) -> Void
    ) throws(DigestError) -> (items: Int, topics: Set<String>) {
        try ListingParts(path: path, topic: topic, window: window, partSize: partSize ?? ListingParts.defaultPartSize)
            .parse(body)
    }
}
