import Foundation

/// The picture a feed gives for an entry, found the way feed readers find it.
///
/// In order: a Media RSS `media:content` that is an image (`medium="image"` or an `image/`
/// type, also inside `media:group`), an RSS `<enclosure>` or Atom `<link rel="enclosure">`
/// of an `image/` type, then `media:thumbnail` (of the entry, its group or its media) as the
/// entry's image when it has no other; for JSON Feed, `image`, then `banner_image`. Of
/// several of a kind, the widest that is at most twice the email's column is taken (else the
/// first). Addresses are resolved against the entry's base; only `https:` images of more than
/// one pixel are kept (``ItemImage``).
enum FeedImage {
    /// An image as the feed gives it, before the item's title is known for its alt text.
    struct Candidate: Sendable, Equatable, Codable {
        /// The resolved address.
        var url: String
        /// Its own description (`media:title`, `media:description`), if any.
        var alt: String?
        /// The declared size.
        var width: Int?
        var height: Int?

        /// The image of an item titled `title`, when its address and size are acceptable.
        func image(title: String) -> ItemImage? {
            ItemImage(url: url, alt: alt, fallbackAlt: title, width: width, height: height)
        }
    }

    /// The widest a chosen image may be declared before a narrower one of the same kind is
    /// preferred: twice the column, for sharp screens.
    static let preferredMaximumWidth = 2 * 536

    /// The image of an RSS item or Atom entry; `ns` is the format's namespace, `atom` whether
    /// `<link rel="enclosure">` (Atom) rather than `<enclosure>` (RSS) is looked for.
    static func of(_ entry: MarkupElement, ns: String?, atom: Bool, base: URL?) -> Candidate? {
        let groups = entry.children("group", in: FeedNamespace.media)
        let contents =
            entry.children("content", in: FeedNamespace.media)
            + groups.flatMap { $0.children("content", in: FeedNamespace.media) }
        let images = contents.filter { content in
            let medium = content.attributes["medium"]?.lowercased()
            let type = content.attributes["type"]?.lowercased()
            return medium == "image" || (medium == nil && type?.hasPrefix("image/") == true)
        }
        let enclosures =
            atom
            ? entry.children("link", in: ns).filter { $0.attributes["rel"]?.lowercased() == "enclosure" }
            : entry.children("enclosure", in: ns)
        let imageEnclosures = enclosures.filter { $0.attributes["type"]?.lowercased().hasPrefix("image/") == true }
        let thumbnails =
            entry.children("thumbnail", in: FeedNamespace.media)
            + groups.flatMap { $0.children("thumbnail", in: FeedNamespace.media) }
            + contents.flatMap { $0.children("thumbnail", in: FeedNamespace.media) }
        let tiers: [[Candidate]] = [
            images.compactMap { candidate($0, address: "url", base: base) },
            imageEnclosures.compactMap { candidate($0, address: atom ? "href" : "url", base: base) },
            thumbnails.compactMap { candidate($0, address: "url", base: base) },
        ]
        return tiers.lazy.compactMap(best).first
    }

    /// The image of a JSON Feed item: `image`, else `banner_image`.
    static func of(jsonItem item: [String: Any], base: URL?) -> Candidate? {
        for key in ["image", "banner_image"] {
            if let raw = item[key] as? String, let url = WebLink.resolve(raw, against: base), isHTTPS(url) {
                return Candidate(url: url)
            }
        }
        return nil
    }

    /// The candidate an element's `address` attribute names, when it resolves to https and is
    /// not declared a pixel or less.
    private static func candidate(_ element: MarkupElement, address: String, base: URL?) -> Candidate? {
        guard let raw = element.attributes[address], let url = WebLink.resolve(raw, against: base), isHTTPS(url)
        else { return nil }
        let width = element.attributes["width"].flatMap(pixels)
        let height = element.attributes["height"].flatMap(pixels)
        if let width, width <= 1 { return nil }
        if let height, height <= 1 { return nil }
        let described =
            [element.child("title", in: FeedNamespace.media), element.child("description", in: FeedNamespace.media)]
            .compactMap { $0.map { HTMLToMarkdown.plainText($0.text).trimmingWhitespace } }
            .first { !$0.isEmpty }
        return Candidate(url: url, alt: described, width: width, height: height)
    }

    /// The widest candidate declared at most ``preferredMaximumWidth``, else the first.
    private static func best(_ candidates: [Candidate]) -> Candidate? {
        let fitting = candidates.filter { ($0.width ?? 0) > 0 && $0.width! <= preferredMaximumWidth }
        return fitting.max { $0.width! < $1.width! } ?? candidates.first
    }

    private static func isHTTPS(_ url: String) -> Bool {
        url.lowercased().hasPrefix("https://")
    }

    /// A size attribute in pixels (`480`, `480px`).
    private static func pixels(_ value: String) -> Int? {
        var text = value.trimmingWhitespace.lowercased()
        if text.hasSuffix("px") { text.removeLast(2) }
        return Int(text)
    }
}
