/// An OPML subscription list (`<opml><body><outline xmlUrl="…">`) read as the feeds it lists.
///
/// Every outline with an `xmlUrl` is a feed source; nested outlines (folders) are followed.
/// A listed feed that cannot be read is reported and skipped; the others are read.
enum OPMLList {
    /// Whether `root` is an OPML document.
    static func accepts(_ root: MarkupElement) -> Bool {
        root.name.lowercased() == "opml"
    }

    /// The feed addresses an OPML document lists, in order, without repeats.
    static func feeds(_ root: MarkupElement) -> [String] {
        var found: [String] = []
        var stack = (root.elements(named: "body").first?.elements ?? []).reversed() as [MarkupElement]
        while let outline = stack.popLast() {
            if outline.name == "outline", let url = outline.attributes["xmlUrl"]?.trimmingWhitespace, !url.isEmpty,
                !found.contains(url)
            {
                found.append(url)
            }
            stack.append(contentsOf: outline.elements.reversed())
        }
        return found
    }

    /// The items of each of `feeds` (an OPML document's ``feeds(_:)``), read like `list` (its
    /// timeout, topic, day and cache).
    static func read(_ feeds: [String], from list: FeedSource) -> SourceReading {
        var reading = SourceReading()
        if feeds.isEmpty {
            reading.diagnostics.append(
                Diagnostic(
                    location: SourceLocation(file: list.location),
                    problem: "the OPML list has no <outline> with an xmlUrl", skipped: "the source"))
        }
        for feed in feeds {
            guard !SourceSpec(list.location).isURL || SourceSpec(feed).isURL else {
                // A list read from the web names web feeds only, never a file on this machine.
                reading.diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(file: list.location),
                        problem: "the listed feed “\(ListingParser.excerpt(feed))” is not an http(s) address",
                        skipped: "that feed"))
                continue
            }
            let source = FeedSource(
                location: feed, topic: list.topic, timeout: list.timeout, readDay: list.readDay, cache: list.cache)
            do throws(DigestError) {
                let items = try source.read()
                reading.items += items.items
                reading.diagnostics += items.diagnostics
            } catch {
                reading.diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(file: list.location),
                        problem: "the listed feed cannot be read: \(error.description)", skipped: "that feed"))
            }
        }
        return reading
    }
}
