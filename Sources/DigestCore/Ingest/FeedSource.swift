import Foundation

/// An RSS 2.0, Atom 1.0 or JSON Feed document, from a file or an http(s) URL.
///
/// The format is told from the content. Entries without categories take `topic`, else the
/// feed's title; entries without a date take the feed's date, else the day the feed was read.
public struct FeedSource: ItemSource {
    /// The path or URL as the user gave it.
    public let location: String
    /// The topic of entries without categories; nil uses the feed's title.
    public let topic: String?
    /// Seconds to wait for a host to answer.
    public let timeout: Double
    /// The day the feed is read: the date of entries when neither they nor the feed have one.
    public let readDay: Day

    /// Creates a feed source.
    ///
    /// - Parameters:
    ///   - location: a file path or an `http:`/`https:` URL.
    ///   - topic: the topic of untagged entries.
    ///   - timeout: seconds to wait for a host.
    ///   - readDay: the day it is read (today).
    public init(location: String, topic: String? = nil, timeout: Double = 15, readDay: Day) {
        self.location = location
        self.topic = topic
        self.timeout = timeout
        self.readDay = readDay
    }

    public var name: String { location }

    public func read() throws(DigestError) -> SourceReading {
        let bytes: [UInt8]
        var address: URL?
        if SourceSpec(location).isURL {
            let answer = try HTTPFetcher(timeout: timeout, limit: SourceFile.feedLimit).fetch(location)
            bytes = answer.bytes
            address = answer.url
        } else {
            bytes = try SourceFile.bytes(location, limit: SourceFile.feedLimit)
        }
        return try parse(bytes, address: address)
    }

    /// Reads feed bytes already in memory; `address` resolves relative links.
    func parse(_ bytes: [UInt8], address: URL?) throws(DigestError) -> SourceReading {
        let maker = FeedItemMaker(source: location, defaultTopic: topic, readDay: readDay)
        switch SourceKind.detect(prefix: Array(bytes.prefix(4096)), name: location) {
        case .empty:
            return SourceReading(diagnostics: [
                Diagnostic(
                    location: SourceLocation(file: location), problem: "the feed is empty", skipped: "the source")
            ])
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
                var reading = maker.reading(of: feed)
                reading.diagnostics.insert(contentsOf: problems, at: 0)
                return reading
            }
        case .xmlFeed:
            let root: MarkupElement
            do throws(MarkupError) {
                root = try LibXML2.parseXML(bytes, url: location)
            } catch {
                throw .malformedFeed(SourceLocation(file: location, line: error.line), message: error.message)
            }
            if root.name == "rss" && root.namespace == nil {
                return maker.reading(of: RSSFeed.parse(root, address: address))
            }
            if root.name == "feed" && root.namespace == AtomFeed.namespace {
                return maker.reading(of: AtomFeed.parse(root, address: address))
            }
            let found =
                root.name.lowercased() == "html" ? "an HTML page" : "an XML document whose root is <\(root.name)>"
            throw .unknownSourceKind(path: location, found: found)
        case .listing, .markdown, .markdownFolder:
            throw .unknownSourceKind(path: location, found: "the address did not answer with a feed")
        }
    }
}
