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
        /// The issue's number, when the list numbers its issues.
        public var issue: IssueNumber?

        /// Creates a masthead.
        public init(name: String, subject: String, unsubscribe: String? = nil, issue: IssueNumber? = nil) {
            self.name = name
            self.subject = subject
            self.unsubscribe = unsubscribe
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
        var rendered: [String: RenderedItem] = [:]
        for item in digest.items where rendered[item.id] == nil {
            rendered[item.id] = RenderedItem(item, textWidth: textWidth)
        }
        return rendered
    }

    /// Renders both bodies of `digest`, using items already rendered.
    ///
    /// - Parameter reader: for a personal message, whom it greets.
    public func render(_ digest: Digest, masthead: Masthead, items: [String: RenderedItem], reader: Reader? = nil)
        -> Bodies
    {
        var context = self.context(for: digest, masthead: masthead, items: items)
        let hello = templates.language["hello"]
        context["greeting"] = reader?.name.map { "\(hello) \($0)," } ?? "\(hello),"
        if let reader {
            var fields: [String: Any] = ["topics": reader.topics, "allTopics": reader.topics.isEmpty]
            if let name = reader.name { fields["name"] = name }
            if !reader.topics.isEmpty { fields["topicList"] = reader.topics.joined(separator: ", ") }
            context["reader"] = fields
        }
        return Bodies(
            text: normalizeText(templates.renderText(context)),
            html: templates.renderHTML(context))
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
        var lines: [String] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let clean = line.allSatisfy { $0 == " " } ? "" : String(line)
            if clean.isEmpty, lines.last?.isEmpty ?? true { continue }
            lines.append(clean)
        }
        while lines.last?.isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n") + "\n"
    }
}
