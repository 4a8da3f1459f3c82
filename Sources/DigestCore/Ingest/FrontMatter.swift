internal import Yams

/// A Markdown file with YAML front matter (the Jekyll/Hugo convention), made into an item.
///
/// ```
/// ---
/// title: Bologna signs the pledge
/// date: 2019-04-16
/// kind: news                 # news (default), publication or event
/// topics: [cooperation]      # or one topic as text
/// link: https://example.org/bologna
/// start: 2019-05-02          # events: first day (instead of date)
/// end: 2019-05-03            # events: last day
/// image: https://example.org/bologna.jpg   # the item's picture (https only)
/// image-alt: The signing in the town hall   # its alt text (default: the title)
/// ---
/// The body is the summary, in Markdown.
/// ```
///
/// Other keys (`layout`, `author`, …) belong to other tools and are ignored.
enum FrontMatter {
    /// The item of one file's text, or why it was skipped.
    ///
    /// - Parameters:
    ///   - content: the file's content.
    ///   - file: its path, for messages.
    ///   - topic: the topic when the front matter names none.
    static func item(_ content: String, file: String, topic: String) -> Result<Item, Diagnostic> {
        var lines = content.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.last == "\r" ? line.dropLast() : line
        }
        if let first = lines.first, first.hasPrefix("\u{FEFF}") { lines[0] = first.dropFirst() }
        func failure(_ problem: String, line: Int?) -> Result<Item, Diagnostic> {
            .failure(
                Diagnostic(location: SourceLocation(file: file, line: line), problem: problem, skipped: "the file"))
        }
        guard let first = lines.first, first.trimmingWhitespace == "---" else {
            return failure("a Markdown item starts with a “---” line and its front matter (title, date…)", line: 1)
        }
        guard
            let close = lines.indices.dropFirst().first(where: {
                ["---", "..."].contains(lines[$0].trimmingWhitespace)
            })
        else {
            return failure("the front matter that starts here has no closing “---” line", line: 1)
        }
        let yaml = lines[1..<close].joined(separator: "\n")
        let summary = MarkdownAutolink.apply(
            ScriptRemoval.apply(lines[(close + 1)...].joined(separator: "\n").trimmingWhitespace))
        // Lines in the YAML text are one less than in the file.
        func fileLine(_ line: Int?) -> Int? { line.map { $0 + 1 } }

        var fields: [String: (value: Node, line: Int?)] = [:]
        do throws(YAMLProblem) {
            guard let root = try YAMLNodes.compose(yaml) else {
                return failure("the front matter is empty; it needs at least a title and a date", line: 1)
            }
            for entry in try YAMLNodes.entries(root, what: "the front matter") {
                fields[entry.key.lowercased()] = (entry.value, entry.line)
            }
        } catch {
            let what =
                error.key.map { "“\($0)” should be \(error.message)" }
                ?? "the front matter is not valid YAML: \(error.message)"
            return failure(what, line: fileLine(error.line) ?? 1)
        }

        func text(_ key: String) -> Result<String?, Diagnostic> {
            guard let field = fields[key] else { return .success(nil) }
            guard case .scalar(let scalar) = field.value else {
                return .failure(
                    Diagnostic(
                        location: SourceLocation(file: file, line: fileLine(field.line)),
                        problem: "“\(key)” should be a single text value", skipped: "the file"))
            }
            return .success(scalar.string.trimmingWhitespace)
        }
        func day(_ key: String) -> Result<Day?, Diagnostic> {
            switch text(key) {
            case .failure(let diagnostic): return .failure(diagnostic)
            case .success(nil): return .success(nil)
            case .success(let value?):
                guard let day = FeedDate.day(from: value) else {
                    return .failure(
                        Diagnostic(
                            location: SourceLocation(file: file, line: fileLine(fields[key]?.line)),
                            problem: "\(key) “\(ListingParser.excerpt(value))” is not a date like 2019-04-16",
                            skipped: "the file"))
                }
                return .success(day)
            }
        }

        let title: String
        let kindText: String?
        let link: String?
        let imageURL: String?
        let imageAlt: String?
        let date: Day?
        let start: Day?
        let end: Day?
        do throws(Diagnostic) {
            title = try text("title").get() ?? ""
            kindText = try text("kind").get()
            link = try text("link").get()
            imageURL = try text("image").get()
            imageAlt = try text("image-alt").get()
            date = try day("date").get()
            start = try day("start").get()
            end = try day("end").get()
        } catch {
            return .failure(error)
        }
        let titleLine = fileLine(fields["title"]?.line) ?? 1
        guard !title.isEmpty else { return failure("the front matter has no “title”", line: 1) }
        let skipped = "item “\(ListingParser.excerpt(title))”"
        func itemFailure(_ problem: String, key: String) -> Result<Item, Diagnostic> {
            .failure(
                Diagnostic(
                    location: SourceLocation(file: file, line: fileLine(fields[key]?.line) ?? titleLine),
                    problem: problem, skipped: skipped))
        }
        let kind: ItemKind
        if let kindText {
            guard let parsed = ItemKind(rawValue: kindText.lowercased()) else {
                return itemFailure("kind “\(kindText)” should be news, publication or event", key: "kind")
            }
            kind = parsed
        } else {
            kind = start == nil ? .news : .event
        }
        var topics: [String] = []
        if let field = fields["topics"] {
            do throws(YAMLProblem) {
                for topic in try YAMLNodes.strings(field.value, key: "topics") {
                    let name = topic.trimmingWhitespace
                    if !name.isEmpty, !topics.contains(where: { $0.lowercased() == name.lowercased() }) {
                        topics.append(name)
                    }
                }
            } catch {
                return itemFailure("“topics” should be a topic or a list of topics", key: "topics")
            }
        }
        if topics.isEmpty { topics = [topic] }
        var safeLink: String?
        if let link, !link.isEmpty {
            guard let checked = WebLink.resolve(link, against: nil) else {
                return itemFailure(
                    "link “\(ListingParser.excerpt(link))” is not an http, https or mailto address", key: "link")
            }
            safeLink = checked
        }
        var image: ItemImage?
        if let imageURL, !imageURL.isEmpty {
            guard let checked = ItemImage(url: imageURL, alt: imageAlt, fallbackAlt: title) else {
                return itemFailure(
                    "image “\(ListingParser.excerpt(imageURL))” is not an absolute https address (an email "
                        + "loads no other)", key: "image")
            }
            image = checked
        }
        let itemDate: Day
        var itemEnd: Day?
        switch kind {
        case .news, .publication:
            guard let date else { return itemFailure("a \(kind.rawValue) needs a “date” (2019-04-16)", key: "title") }
            itemDate = date
        case .event:
            guard let first = start ?? date else {
                return itemFailure("an event needs a “start” date (2019-04-16)", key: "title")
            }
            itemDate = first
            itemEnd = end ?? first
            if let end, end < first { return itemFailure("end \(end) is before start \(first)", key: "end") }
        }
        return .success(
            Item(
                id: "\(itemDate)-\(ListingParser.slug(title))-\(FeedItemMaker.hash(file))", title: title,
                summary: summary, kind: kind, date: itemDate, end: itemEnd, topics: topics, link: safeLink,
                origin: SourceLocation(file: file, line: titleLine), image: image))
    }
}
