import Foundation

/// Reads an Atom 1.0 document (`<feed xmlns="http://www.w3.org/2005/Atom"><entry>…`).
enum AtomFeed {
    /// The Atom namespace.
    static let namespace = "http://www.w3.org/2005/Atom"

    /// The feed's fields and entries; `address` is where the feed was read from, if a URL.
    static func parse(_ root: MarkupElement, address: URL?) -> ParsedFeed {
        let base = WebLink.base(root.attributes["xml:base"], against: address)
        var feed = ParsedFeed(
            title: root.element(named: "title", namespace: namespace).map(textConstruct).map(plain),
            date: root.element(named: "updated", namespace: namespace)?.text,
            base: alternate(root, base: base).flatMap { URL(string: $0) } ?? base)
        for (offset, entry) in root.elements(named: "entry", namespace: namespace).enumerated() {
            let entryBase = WebLink.base(entry.attributes["xml:base"], against: base)
            let link = alternate(entry, base: entryBase)
            let content = entry.element(named: "content", namespace: namespace).flatMap { element in
                element.attributes["src"] == nil ? element : nil
            }
            let summary = content ?? entry.element(named: "summary", namespace: namespace)
            let date =
                entry.element(named: "published", namespace: namespace)
                ?? entry.element(named: "updated", namespace: namespace)
            let categories = entry.elements(named: "category", namespace: namespace).compactMap { category in
                category.attributes["label"].flatMap { $0.isEmpty ? nil : $0 } ?? category.attributes["term"]
            }
            let identifier = entry.element(named: "id", namespace: namespace)?.text.trimmingWhitespace
            feed.entries.append(
                FeedEntry(
                    title: entry.element(named: "title", namespace: namespace).map(textConstruct).map(plain),
                    link: link,
                    html: summary.map(textConstruct),
                    date: date?.text, dateField: date?.name ?? "published",
                    categories: categories,
                    base: summary.flatMap { WebLink.base($0.attributes["xml:base"], against: entryBase) } ?? entryBase,
                    identifier: identifier?.isEmpty == false ? identifier : nil,
                    line: entry.line, index: offset + 1))
        }
        return feed
    }

    /// The `rel="alternate"` (or rel-less) link of a feed or entry, resolved and checked.
    private static func alternate(_ element: MarkupElement, base: URL?) -> String? {
        let links = element.elements(named: "link", namespace: namespace)
        let chosen = links.first { ($0.attributes["rel"] ?? "alternate") == "alternate" }
        return chosen?.attributes["href"].flatMap { WebLink.resolve($0, against: base) }
    }

    /// An Atom text construct as HTML: `text` escaped, `html` as is, `xhtml` written back.
    private static func textConstruct(_ element: MarkupElement) -> String {
        switch element.attributes["type"]?.lowercased() ?? "text" {
        case "html", "text/html":
            return element.text
        case "xhtml", "application/xhtml+xml":
            return (element.element(named: "div") ?? element).innerHTML
        default:
            return MarkupElement.escape(element.text)
        }
    }

    private static func plain(_ html: String) -> String {
        HTMLToMarkdown.plainText(html)
    }
}
