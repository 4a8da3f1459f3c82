import Foundation

/// Reads Atom 1.0 (`<feed xmlns="http://www.w3.org/2005/Atom">`), the Atom 0.3 draft
/// (`http://purl.org/atom/ns#`) and Atom written without its namespace.
///
/// Elements are matched in the document's Atom namespace only. Dates: 1.0's `published`,
/// else `updated`; 0.3's `issued`, else `created`, else `modified`. Content: Atom 1.0's
/// `type` (`text`, `html`, `xhtml`, a MIME type; a binary one is base64, any other text),
/// Atom 0.3's `mode` (`escaped`, `base64`, `xml`); without either, Media RSS's
/// `media:group/media:description` (YouTube's feeds).
enum AtomFeed {
    /// Whether `root` is an Atom feed this reader knows.
    static func accepts(_ root: MarkupElement) -> Bool {
        root.name == "feed" && [nil, FeedNamespace.atom10, FeedNamespace.atom03].contains(root.namespace)
    }

    /// The feed's fields and entries; `address` is where the feed was read from, if a URL.
    static func parse(_ root: MarkupElement, address: URL?) -> ParsedFeed {
        let ns = root.namespace
        let isDraft = ns == FeedNamespace.atom03
        let base = WebLink.base(root.attributes["xml:base"], against: address)
        let feedDate = isDraft ? root.child("modified", in: ns) : root.child("updated", in: ns)
        var feed = ParsedFeed(
            title: root.child("title", in: ns).map {
                plain(ItemLimits.bounded(textConstruct($0, draft: isDraft), to: ItemLimits.title))
            },
            date: feedDate?.text,
            base: alternate(root, ns: ns, base: base).flatMap { URL(string: $0) } ?? base)
        for (offset, entry) in root.children("entry", in: ns).enumerated() {
            let entryBase = WebLink.base(entry.attributes["xml:base"], against: base)
            let link = alternate(entry, ns: ns, base: entryBase)
            let content = entry.child("content", in: ns).flatMap { element in
                element.attributes["src"] == nil ? element : nil
            }
            let summary = [content, entry.child("summary", in: ns)].compactMap { $0 }.first { element in
                !textConstruct(element, draft: isDraft).trimmingWhitespace.isEmpty
            }
            let dateNames = isDraft ? ["issued", "created", "modified"] : ["published", "updated"]
            let date = dateNames.lazy.compactMap { entry.child($0, in: ns) }.first
            let categories = entry.children("category", in: ns).compactMap { category in
                category.attributes["label"].flatMap { $0.isEmpty ? nil : $0 } ?? category.attributes["term"]
            }
            let identifier = entry.child("id", in: ns)?.text.trimmingWhitespace
            // YouTube and other video feeds describe entries only in Media RSS's group.
            let media =
                entry.child("group", in: FeedNamespace.media)?.child("description", in: FeedNamespace.media)
                ?? entry.child("description", in: FeedNamespace.media)
            let mediaText = media.flatMap { $0.text.trimmingWhitespace.isEmpty ? nil : PlainText.html($0.text) }
            feed.entries.append(
                FeedEntry(
                    title: entry.child("title", in: ns).map {
                        plain(ItemLimits.bounded(textConstruct($0, draft: isDraft), to: ItemLimits.title))
                    },
                    link: link,
                    html: summary.map { textConstruct($0, draft: isDraft) } ?? mediaText,
                    date: date?.text, dateField: date?.name ?? dateNames[0],
                    categories: categories,
                    base: summary.flatMap { WebLink.base($0.attributes["xml:base"], against: entryBase) } ?? entryBase,
                    identifier: identifier?.isEmpty == false ? identifier : nil,
                    line: entry.line, index: offset + 1,
                    image: FeedImage.of(entry, ns: ns, atom: true, base: entryBase)))
        }
        return feed
    }

    /// The `rel="alternate"` (or rel-less) link of a feed or entry, resolved and checked.
    private static func alternate(_ element: MarkupElement, ns: String?, base: URL?) -> String? {
        let links = element.children("link", in: ns)
        let chosen =
            links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" && isPage($0) }
            ?? links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" }
        return chosen?.attributes["href"].flatMap { WebLink.resolve($0, against: base) }
    }

    /// Whether a link points at a web page (or does not say what it points at).
    private static func isPage(_ link: MarkupElement) -> Bool {
        guard let type = link.attributes["type"]?.lowercased() else { return true }
        return type == "text/html" || type == "application/xhtml+xml"
    }

    /// An Atom text construct (or content) as HTML: text escaped, HTML as is, XHTML written back.
    static func textConstruct(_ element: MarkupElement, draft: Bool) -> String {
        // An empty type is no type: text.
        let type =
            element.attributes["type"].flatMap { type -> String? in
                let name = type.lowercased().trimmingWhitespace
                return name.isEmpty ? nil : name
            } ?? "text"
        var body = element.text
        if draft {
            // XHTML written inline is markup, whatever the (default, escaped) mode says.
            let inline =
                type == "application/xhtml+xml" && element.attributes["mode"] == nil
                && element.child("div", in: FeedNamespace.xhtml) != nil
            switch inline ? "xml" : element.attributes["mode"]?.lowercased() ?? "escaped" {
            case "xml": return (element.child("div", in: FeedNamespace.xhtml) ?? element).innerHTML
            case "base64": body = decodeBase64(body) ?? ""
            default: break
            }
            return type == "text/html" || type == "html" || type == "application/xhtml+xml"
                ? body : HTMLEscape.text(body)
        }
        switch type {
        case "html", "text/html":
            return body
        case "xhtml", "application/xhtml+xml":
            return (element.element(named: "div") ?? element).innerHTML
        case "text", "text/plain":
            return HTMLEscape.text(body)
        default:
            // A binary media type is base64 (RFC 4287 §4.1.3.3), and only text can be shown; any
            // other (`application/x-custom`) is text as written, as feedparser and gofeed read it:
            // decoding it would corrupt text that happens to be valid base64 (`test`).
            guard isBinary(type) else { return HTMLEscape.text(body) }
            return decodeBase64(body).map(HTMLEscape.text) ?? ""
        }
    }

    /// Whether an Atom content type is binary, so base64: images, sound, video and a few
    /// application types; never text or XML (gofeed's list).
    private static func isBinary(_ type: String) -> Bool {
        if type.hasPrefix("text/") || type.contains("xml") { return false }
        if ["image/", "audio/", "video/"].contains(where: type.hasPrefix) { return true }
        return [
            "application/octet-stream", "application/pdf", "application/zip", "application/gzip",
            "application/x-gzip", "application/ogg",
        ].contains(type)
    }

    /// Base64 (whitespace allowed) decoded as UTF-8 text, or nil.
    private static func decodeBase64(_ text: String) -> String? {
        let compact = text.filter { !$0.isWhitespace }
        guard let data = Data(base64Encoded: compact) else { return nil }
        return String(bytes: data, encoding: .utf8)
    }

    private static func plain(_ html: String) -> String {
        HTMLToMarkdown.plainText(html)
    }
}
