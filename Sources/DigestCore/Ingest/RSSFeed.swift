import Foundation

/// Reads RSS 0.91, 0.92 and 2.0 (`<rss><channel><item>…`), and RSS 0.90 and 1.0 (`<rdf:RDF>`
/// with `<channel>` and `<item>` side by side).
///
/// Elements are matched by namespace and local name: the format's own elements are in the
/// root's namespace (none for RSS 2.0, `http://purl.org/rss/1.0/` for RSS 1.0), so
/// `itunes:title` or `media:description` never stand in for `title` or `description`. An
/// item's text is `content:encoded`, else an inline `xhtml:body`, else `fullitem`, else
/// `description`, else `dc:description`, else Media RSS's `media:description` (also inside
/// `media:group`), else `itunes:summary`; an item without a title takes `media:title`. Its image
/// is found by ``FeedImage`` (Media RSS, an image `<enclosure>`, `media:thumbnail`).
enum RSSFeed {
    /// Whether `root` is an RSS or RDF document this reader knows.
    static func accepts(_ root: MarkupElement) -> Bool {
        if root.name == "rss" { return root.namespace == nil || FeedNamespace.rss20Variants.contains(root.namespace!) }
        return root.name == "RDF" && root.namespace == FeedNamespace.rdf && channel(of: root) != nil
    }

    /// The channel of an RDF document, in the RSS 1.0 or 0.90 namespace.
    private static func channel(of rdf: MarkupElement) -> MarkupElement? {
        rdf.child("channel", in: FeedNamespace.rss10) ?? rdf.child("channel", in: FeedNamespace.rss090)
    }

    /// The feed's fields and entries; `address` is where the feed was read from, if a URL.
    static func parse(_ root: MarkupElement, address: URL?) -> ParsedFeed {
        let isRDF = root.name == "RDF"
        let channel = (isRDF ? channel(of: root) : root.child("channel", in: root.namespace)) ?? root
        let ns = isRDF ? channel.namespace : root.namespace
        var base = WebLink.base(root.attributes["xml:base"], against: address)
        base = WebLink.base(channel.attributes["xml:base"], against: base)
        if let site = channel.child("link", in: ns).map({ $0.text.trimmingWhitespace }),
            !site.isEmpty, let resolved = WebLink.resolve(site, against: base)
        {
            base = URL(string: resolved) ?? base
        }
        let channelDate =
            channel.child("pubDate", in: ns) ?? channel.child("lastBuildDate", in: ns)
            ?? channel.child("date", in: FeedNamespace.dublinCore)
        var feed = ParsedFeed(
            title: (channel.child("title", in: ns) ?? channel.child("title", in: FeedNamespace.dublinCore))
                .map { HTMLToMarkdown.plainText($0.text) },
            date: channelDate?.text, base: base)
        // Items belong in the channel (RSS 2.0) or beside it (RDF); some RSS 2.0 feeds put them beside it too.
        let items =
            channel.children("item", in: ns)
            + (channel.name == "channel" ? root.children("item", in: ns) : [])
        for (offset, item) in items.enumerated() {
            feed.entries.append(entry(item, ns: ns, base: base, index: offset + 1))
        }
        return feed
    }

    private static func entry(_ item: MarkupElement, ns: String?, base: URL?, index: Int) -> FeedEntry {
        let itemBase = WebLink.base(item.attributes["xml:base"], against: base)
        let guidElement = item.child("guid", in: ns)
        let guid = guidElement?.text.trimmingWhitespace
        var link = item.child("link", in: ns).flatMap { WebLink.resolve($0.text.trimmingWhitespace, against: itemBase) }
        if link == nil, let guidElement, let guid, guidElement.attributes["isPermaLink"]?.lowercased() != "false",
            guid.lowercased().hasPrefix("http://") || guid.lowercased().hasPrefix("https://")
        {
            // A permalink guid is the item's address when it has no <link>.
            link = WebLink.resolve(guid, against: itemBase)
        }
        if link == nil, let about = item.attributes["rdf:about"] {
            link = WebLink.resolve(about.trimmingWhitespace, against: itemBase)
        }
        let date =
            item.child("pubDate", in: ns) ?? item.child("date", in: FeedNamespace.dublinCore)
            ?? item.child("issued", in: FeedNamespace.dublinCoreTerms)
            ?? item.child("created", in: FeedNamespace.dublinCoreTerms)
            ?? item.child("modified", in: FeedNamespace.dublinCoreTerms)
        let title = item.child("title", in: ns) ?? item.child("title", in: FeedNamespace.dublinCore)
        // Media RSS's title names the item when nothing else does (feedparser takes it too).
        let mediaTitle =
            (item.child("title", in: FeedNamespace.media)
            ?? item.child("group", in: FeedNamespace.media)?.child("title", in: FeedNamespace.media))
            .flatMap { element -> String? in
                let text = element.text.trimmingWhitespace
                guard !text.isEmpty else { return nil }
                return element.attributes["type"]?.lowercased() == "html" ? HTMLToMarkdown.plainText(text) : text
            }
        let categories =
            item.children("category", in: ns).map(\.text)
            + item.children("subject", in: FeedNamespace.dublinCore).map(\.text)
        return FeedEntry(
            // RSS does not say whether a title is text or HTML; feeds use both, so tags go.
            title: title.map { HTMLToMarkdown.plainText(ItemLimits.bounded($0.text, to: ItemLimits.title)) }
                ?? mediaTitle,
            link: link,
            html: description(of: item, ns: ns),
            date: date?.text, dateField: date.map(qualifiedName) ?? "pubDate",
            categories: categories,
            base: link.flatMap { URL(string: $0) } ?? itemBase,
            identifier: guid?.isEmpty == false ? guid : nil,
            line: item.line, index: index,
            image: FeedImage.of(item, ns: ns, atom: false, base: itemBase))
    }

    /// The first non-empty of the item's descriptions, in order of preference.
    private static func description(of item: MarkupElement, ns: String?) -> String? {
        let group = item.child("group", in: FeedNamespace.media)
        let media =
            item.child("description", in: FeedNamespace.media) ?? group?.child("description", in: FeedNamespace.media)
        enum Form { case html, plain, xhtml }
        let candidates: [(MarkupElement?, Form)] = [
            (item.child("encoded", in: FeedNamespace.content), .html),
            // Markup written inline (`<body xmlns="http://www.w3.org/1999/xhtml">`), and
            // `fullitem`, an early content element of escaped HTML.
            (item.child("body", in: FeedNamespace.xhtml) ?? item.child("body", in: ns), .xhtml),
            (item.child("fullitem", in: ns), .html),
            (item.child("description", in: ns), .html),
            (item.child("description", in: FeedNamespace.dublinCore), .html),
            // Media RSS descriptions are plain text unless they say type="html".
            (media, media?.attributes["type"]?.lowercased() == "html" ? .html : .plain),
            (
                item.elements.first { $0.name == "summary" && $0.namespace?.lowercased() == FeedNamespace.iTunes },
                .plain
            ),
        ]
        for case (let element?, let form) in candidates where !element.text.trimmingWhitespace.isEmpty {
            switch form {
            case .html: return element.text
            case .plain: return PlainText.html(element.text)
            case .xhtml: return element.innerHTML
            }
        }
        return nil
    }

    /// `dc:date` for a Dublin Core date, the plain name otherwise: for messages.
    private static func qualifiedName(_ element: MarkupElement) -> String {
        switch element.namespace {
        case FeedNamespace.dublinCore: "dc:" + element.name
        case FeedNamespace.dublinCoreTerms: "dcterms:" + element.name
        default: element.name
        }
    }
}
