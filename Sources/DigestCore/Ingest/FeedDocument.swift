import Foundation

/// What a fetched document is once parsed: the part of reading a feed that depends on its bytes
/// alone, kept with the feed's answer (``KeptFeedAnswer/document``) so that a `304 Not Modified`
/// costs a row read, not a parse.
///
/// A feed is kept prepared (``PreparedFeed``: summaries already Markdown, dates read); only
/// what depends on the run (the source's name and topic, the day undated entries take) is
/// made again each time.
struct FeedDocument: Sendable, Codable {
    /// What the document holds.
    enum Content: Sendable, Codable {
        /// A feed's fields and entries, prepared.
        case feed(PreparedFeed)
        /// A web page naming its feed (`<link rel="alternate">`), already resolved.
        case page(feed: String)
        /// An OPML list of feed addresses.
        case list(feeds: [String])
        /// An empty answer.
        case empty
    }

    /// A problem the parse met (a recovered document, a guessed encoding, a skipped JSON Feed
    /// item), reported again each time the document is used.
    struct Note: Sendable, Codable {
        var line: Int?
        var problem: String
        var skipped: String
    }

    var content: Content
    var notes: [Note] = []

    /// The version of digest and of this encoding: a document another version kept is parsed
    /// again from its body (or fetched whole), never decoded. Raise `document N` with any change
    /// of what a document holds or of how feeds are read into it, between releases too.
    static let format = "digest \(DigestVersion.current), document 4"

    /// The notes of `diagnostics` (their file is the source's, given again by ``diagnostics(at:)``).
    static func notes(_ diagnostics: [Diagnostic]) -> [Note] {
        diagnostics.map { Note(line: $0.location.line, problem: $0.problem, skipped: $0.skipped) }
    }

    /// The notes as diagnostics of the source `file`.
    func diagnostics(at file: String) -> [Diagnostic] {
        notes.map {
            Diagnostic(location: SourceLocation(file: file, line: $0.line), problem: $0.problem, skipped: $0.skipped)
        }
    }

    /// The document as kept: compact JSON, tagged with ``format``.
    var kept: KeptDocument {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        // Encoding values made of strings, numbers and URLs cannot fail.
        let bytes = (try? encoder.encode(self)).map { [UInt8]($0) } ?? []
        return KeptDocument(format: Self.format, bytes: bytes)
    }

    /// The document `kept` holds; nil when another format made it or it does not decode.
    init?(_ kept: KeptDocument) {
        guard kept.format == Self.format,
            let document = try? JSONDecoder().decode(FeedDocument.self, from: Data(kept.bytes))
        else { return nil }
        self = document
    }

    /// A document of `content` with the problems `diagnostics` reported.
    init(_ content: Content, diagnostics: [Diagnostic] = []) {
        self.content = content
        self.notes = Self.notes(diagnostics)
    }
}
