/// A feed with everything made from its entries that depends on the feed alone: titles and
/// text cleaned, summaries turned into Markdown, dates read, categories cleaned.
///
/// That is the costly part of reading a feed, kept in a ``FeedDocument`` so that a
/// `304 Not Modified` does none of it again; ``FeedItemMaker`` then adds what depends on the run
/// (the source's name, its topic, the day undated entries take).
struct PreparedFeed: Sendable, Codable {
    /// The feed's title, plain text, whitespace collapsed.
    var title: String?
    /// The feed-level date as written, and its day (`yyyy-mm-dd`) when it could be read.
    var date: String?
    var day: String?
    /// The entries in feed order.
    var entries: [PreparedEntry] = []

    /// Prepares every entry of `feed`.
    init(_ feed: ParsedFeed) {
        title = feed.title.map { HTMLToMarkdown.collapse($0).trimmingWhitespace }
        date = feed.date
        day = feed.date.flatMap(FeedDate.day(from:)).map { "\($0)" }
        entries = feed.entries.map(PreparedEntry.init)
    }
}

/// One entry, prepared: the fields of its item, or why it is skipped.
struct PreparedEntry: Sendable, Codable {
    /// The title: the written one, else the start of the text (``titleIsExcerpt``).
    var title: String = ""
    var titleIsExcerpt = false
    /// The summary as Markdown.
    var summary: String = ""
    /// The day (`yyyy-mm-dd`) of the entry's date; nil when it has none (the feed's, else the
    /// day it was read, is taken).
    var day: String?
    /// Cleaned category names, without repeats; empty takes the source's topic.
    var topics: [String] = []
    var link: String?
    var identifier: String?
    var image: FeedImage.Candidate?
    /// Whether the written title or the summary's HTML is longer than an item holds (a
    /// warning when the item's text is then cut).
    var titleTooLong = false
    var summaryTooLong = false
    /// Why the entry is skipped, and what is skipped; nil for a good entry.
    var problem: String?
    var skipped: String?
    /// Where it is: its line (nil for JSON Feed) and its 1-based position.
    var line: Int?
    var index: Int

    /// Prepares `entry`. Only as much input as an item's fields hold is converted, so cost stays
    /// linear and small.
    init(_ entry: FeedEntry) {
        line = entry.line
        index = entry.index
        let where_ = entry.line == nil ? "item \(entry.index)" : "the item"
        let written =
            entry.title.map {
                HTMLToMarkdown.collapse(CleanText.removingControls(ItemLimits.bounded($0, to: ItemLimits.title)))
                    .trimmingWhitespace
            } ?? ""
        let html = entry.html.map { CleanText.removingControls(ItemLimits.bounded($0, to: ItemLimits.summary)) }
        // An untitled item (allowed by RSS and JSON Feed) is titled by the start of its text.
        let excerpt =
            written.isEmpty ? html.map { UntitledItem.title(fromHTML: ItemLimits.bounded($0, to: 1000)) } : nil
        title = written.isEmpty ? (excerpt ?? "") : written
        titleIsExcerpt = excerpt != nil
        let label = written.isEmpty ? "\(where_) without a title" : "item “\(ListingParser.excerpt(title))”"
        guard !title.isEmpty else {
            (problem, skipped) = ("\(where_) has neither a title nor any text", label)
            return
        }
        if let date = entry.date {
            guard let parsed = FeedDate.day(from: date) else {
                problem =
                    "\(entry.line == nil ? "item \(entry.index): " : "")\(entry.dateField) “\(ListingParser.excerpt(date.trimmingWhitespace))” is not an RFC 822 or RFC 3339 date"
                skipped = label
                return
            }
            day = "\(parsed)"
        }
        summary = html.map { HTMLToMarkdown.convert($0, base: entry.base) } ?? ""
        for category in entry.categories {
            let name = HTMLToMarkdown.collapse(CleanText.removingControls(category)).trimmingWhitespace
            if !name.isEmpty, !topics.contains(where: { $0.lowercased() == name.lowercased() }) { topics.append(name) }
        }
        link = entry.link
        identifier = entry.identifier
        image = entry.image
        titleTooLong = entry.title.map { $0.utf8.count > ItemLimits.title && $0.count > ItemLimits.title } ?? false
        summaryTooLong = entry.html.map { $0.utf8.count > ItemLimits.summary } ?? false
    }
}
