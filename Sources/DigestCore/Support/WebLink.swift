import Foundation

/// Resolves links found in feeds and keeps only those a reader may follow.
enum WebLink {
    /// The absolute form of `raw` against `base`, when it is an `http:`, `https:` or `mailto:` URL.
    ///
    /// Tabs, line breaks and other control characters inside the text are removed first, as
    /// browsers do, so `java\tscript:` cannot slip through as a relative link; spaces are encoded.
    static func resolve(_ raw: String, against base: URL?) -> String? {
        let kept = String(String.UnicodeScalarView(raw.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
        let cleaned = kept.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: " ", with: "%20")
        guard !cleaned.isEmpty, cleaned.count <= 4096,
            let url = URL(string: cleaned, relativeTo: base)?.absoluteURL,
            let scheme = url.scheme?.lowercased(), ["http", "https", "mailto"].contains(scheme),
            LinkPolicy.isSafe(url.absoluteString)
        else { return nil }
        return url.absoluteString
    }

    /// A base URL from an `xml:base`, a channel link or a feed's address, resolved against `outer`.
    static func base(_ raw: String?, against outer: URL?) -> URL? {
        guard let raw, !raw.isEmpty else { return outer }
        return URL(string: raw.trimmingCharacters(in: .whitespacesAndNewlines), relativeTo: outer)?.absoluteURL
            ?? outer
    }
}
