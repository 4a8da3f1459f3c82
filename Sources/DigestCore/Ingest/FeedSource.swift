import Foundation

/// An RSS (0.90 to 2.0, RDF), Atom (0.3, 1.0) or JSON Feed document, from a file or an http(s) URL.
///
/// The format is told from the content. Entries without categories take `topic`, else the
/// feed's title; entries without a date take the feed's date, else the day the feed was read.
package struct FeedSource: ItemSource {
    /// The path or URL as the user gave it.
    package let location: String
    /// The topic of entries without categories; nil uses the feed's title.
    package let topic: String?
    /// Seconds to wait for a host to answer.
    package let timeout: Double
    /// The day the feed is read: the date of entries when neither they nor the feed have one.
    package let readDay: Day
    /// Where the last answer of an http(s) feed is kept for a conditional request; nil asks
    /// unconditionally every time.
    package let cache: (any FeedCache)?

    /// Creates a feed source.
    ///
    /// - Parameters:
    ///   - location: a file path or an `http:`/`https:` URL.
    ///   - topic: the topic of untagged entries.
    ///   - timeout: seconds to wait for a host.
    ///   - readDay: the day it is read (today).
    ///   - cache: where answers are kept between runs (``ConditionalFetch``).
    package init(
        location: String, topic: String? = nil, timeout: Double = 15, readDay: Day, cache: (any FeedCache)? = nil
    ) {
        self.location = location
        self.topic = topic
        self.timeout = timeout
        self.readDay = readDay
        self.cache = cache
    }

    package var name: String { location }

    package func read() throws(DigestError) -> SourceReading {
        guard SourceSpec(location).isURL else {
            let bytes = try SourceFile.bytes(location, limit: SourceFile.feedLimit)
            return try parse(bytes, address: nil)
        }
        let fetcher = ConditionalFetch(
            fetcher: HTTPFetcher(timeout: timeout, limit: SourceFile.feedLimit), cache: cache)
        var notes: [Diagnostic] = []
        var document = try fetcher.document(location, notes: &notes) { answer throws(DigestError) in
            try self.document(of: answer, discovering: true)
        }
        var file = location
        if case .page(let feed) = document.content {
            // A web page, not a feed: its <link rel="alternate"> is followed to the feed, once;
            // the feed's problems and its items' lines name the feed.
            let linked = FeedSource(location: feed, topic: topic, timeout: timeout, readDay: readDay, cache: cache)
            document = try fetcher.document(feed, notes: &notes) { answer throws(DigestError) in
                try linked.document(of: answer, discovering: false)
            }
            file = feed
        }
        var reading = try reading(of: document, file: file)
        reading.diagnostics.insert(contentsOf: notes, at: 0)
        return reading
    }

    /// Reads feed bytes already in memory; `address` resolves relative links.
    func parse(_ bytes: [UInt8], address: URL?, httpCharset: String? = nil) throws(DigestError) -> SourceReading {
        try reading(of: document(bytes, address: address, httpCharset: httpCharset), file: location)
    }

    /// The document an http(s) answer holds; an HTML page, when `discovering`, is the feed it links to.
    private func document(of answer: HTTPFetcher.Answer, discovering: Bool) throws(DigestError) -> FeedDocument {
        if discovering, FeedDiscovery.isHTML(contentType: answer.contentType, bytes: answer.bytes) {
            guard let feed = FeedDiscovery.feedLink(inPage: answer.bytes, address: answer.url) else {
                throw .unknownSourceKind(
                    path: location,
                    found: "an HTML page without a <link rel=\"alternate\"> to an RSS, Atom or JSON feed")
            }
            return FeedDocument(.page(feed: feed))
        }
        return try document(
            answer.bytes, address: answer.url, httpCharset: FeedCharset.charset(ofContentType: answer.contentType))
    }

    /// Parses feed bytes: everything of reading a feed that depends on its bytes alone.
    func document(_ bytes: [UInt8], address: URL?, httpCharset: String? = nil) throws(DigestError) -> FeedDocument {
        switch SourceKind.detect(prefix: Array(bytes.prefix(4096)), name: location) {
        case .empty:
            return FeedDocument(.empty)
        case .jsonFeed:
            if let line = SourceFile.firstNonUTF8Line(bytes) {
                throw .notUTF8(SourceLocation(file: location, line: line))
            }
            switch JSONFeed.parse(bytes, address: address, source: location) {
            case .failure(.invalidJSON(let message)):
                throw .malformedFeed(SourceLocation(file: location), message: "not valid JSON: \(message)")
            case .failure(.notAFeed(let why)):
                throw .unknownSourceKind(path: location, found: "a JSON document, but \(why)")
            case .success(let (feed, problems)):
                return FeedDocument(.feed(PreparedFeed(feed)), diagnostics: problems)
            }
        case .xmlFeed:
            var notes: [Diagnostic] = []
            let root = try xmlRoot(bytes, httpCharset: httpCharset, notes: &notes)
            if OPMLList.accepts(root) {
                return FeedDocument(.list(feeds: OPMLList.feeds(root)), diagnostics: notes)
            } else if RSSFeed.accepts(root) {
                return FeedDocument(.feed(PreparedFeed(RSSFeed.parse(root, address: address))), diagnostics: notes)
            } else if AtomFeed.accepts(root) {
                return FeedDocument(.feed(PreparedFeed(AtomFeed.parse(root, address: address))), diagnostics: notes)
            }
            throw .unknownSourceKind(path: location, found: Self.describe(root))
        case .listing, .markdown, .markdownFolder:
            throw .unknownSourceKind(path: location, found: "the address did not answer with a feed")
        }
    }

    /// The items of a parsed document read from `file`, after the problems its parse met.
    private func reading(of document: FeedDocument, file: String) throws(DigestError) -> SourceReading {
        var reading = SourceReading(diagnostics: document.diagnostics(at: file))
        switch document.content {
        case .empty:
            reading.diagnostics.append(
                Diagnostic(location: SourceLocation(file: file), problem: "the feed is empty", skipped: "the source"))
        case .feed(let feed):
            let maker = FeedItemMaker(source: location, defaultTopic: topic, readDay: readDay, file: file)
            let items = maker.reading(of: feed)
            reading.items = items.items
            reading.diagnostics += items.diagnostics
        case .list(let feeds):
            let list = OPMLList.read(feeds, from: self)
            reading.items = list.items
            reading.diagnostics += list.diagnostics
        case .page:
            throw .unknownSourceKind(path: location, found: "an HTML page whose feed link leads to another page")
        }
        return reading
    }

    /// The root element of an XML feed, in the encoding ``FeedCharset`` chooses; a document that
    /// is not well-formed is mended (``XMLRepair``) and read by libxml2's recovering parser,
    /// with a note in `notes` saying so, never silently.
    private func xmlRoot(
        _ bytes: [UInt8], httpCharset: String?, notes: inout [Diagnostic]
    ) throws(DigestError) -> MarkupElement {
        let here = SourceLocation(file: location)
        let choice: FeedCharset.Choice
        switch FeedCharset.choose(bytes, httpCharset: httpCharset) {
        case .success(let chosen): choice = chosen
        case .failure(let error): throw .malformedFeed(here, message: "no character encoding fits: \(error.message)")
        }
        if let guessed = choice.guessed {
            notes.append(Diagnostic(location: here, problem: guessed, skipped: "nothing"))
        }
        let bytes = choice.transcoded ?? bytes
        let firstError: MarkupError
        do throws(MarkupError) {
            return try LibXML2.parseXML(bytes, url: location, encoding: choice.encoding)
        } catch {
            firstError = error
        }
        let (mended, what) = XMLRepair.repaired(bytes)
        let root: MarkupElement
        do throws(MarkupError) {
            root = try LibXML2.parseXML(mended, url: location, encoding: choice.encoding, recover: true)
        } catch {
            throw .malformedFeed(SourceLocation(file: location, line: firstError.line), message: firstError.message)
        }
        let line = firstError.line.map { " at line \($0)" } ?? ""
        let repairs = what.isEmpty ? "" : " (mended: \(what.joined(separator: ", ")))"
        notes.append(
            Diagnostic(
                location: here,
                problem:
                    "the feed is not well-formed XML\(line): \(ListingParser.excerpt(firstError.message))\(repairs); "
                    + "read the way feed readers recover it",
                skipped: "whatever the recovering parser could not read"))
        return root
    }

    /// What an XML document that is no feed is, in words: its root element and namespace.
    static func describe(_ root: MarkupElement) -> String {
        if root.name.lowercased() == "html" { return "an HTML page, not a feed" }
        let namespace = root.namespace.map { " in the namespace “\($0)”" } ?? " in no namespace"
        let known: String
        switch root.name {
        case "feed":
            known = "Atom needs the namespace “\(FeedNamespace.atom10)” (or Atom 0.3’s “\(FeedNamespace.atom03)”)"
        case "rss": known = "RSS 2.0 has no namespace on <rss>"
        case "RDF": known = "an RDF feed needs a <channel> in the RSS 1.0 or 0.90 namespace"
        default: known = "a feed’s root is <rss>, <rdf:RDF> or <feed>"
        }
        return "an XML document whose root element is <\(root.name)>\(namespace); \(known)"
    }
}
