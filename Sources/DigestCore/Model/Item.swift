/// One news item, publication or event, as every source produces it.
public struct Item: Hashable, Sendable {
    /// A stable identifier: the same item read again gets the same id.
    public let id: String
    /// The title, plain text.
    public let title: String
    /// The summary, CommonMark.
    public let summary: String
    /// News, publication or event.
    public let kind: ItemKind
    /// The publication date; for an event, its start.
    public let date: Day
    /// For an event, the last day it runs (equal to `date` for a one-day event).
    public let end: Day?
    /// Topics in the order the source gave them; never empty.
    public let topics: [String]
    /// Where the full item can be read, if known.
    public let link: String?
    /// Where the item was read: file and line of its title.
    public let origin: SourceLocation
    /// The public URL that relative links and images in the summary are resolved against
    /// (a source's `base-url:`), if any.
    public var baseURL: String?

    /// Creates an item.
    public init(
        id: String, title: String, summary: String, kind: ItemKind, date: Day, end: Day? = nil,
        topics: [String], link: String? = nil, origin: SourceLocation
    ) {
        self.id = id
        self.title = title
        self.summary = summary
        self.kind = kind
        self.date = date
        self.end = kind == .event ? (end ?? date) : nil
        self.topics = topics
        self.link = link
        self.origin = origin
    }

    /// For an event, the start day; otherwise the publication date.
    public var start: Day { date }
}
