import Foundation

/// A feed as its format reader found it, before items are made: RSS, Atom and JSON Feed alike.
struct ParsedFeed: Sendable {
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
struct FeedEntry: Sendable {
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

/// Makes items from a prepared feed (``PreparedFeed``): what depends on the run, the source's
/// name, its topic and the day undated entries take.
struct FeedItemMaker {
    /// The source's name for messages.
    let source: String
    /// The topic for entries without categories; the feed title when nil.
    let defaultTopic: String?
    /// The day the feed was read: the date of entries when the feed has none either.
    let readDay: Day
    /// Where the entries' lines are, when not in `source` (the feed a page links to).
    var file: String? = nil

    /// The items of `feed`, with one diagnostic per skipped entry.
    func reading(of feed: PreparedFeed) -> SourceReading {
        var reading = SourceReading()
        let feedDay = feed.day.flatMap { Day(iso: $0) }
        if let feedDate = feed.date, feedDay == nil {
            reading.diagnostics.append(
                Diagnostic(
                    location: SourceLocation(file: file ?? source),
                    problem: "the feed's own date “\(feedDate.trimmingWhitespace)” is not an RFC 822 or RFC 3339 date",
                    skipped: "nothing (undated entries take the day the feed was read)"))
        }
        let fallbackTopic = defaultTopic ?? (feed.title?.isEmpty == false ? feed.title! : Self.nameTopic(source))
        for entry in feed.entries {
            let location = SourceLocation(file: file ?? source, line: entry.line)
            if let problem = entry.problem {
                reading.diagnostics.append(
                    Diagnostic(location: location, problem: problem, skipped: entry.skipped ?? ""))
                continue
            }
            let item = item(entry, day: entry.day.flatMap { Day(iso: $0) } ?? feedDay ?? readDay, topic: fallbackTopic)
            reading.items.append(item)
            if item.title.hasSuffix(" …"), entry.titleTooLong {
                reading.diagnostics.append(
                    Diagnostic(
                        location: location,
                        problem: "the title is longer than \(ItemLimits.title) characters; cut there",
                        skipped: "the rest of the title of “\(ListingParser.excerpt(item.title))”"))
            }
            if item.summary.hasSuffix(" …"), entry.summaryTooLong {
                reading.diagnostics.append(
                    Diagnostic(
                        location: location,
                        problem: "the summary is longer than \(ItemLimits.summary) characters; cut there",
                        skipped: "the rest of the summary of “\(ListingParser.excerpt(item.title))”"))
            }
        }
        return reading
    }

    private func item(_ entry: PreparedEntry, day: Day, topic: String) -> Item {
        let key = entry.identifier ?? entry.link ?? entry.title
        return Item(
            id: "\(day)-\(ListingParser.slug(entry.title))-\(Self.hash(source + "|" + key))", title: entry.title,
            summary: entry.summary, kind: .news, date: day, topics: entry.topics.isEmpty ? [topic] : entry.topics,
            link: entry.link, origin: SourceLocation(file: file ?? source, line: entry.line),
            identifier: entry.identifier.map(globalIdentifier), titleIsExcerpt: entry.titleIsExcerpt,
            image: entry.image?.image(title: entry.title))
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
