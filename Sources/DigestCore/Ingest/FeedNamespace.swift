/// The namespace URIs feed readers match elements by (with the local name, never the prefix).
enum FeedNamespace {
    /// RSS 1.0, whose elements sit in an RDF document.
    static let rss10 = "http://purl.org/rss/1.0/"
    /// RSS 0.90, Netscape's RDF format.
    static let rss090 = "http://my.netscape.com/rdf/simple/0.9/"
    /// Namespaces some RSS 2.0 feeds put their own elements in (feedparser accepts them too).
    static let rss20Variants: Set<String> = [
        "http://backend.userland.com/rss2", "http://backend.userland.com/rss", "http://blogs.law.harvard.edu/tech/rss",
    ]
    /// The RDF syntax namespace (the root `rdf:RDF` of RSS 0.90 and 1.0).
    static let rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    /// Atom 1.0.
    static let atom10 = "http://www.w3.org/2005/Atom"
    /// Atom 0.3, the pre-standard draft.
    static let atom03 = "http://purl.org/atom/ns#"
    /// `content:encoded`.
    static let content = "http://purl.org/rss/1.0/modules/content/"
    /// Dublin Core elements (`dc:date`, `dc:title`, `dc:subject`, `dc:description`).
    static let dublinCore = "http://purl.org/dc/elements/1.1/"
    /// Dublin Core terms (`dcterms:issued`, `dcterms:modified`).
    static let dublinCoreTerms = "http://purl.org/dc/terms/"
    /// Media RSS (`media:group`, `media:description`, `media:thumbnail`).
    static let media = "http://search.yahoo.com/mrss/"
    /// Apple's podcast namespace (`itunes:summary`), used only when nothing else describes an item;
    /// feeds also write it `…/DTDs/Podcast-1.0.dtd`, so it is matched without regard to case.
    static let iTunes = "http://www.itunes.com/dtds/podcast-1.0.dtd"
    /// XHTML (`xhtml:body`, an RSS item's content as markup; Atom's inline `div`).
    static let xhtml = "http://www.w3.org/1999/xhtml"
}
