import Foundation

/// Reads an RSS 2.0 document (`<rss><channel><item>…`).
enum RSSFeed {
    /// The namespace of `content:encoded`.
    static let contentNamespace = "http://purl.org/rss/1.0/modules/content/"
    /// The namespace of `dc:date`.
    static let dublinCoreNamespace = "http://purl.org/dc/elements/1.1/"

    /// The feed's fields and entries; `address` is where the feed was read from, if a URL.
    static func parse(_ root: MarkupElement, address: URL?) -> ParsedFeed {
        let channel = root.element(named: "channel") ?? root
        var base = WebLink.base(root.attributes["xml:base"], against: address)
        base = WebLink.base(channel.attributes["xml:base"], against: base)
        if let site = channel.element(named: "link", namespace: nil).map({ $0.text.trimmingWhitespace }),
            !site.isEmpty, let resolved = WebLink.resolve(site, against: base)
        {
            base = URL(string: resolved) ?? base
        }
        var feed = ParsedFeed(
            title: channel.element(named: "title")?.text,
            date: (channel.element(named: "pubDate") ?? channel.element(named: "lastBuildDate"))?.text,
            base: base)
        // Items belong in the channel; some feeds put them beside it.
        let items = channel.elements(named: "item") + (channel.name == "channel" ? root.elements(named: "item") : [])
        for (offset, item) in items.enumerated() {
            let itemBase = WebLink.base(item.attributes["xml:base"], against: base)
            let link = item.elements(named: "link").first { $0.namespace == nil }
                .flatMap { WebLink.resolve($0.text.trimmingWhitespace, against: itemBase) }
            let content = item.element(named: "encoded", namespace: contentNamespace)?.text
            let description = item.element(named: "description")?.text
            let date = item.element(named: "pubDate") ?? item.element(named: "date", namespace: dublinCoreNamespace)
            let guid = item.element(named: "guid")?.text.trimmingWhitespace
            feed.entries.append(
                FeedEntry(
                    // RSS does not say whether a title is text or HTML; feeds use both, so tags go.
                    title: item.element(named: "title").map { HTMLToMarkdown.plainText($0.text) },
                    link: link,
                    html: content?.trimmingWhitespace.isEmpty == false ? content : description,
                    date: date?.text, dateField: date?.name ?? "pubDate",
                    categories: item.elements(named: "category").map(\.text),
                    base: link.flatMap { URL(string: $0) } ?? itemBase,
                    identifier: guid?.isEmpty == false ? guid : nil,
                    line: item.line, index: offset + 1))
        }
        return feed
    }
}
