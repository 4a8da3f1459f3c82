import Foundation

/// A feed as its format reader found it, before items are made: RSS, Atom and JSON Feed alike.
struct ParsedFeed: Sendable, Codable {
    /// The feed's title, plain text.
    var title: String?
    /// The feed-level date (RSS `pubDate`/`lastBuildDate`, Atom `updated`), as written.
    var date: String?
    /// Where the feed's own relative links point from.
    var base: URL?
    /// The entries in feed order.
    var entries: [FeedEntry] = []
}

/// One entry of a feed, its fields as written.
struct FeedEntry: Sendable, Codable {
    /// The title as plain text, if any.
    var title: String?
    /// The link to the full item, already resolved and checked; nil when missing or unsafe.
    var link: String?
    /// The summary as HTML (or as escaped plain text).
    var html: String?
    /// The publication date as written; nil when the entry has none.
    var date: String?
    /// Which field the date came from, for messages (`pubDate`, `published`, `date_published`).
    var dateField: String
    /// Category names, in order.
    var categories: [String] = []
    /// The base the summary's relative links resolve against.
    var base: URL?
    /// A stable identifier from the feed (guid, id), if any.
    var identifier: String?
    /// Where the entry is: its line, or nil (JSON Feed).
    var line: Int?
    /// Its 1-based position in the feed, for messages about JSON Feed items.
    var index: Int
    /// The picture the feed gives for it (``FeedImage``), if any.
    var image: FeedImage.Candidate? = nil
}

/// Makes items from a parsed feed: dates, topics, Markdown summaries.
struct FeedItemMaker {
    /// The source's name for messages.
    let source: String
    /// The topic for entries without categories; the feed title when nil.
    let defaultTopic: String?
    /// The day the feed was read: the date of entries when the feed has none either.
    let readDay: Day

    /// The items of `feed`, with one diagnostic per skipped entry.
    func reading(of feed: ParsedFeed) -> SourceReading {
        var reading = SourceReading()
        let feedTitle = feed.title.map { HTMLToMarkdown.collapse($0).trimmingWhitespace }
        var feedDay: Day?
        if let feedDate = feed.date {
            feedDay = FeedDate.day(from: feedDate)
            if feedDay == nil {
                reading.diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(file: source),
                        problem:
                            "the feed's own date “\(feedDate.trimmingWhitespace)” is not an RFC 822 or RFC 3339 date",
                        skipped: "nothing (undated entries take the day the feed was read)"))
            }
        }
        let fallbackTopic = defaultTopic ?? (feedTitle?.isEmpty == false ? feedTitle! : Self.nameTopic(source))
        for entry in feed.entries {
            switch item(entry, feedDay: feedDay ?? readDay, topic: fallbackTopic) {
            case .success(let item):
                reading.items.append(item)
                if item.title.hasSuffix(" …"), let written = entry.title, written.count > ItemLimits.title {
                    reading.diagnostics.append(
                        Diagnostic(
                            location: SourceLocation(file: source, line: entry.line),
                            problem: "the title is longer than \(ItemLimits.title) characters; cut there",
                            skipped: "the rest of the title of “\(ListingParser.excerpt(item.title))”"))
                }
                if item.summary.hasSuffix(" …"), let html = entry.html, html.utf8.count > ItemLimits.summary {
                    reading.diagnostics.append(
                        Diagnostic(
                            location: SourceLocation(file: source, line: entry.line),
                            problem: "the summary is longer than \(ItemLimits.summary) characters; cut there",
                            skipped: "the rest of the summary of “\(ListingParser.excerpt(item.title))”"))
                }
            case .failure(let diagnostic): reading.diagnostics.append(diagnostic)
            }
        }
        return reading
    }

    private func item(_ entry: FeedEntry, feedDay: Day, topic: String) -> Result<Item, Diagnostic> {
        let location = SourceLocation(file: source, line: entry.line)
        let where_ = entry.line == nil ? "item \(entry.index)" : "the item"
        // Only as much input as the item's fields can hold is converted: cost stays linear and small.
        let written =
            entry.title.map {
                HTMLToMarkdown.collapse(CleanText.removingControls(ItemLimits.bounded($0, to: ItemLimits.title)))
                    .trimmingWhitespace
            } ?? ""
        let html = entry.html.map { CleanText.removingControls(ItemLimits.bounded($0, to: ItemLimits.summary)) }
        let summary = html.map { HTMLToMarkdown.convert($0, base: entry.base) } ?? ""
        // An untitled item (allowed by RSS and JSON Feed) is titled by the start of its text.
        let excerpt =
            written.isEmpty ? html.map { UntitledItem.title(fromHTML: ItemLimits.bounded($0, to: 1000)) } : nil
        let title = written.isEmpty ? (excerpt ?? "") : written
        let label = written.isEmpty ? "\(where_) without a title" : "item “\(ListingParser.excerpt(title))”"
        func failure(_ problem: String) -> Result<Item, Diagnostic> {
            .failure(Diagnostic(location: location, problem: problem, skipped: label))
        }
        guard !title.isEmpty else {
            return failure("\(where_) has neither a title nor any text")
        }
        var day = feedDay
        if let written = entry.date {
            guard let parsed = FeedDate.day(from: written) else {
                return failure(
                    "\(entry.line == nil ? "item \(entry.index): " : "")\(entry.dateField) “\(ListingParser.excerpt(written.trimmingWhitespace))” is not an RFC 822 or RFC 3339 date"
                )
            }
            day = parsed
        }
        var topics: [String] = []
        for category in entry.categories {
            let name = HTMLToMarkdown.collapse(CleanText.removingControls(category)).trimmingWhitespace
            if !name.isEmpty, !topics.contains(where: { $0.lowercased() == name.lowercased() }) { topics.append(name) }
        }
        if topics.isEmpty { topics = [topic] }
        let key = entry.identifier ?? entry.link ?? title
        return .success(
            Item(
                id: "\(day)-\(ListingParser.slug(title))-\(Self.hash(source + "|" + key))", title: title,
                summary: summary, kind: .news, date: day, topics: topics, link: entry.link, origin: location,
                identifier: entry.identifier.map(globalIdentifier), titleIsExcerpt: excerpt != nil,
                image: entry.image?.image(title: title)))
    }

    /// An identifier that names the item beyond this feed: a URL, URN or tag URI as written
    /// (the same post in two feeds collapses), anything shorter prefixed with the source.
    private func globalIdentifier(_ identifier: String) -> String {
        identifier.contains(":") ? identifier : source + "|" + identifier
    }

    /// The last path component of a source, for a feed with neither title nor configured topic.
    static func nameTopic(_ source: String) -> String {
        let name = source.split(separator: "/").last.map(String.init) ?? source
        return name.isEmpty ? "news" : name
    }

    /// FNV-1a, 32 bits, in hex: a short stable suffix that keeps ids of different items apart.
    static func hash(_ text: String) -> String {
        var value: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            value ^= UInt32(byte)
            value = value &* 16_777_619
        }
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 8 - digits.count) + digits
    }
}
