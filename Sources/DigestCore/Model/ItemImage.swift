/// A picture that stands for an item (a feed's `media:thumbnail`, an image enclosure, a JSON
/// Feed `image`), shown beside its title.
///
/// Only an absolute `https:` address is accepted: an email never loads an image over plain
/// http, and a declared size of one pixel or less (a tracking pixel) is no image at all.
package struct ItemImage: Hashable, Sendable {
    /// The image's `https:` address.
    package let url: String
    /// What it shows, for readers who block images or listen to the email: never empty.
    package let alt: String
    /// The width the source declared, in pixels, if any.
    package let width: Int?
    /// The height the source declared, in pixels, if any.
    package let height: Int?

    /// An image, or nil when `url` is not an absolute `https:` address with a host, or the
    /// declared size is a pixel or less; control characters are removed from `alt`, which
    /// falls back to `fallbackAlt` when empty.
    package init?(url: String, alt: String?, fallbackAlt: String, width: Int? = nil, height: Int? = nil) {
        let trimmed = url.trimmingWhitespace
        guard trimmed.lowercased().hasPrefix("https://"), trimmed.count <= 2048,
            !trimmed.unicodeScalars.contains(where: Self.isForbidden),
            let host = trimmed.dropFirst(8).split(separator: "/", maxSplits: 1).first, !host.isEmpty,
            !host.hasPrefix("?"), !host.hasPrefix("#")
        else { return nil }
        if let width, width <= 1 { return nil }
        if let height, height <= 1 { return nil }
        self.url = trimmed
        let written = CleanText.removingControls(alt ?? "").trimmingWhitespace
        let text = written.isEmpty ? CleanText.removingControls(fallbackAlt).trimmingWhitespace : written
        self.alt = CleanText.separatingTemplateBraces(ItemLimits.cut(text, to: ItemLimits.title))
        self.width = width.flatMap { $0 > 0 ? $0 : nil }
        self.height = height.flatMap { $0 > 0 ? $0 : nil }
    }

    /// Whether a character may not appear in an image's address as written: spaces, controls,
    /// quotes, angle brackets and backslashes.
    private static func isForbidden(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value <= 0x20 || scalar.value == 0x7F || "\"<>\\".unicodeScalars.contains(scalar)
    }
}
