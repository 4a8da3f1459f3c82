/// Lays a digest out through the templates: one HTML and one plain-text body.
public struct DigestRenderer: Sendable {
    /// The rendered bodies of one message.
    public struct Bodies: Sendable, Equatable {
        /// The text/plain body, lines separated by `\n`.
        public var text: String
        /// The text/html body, lines separated by `\n`.
        public var html: String
    }

    /// Fixed facts about the newsletter that the templates show.
    public struct Masthead: Sendable {
        /// The newsletter's name.
        public var name: String
        /// The subject line.
        public var subject: String
        /// Where a reader unsubscribes: the list's https link, else its mailto link.
        public var unsubscribe: String?
        /// Whether that link is a `mailto:` one: the footer then says "Unsubscribe by email",
        /// never "one click".
        public var unsubscribeByEmail: Bool
        /// The issue's number, when the list numbers its issues.
        public var issue: IssueNumber?

        /// Creates a masthead.
        public init(name: String, subject: String, unsubscribe: String? = nil, issue: IssueNumber? = nil) {
            self.name = name
            self.subject = subject
            self.unsubscribe = unsubscribe
            self.unsubscribeByEmail = unsubscribe?.lowercased().hasPrefix("mailto:") ?? false
            self.issue = issue
        }
    }

    /// The reader a personal message is for.
    public struct Reader: Sendable {
        /// Their name, if known.
        public var name: String?
        /// The topics they follow; empty for every topic.
        public var topics: [String]

        /// Creates a reader.
        public init(name: String?, topics: [String]) {
            self.name = name
            self.topics = topics
        }
    }

    private let templates: TemplateSet
    private let textWidth: Int

    /// Creates a renderer with loaded templates.
    public init(templates: TemplateSet, textWidth: Int = 72) {
        self.templates = templates
        self.textWidth = textWidth
    }

    /// Renders each item of `digest` once.
    public func renderItems(of digest: Digest) -> [String: RenderedItem] {
        var seen: Set<String> = []
        let unique = digest.items.filter { seen.insert($0.id).inserted }
        let width = textWidth
        return Dictionary(uniqueKeysWithValues: Parallel.map(unique) { ($0.id, RenderedItem($0, textWidth: width)) })
    }

    /// Renders both bodies of `digest`, using items already rendered.
    ///
    /// - Parameter reader: for a personal message, whom it greets.
    public func render(_ digest: Digest, masthead: Masthead, items: [String: RenderedItem], reader: Reader? = nil)
        -> Bodies
    {
        let shared = renderShared(
            digest, masthead: masthead, items: items, readerTopics: reader?.topics, hasName: reader?.name != nil)
        return shared.filled(greeting: greeting(reader?.name), name: reader?.name, unsubscribe: masthead.unsubscribe)
    }

    /// Renders both bodies once for every reader of `readerTopics` (nil: not a personal
    /// message), leaving their greeting, name and unsubscribe link to be filled in.
    public func renderShared(
        _ digest: Digest, masthead: Masthead, items: [String: RenderedItem], readerTopics: [String]?, hasName: Bool
    ) -> SharedBodies {
        var context = self.context(for: digest, masthead: masthead, items: items)
        context["greeting"] = SharedBodies.Field.greeting.marker
        if masthead.unsubscribe != nil { context["unsubscribe"] = SharedBodies.Field.unsubscribe.marker }
        if let readerTopics {
            var fields: [String: Any] = ["topics": readerTopics, "allTopics": readerTopics.isEmpty]
            if hasName { fields["name"] = SharedBodies.Field.name.marker }
            if !readerTopics.isEmpty { fields["topicList"] = readerTopics.joined(separator: ", ") }
            context["reader"] = fields
        }
        return SharedBodies(text: normalizeText(templates.renderText(context)), html: templates.renderHTML(context))
    }

    /// `Hello Ana,`, or `Hello,` without a name (in the templates' language).
    public func greeting(_ name: String?) -> String {
        let hello = templates.language["hello"]
        return name.map { "\(hello) \($0)," } ?? "\(hello),"
    }

    /// The values the templates see; see the README for the list.
    func context(for digest: Digest, masthead: Masthead, items: [String: RenderedItem]) -> [String: Any] {
        let language = templates.language
        let sections: [[String: Any]] = digest.sections.map { section in
            let entries: [[String: Any]] = section.items.map { item in
                let rendered = items[item.id] ?? RenderedItem(item, textWidth: textWidth)
                let link = item.link.flatMap { LinkPolicy.isSafe($0) ? $0 : nil }
                let tags = item.topics.filter { $0.lowercased() != section.topic.lowercased() }
                var entry: [String: Any] = [
                    "title": item.title,
                    "titleText": TextWrapper.wrap(item.title, width: textWidth, soft: true).joined(separator: "\n"),
                    "kind": item.kind.rawValue,
                    "kindLabel": language.label(item.kind),
                    "isEvent": item.kind == .event,
                    "when": ReaderDates.when(item, language),
                    "html": rendered.html,
                    "text": rendered.text,
                    "tags": tags,
                ]
                // Absent keys are false in a Mustache section; empty strings would not be.
                if let link { entry["link"] = link }
                if item.titleIsExcerpt { entry["untitled"] = true }
                if !tags.isEmpty { entry["tagList"] = tags.joined(separator: ", ") }
                return entry
            }
            return [
                "topic": section.topic,
                "label": section.label,
                "underline": String(repeating: "-", count: max(3, DisplayWidth.of(section.label))),
                "count": section.items.count,
                "omitted": section.omitted > 0 ? section.omitted : false,
                "items": entries,
            ]
        }
        let headlines = digest.items.prefix(3).map(\.title).joined(separator: " · ")
        var context: [String: Any] = [
            "newsletter": masthead.name,
            "subject": masthead.subject,
            "since": ReaderDates.day(digest.window.since, language),
            "until": ReaderDates.day(digest.window.until, language),
            "windowLabel": ReaderDates.range(digest.window.since, digest.window.until, language),
            "itemCount": digest.items.count,
            "preheader": headlines,
            "sections": sections,
        ]
        if let unsubscribe = masthead.unsubscribe { context["unsubscribe"] = unsubscribe }
        if masthead.unsubscribe != nil, masthead.unsubscribeByEmail { context["unsubscribeByEmail"] = true }
        context["t"] = language.templateWords(newsletter: masthead.name)
        context["lang"] = language.code
        if let issue = masthead.issue {
            context["issueLabel"] = issue.label(language)
            context["issueNumber"] = issue.number
            if let volume = issue.volume { context["volume"] = volume }
        }
        return context
    }

    /// Empties blank lines, drops runs of them, and ends with one newline. A line's own
    /// trailing space is kept: in `format=flowed` text it is a soft line break.
    private func normalizeText(_ text: String) -> String {
        var input = text
        return input.withUTF8 { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 1)
            var start = 0
            var lastWasBlank = true  // no blank lines at the start
            while start <= bytes.count {
                var end = start
                while end < bytes.count, bytes[end] != 10 { end += 1 }
                var blank = true
                for index in start..<end where bytes[index] != 32 {
                    blank = false
                    break
                }
                if blank {
                    if !lastWasBlank { output.append(10) }
                } else {
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    output.append(10)
                }
                lastWasBlank = blank
                start = end + 1
            }
            while output.count >= 2, output[output.count - 1] == 10, output[output.count - 2] == 10 {
                output.removeLast()
            }
            if output.isEmpty { output.append(10) }
            return String(decoding: output, as: UTF8.self)
        }
    }
}
