/// What every kind of source does: read items, reporting and skipping the bad ones.
package protocol ItemSource: Sendable {
    /// A name for messages: the path or URL the user gave.
    var name: String { get }

    /// Whether the run stops when this source cannot be read (`required: true`); other
    /// sources that cannot be read are reported and the issue is built from the rest.
    var isRequired: Bool { get }

    /// Reads every good item.
    ///
    /// - Returns: the items in source order, and one diagnostic per skipped item.
    /// - Throws: ``DigestError`` when the source as a whole cannot be read.
    func read() throws(DigestError) -> SourceReading

    /// Reads the good items that `window` includes, and the topics of every item.
    ///
    /// A source that streams (the listing reader) skips the other items without building
    /// them, so a large archive costs little memory; the default reads all and filters.
    func read(keeping window: DateWindow) throws(DigestError) -> SourceReading
}

extension ItemSource {
    package var isRequired: Bool { false }

    package func read(keeping window: DateWindow) throws(DigestError) -> SourceReading {
        var reading = try read()
        for item in reading.items { reading.topics.formUnion(item.topics.map { $0.lowercased() }) }
        reading.items.removeAll { !window.includes($0) }
        return reading
    }
}

/// What a source yields: its items and the problems it skipped.
package struct SourceReading: Sendable {
    /// The good items, in source order.
    package var items: [Item]
    /// One entry per skipped item.
    package var diagnostics: [Diagnostic]
    /// The topics (lower-cased) of every good item read, also those a window left out.
    package var topics: Set<String> = []
    /// The sources that could not be read at all, each one's error (see ``DigestBuild/Outcome/unreadable``).
    package var unreadable: [DigestError] = []

    /// Creates a reading.
    package init(items: [Item] = [], diagnostics: [Diagnostic] = []) {
        self.items = items
        self.diagnostics = diagnostics
    }
}
