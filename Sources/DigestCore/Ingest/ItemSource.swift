/// What every kind of source does: read items, reporting and skipping the bad ones.
public protocol ItemSource: Sendable {
    /// A name for messages: the path or URL the user gave.
    var name: String { get }

    /// Reads every good item.
    ///
    /// - Returns: the items in source order, and one diagnostic per skipped item.
    /// - Throws: ``DigestError`` when the source as a whole cannot be read.
    func read() throws(DigestError) -> SourceReading
}

/// What a source yields: its items and the problems it skipped.
public struct SourceReading: Sendable {
    /// The good items, in source order.
    public var items: [Item]
    /// One entry per skipped item.
    public var diagnostics: [Diagnostic]

    /// Creates a reading.
    public init(items: [Item] = [], diagnostics: [Diagnostic] = []) {
        self.items = items
        self.diagnostics = diagnostics
    }
}
