import Foundation

/// Feed autodiscovery: the feed a web page names in `<link rel="alternate" type="application/rss+xml">`.
enum FeedDiscovery {
    /// The media types of feeds, in order of preference.
    static let feedTypes = ["application/atom+xml", "application/rss+xml", "application/feed+json", "application/json"]

    /// Whether an answer is an HTML page: by its `Content-Type`, else by a `<!DOCTYPE html` or `<html` start.
    static func isHTML(contentType: String?, bytes: [UInt8]) -> Bool {
        if let type = contentType?.split(separator: ";").first?.trimmingWhitespace.lowercased() {
            if type == "text/html" || type == "application/xhtml+xml" { return true }
            if type.contains("xml") || type.contains("json") { return false }
        }
        let head = String(decoding: bytes.prefix(512), as: UTF8.self).trimmingWhitespace.lowercased()
        return head.hasPrefix("<!doctype html") || head.hasPrefix("<html")
    }

    /// The address of the page's preferred feed, resolved against `address`; nil when it names none.
    static func feedLink(inPage bytes: [UInt8], address: URL) -> String? {
        let page = LibXML2.parseHTMLDocument(String(decoding: bytes.prefix(1 << 20), as: UTF8.self))
        var links: [(rank: Int, href: String)] = []
        var stack = [page]
        while let element = stack.popLast() {
            if element.name == "link" || element.name == "a",
                let rel = element.attributes["rel"]?.lowercased().split(separator: " "), rel.contains("alternate"),
                let type = element.attributes["type"]?.lowercased().trimmingWhitespace,
                let rank = feedTypes.firstIndex(of: type), let href = element.attributes["href"],
                let resolved = WebLink.resolve(href.trimmingWhitespace, against: address)
            {
                links.append((rank, resolved))
            }
            stack.append(contentsOf: element.elements.reversed())
        }
        return links.min { $0.rank < $1.rank }?.href
    }
}
