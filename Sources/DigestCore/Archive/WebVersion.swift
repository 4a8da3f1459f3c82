/// Where an issue can be read in a browser: its page in the web archive that `digest
/// archive` writes, published under the list's `base-url:`.
package enum WebVersion {
    /// `https://example.org/digest/digest-2019-03-20-to-2019-04-19.html` for `base` and `window`.
    package static func url(base: String, window: DateWindow) -> String {
        let page = DigestFolder.fileName(for: window).dropLast(4) + ".html"
        return (base.hasSuffix("/") ? base : base + "/") + page
    }
}
