/// Lays a digest out through the templates: one HTML and one plain-text body.
package struct DigestRenderer: Sendable {
    /// The rendered bodies of one message.
    package struct Bodies: Sendable, Equatable {
        /// The text/plain body, lines separated by `\n`.
        package var text: String
        /// The text/html body, lines separated by `\n`.
        package var html: String
        /// Items left out to keep the HTML part within its budget, by section.
        package var cut: [Cut] = []
    }

    /// Items of one section left out of a message to keep its HTML part within the budget.
    package struct Cut: Sendable, Equatable {
        /// The section's heading.
        package var section: String
        /// The titles left out, in the section's order.
        package var titles: [String]
    }

    /// The size the HTML part is kept under unless told otherwise: 100 KB, below the
    /// 102 KB past which Gmail clips a message.
    package static let defaultBudget = 100 * 1024

    /// Fixed facts about the newsletter that the templates show.
    package struct Masthead: Sendable {
        /// The newsletter's name.
        package var name: String
        /// The subject line.
        package var subject: String
        /// Where a reader unsubscribes: the list's https link, else its mailto link.
        package var unsubscribe: String?
        /// Whether that link is a `mailto:` one: the footer then says "Unsubscribe by email",
        /// never "one click".
        package var unsubscribeByEmail: Bool
        /// The issue's number, when the list numbers its issues.
        package var issue: IssueNumber?
        /// The issue's page in the web archive ("View in your browser"), when `base-url:` is set.
        package var webVersion: String?

        /// Creates a masthead.
        package init(
            name: String, subject: String, unsubscribe: String? = nil, issue: IssueNumber? = nil,
            webVersion: String? = nil
        ) {
            self.name = name
            self.subject = subject
            self.unsubscribe = unsubscribe
            self.unsubscribeByEmail = unsubscribe?.lowercased().hasPrefix("mailto:") ?? false
            self.issue = issue
            self.webVersion = webVersion
        }
    }

    /// The reader a personal message is for.
    package struct Reader: Sendable {
        /// Their name, if known.
        package var name: String?
        /// The topics they follow; empty for every topic.
        package var topics: [String]

        /// Creates a reader.
        package init(name: String?, topics: [String]) {
            self.name = name
            self.topics = topics
        }
    }

    /// How many times the budget of Markdown a first, unmeasured cut keeps.
    static let estimateMargin = 3

    private let templates: TemplateSet
    private let textWidth: Int
    /// The most bytes the HTML part may take; past it, the last items of the largest
    /// sections are left out (and linked to the web version).
    let budget: Int

    /// Creates a renderer with loaded templates.
    ///
    /// - Parameter budget: the most bytes of the HTML part (default 100 KB).
    package init(templates: TemplateSet, textWidth: Int = 72, budget: Int = DigestRenderer.defaultBudget) {
        self.templates = templates
        self.textWidth = textWidth
        self.budget = budget
    }

    /// Renders once each item of `digest` that a message within the budget could show: items
    /// far past it by their Markdown's size (more than ``estimateMargin`` times the budget)
    /// are left unrendered, as ``renderShared(_:masthead:items:readerTopics:hasName:)`` leaves
    /// them out.
    package func renderItems(of digest: Digest) -> [String: RenderedItem] {
        var cut = BudgetCut(digest)
        cut.trimEstimate(to: budget, margin: Self.estimateMargin, items: [:])
        var seen: Set<String> = []
        let unique = cut.shownItems.filter { seen.insert($0.id).inserted }
        let width = textWidth
        return Dictionary(uniqueKeysWithValues: Parallel.map(unique) { ($0.id, RenderedItem($0, textWidth: width)) })
    }

    /// Renders both bodies of `digest`, using items already rendered.
    ///
    /// - Parameter reader: for a personal message, whom it greets.
    package func render(_ digest: Digest, masthead: Masthead, items: [String: RenderedItem], reader: Reader? = nil)
        -> Bodies
    {
        let shared = renderShared(
            digest, masthead: masthead, items: items, readerTopics: reader?.topics, hasName: reader?.name != nil)
        var bodies = shared.filled(
            greeting: greeting(reader?.name), name: reader?.name, unsubscribe: masthead.unsubscribe)
        bodies.cut = shared.cut
        return bodies
    }

    /// Renders both bodies once for every reader of `readerTopics` (nil: not a personal
    /// message), leaving their greeting, name and unsubscribe link to be filled in.
    ///
    /// When the HTML part would pass the budget, the last items of the largest sections are
    /// left out (each section keeps at least one), and the bodies say how many more the web
    /// version has; ``SharedBodies/cut`` names them.
    package func renderShared(
        _ digest: Digest, masthead: Masthead, items: [String: RenderedItem], readerTopics: [String]?, hasName: Bool
    ) -> SharedBodies {
        var cut = BudgetCut(digest)
        // Items not rendered count by their Markdown, which is smaller than their HTML: the
        // margin keeps every item that could fit, then measuring decides.
        cut.trimEstimate(to: budget, margin: Self.estimateMargin, items: items)
        var bodies = renderShared(
            cut, masthead: masthead, items: items, readerTopics: readerTopics, hasName: hasName)
        // Each round drops what the estimate says is over, then measures again.
        for _ in 0..<12 {
            let excess = bodies.htmlSize - budget
            guard excess > 0, cut.drop(bytes: excess, items: items) else { break }
            bodies = renderShared(cut, masthead: masthead, items: items, readerTopics: readerTopics, hasName: hasName)
        }
        return bodies
    }

    private func renderShared(
        _ cut: BudgetCut, masthead: Masthead, items: [String: RenderedItem], readerTopics: [String]?, hasName: Bool
    ) -> SharedBodies {
        var context = self.context(for: cut, masthead: masthead, items: items)
        context["greeting"] = SharedBodies.Field.greeting.marker
        if masthead.unsubscribe != nil { context["unsubscribe"] = SharedBodies.Field.unsubscribe.marker }
        if let readerTopics {
            var fields: [String: Any] = ["topics": readerTopics, "allTopics": readerTopics.isEmpty]
            if hasName { fields["name"] = SharedBodies.Field.name.marker }
            if !readerTopics.isEmpty {
                let list = readerTopics.joined(separator: ", ")
                fields["topicList"] = list
                fields["topicSentence"] = topicSentence(list)
            }
            context["reader"] = fields
        }
        // The two templates see the same context and only read it: rendered at the same time,
        // the text (the shorter) normalized on its side while the HTML is still rendering.
        nonisolated(unsafe) let values = context
        let templates = templates
        let (text, html) = Parallel.both(
            { [self] in normalizeText(templates.renderText(values)) }, { templates.renderHTML(values) })
        var shared = SharedBodies(text: text, html: html)
        shared.cut = cut.cuts
        return shared
    }

    /// `Hello Ana,`, or `Hello,` without a name (in the templates' language, its punctuation
    /// from the strings file; a file that only sets `hello` gets `<hello> Ana,`).
    package func greeting(_ name: String?) -> String {
        let language = templates.language
        let own = language.words
        guard let name else {
            if own["greetingNoName"] == nil, let hello = own["hello"] { return "\(hello)," }
            return language["greetingNoName"]
        }
        if own["greeting"] == nil, let hello = own["hello"] { return "\(hello) \(name)," }
        return ReaderLanguage.fill(language["greeting"], ["name": name])
    }

    /// `This issue follows your topics: a, b.` in the templates' language.
    private func topicSentence(_ list: String) -> String {
        let pattern = templates.language["yourTopics"]
        return pattern.contains("{topics}") ? ReaderLanguage.fill(pattern, ["topics": list]) : "\(pattern) \(list)."
    }

    /// The values the templates see; see the README for the list.
    func context(for digest: Digest, masthead: Masthead, items: [String: RenderedItem]) -> [String: Any] {
        context(for: BudgetCut(digest), masthead: masthead, items: items)
    }

    private func context(for cut: BudgetCut, masthead: Masthead, items: [String: RenderedItem]) -> [String: Any] {
        let digest = cut.digest
        let language = templates.language
        let sections: [[String: Any]] = digest.sections.enumerated().map { index, section in
            let shown = section.items.prefix(cut.kept[index])
            let left = section.items.count - shown.count
            let sectionTopic = section.topic.lowercased()
            let renderedShown = shown.map { items[$0.id] ?? RenderedItem($0, textWidth: textWidth) }
            let entries: [[String: Any]] = renderedShown.map { rendered in
                let item = rendered.item
                let link = item.link.flatMap { LinkPolicy.isSafe($0) ? $0 : nil }
                let tags = item.topics.filter { $0.lowercased() != sectionTopic }
                var entry: [String: Any] = [
                    "title": item.title,
                    "titleText": rendered.titleText,
                    "kind": item.kind.rawValue,
                    "kindLabel": language.label(item.kind),
                    "isEvent": item.kind == .event,
                    "when": ReaderDates.when(item, language),
                    "html": rendered.html,
                    "text": rendered.text,
                    "tags": tags,
                ]
                // Absent keys are false in a Mustache section; empty strings would not be.
                if let link {
                    entry["link"] = link
                    if let domain = WebLinkDomain.of(link) {
                        entry["readMore"] = ReaderLanguage.fill(language["readMore"], ["domain": domain])
                    }
                }
                if item.titleIsExcerpt { entry["untitled"] = true }
                if let image = item.image { entry["image"] = ItemPicture.context(image) }
                if !tags.isEmpty { entry["tagList"] = tags.joined(separator: ", ") }
                return entry
            }
            let omitted = section.omitted + left
            var entry: [String: Any] = [
                "topic": section.topic,
                "label": section.label,
                "anchor": "section-\(index + 1)",
                "underline": String(repeating: "-", count: max(3, DisplayWidth.of(section.label))),
                "count": section.items.count,
                "omitted": omitted > 0 ? omitted : false,
                "items": entries,
                "headlines": renderedShown.map(\.headline),
            ]
            if omitted > 0 {
                let online = left > 0 && masthead.webVersion != nil
                entry["omittedLabel"] = language.counted(
                    online ? "omittedOnline" : "omitted", omitted, ["topic": section.label])
                if online, let web = masthead.webVersion { entry["omittedLink"] = web + "#\(entry["anchor"]!)" }
            }
            return entry
        }
        let headlines = digest.sections.lazy.flatMap(\.items).prefix(3).map(\.title).joined(separator: " · ")
        let count = digest.itemCount
        var context: [String: Any] = [
            "newsletter": masthead.name,
            "subject": masthead.subject,
            "since": ReaderDates.day(digest.window.since, language),
            "until": ReaderDates.day(digest.window.until, language),
            "windowLabel": ReaderDates.range(digest.window.since, digest.window.until, language),
            "itemCount": count,
            "itemCountLabel": language.counted("items", count),
            "itemsInThisIssue": language.counted("itemsInThisIssue", count),
            "preheader": headlines,
            "sections": sections,
            "s": InlineStyle.templateStyles,
        ]
        if let unsubscribe = masthead.unsubscribe { context["unsubscribe"] = unsubscribe }
        if let webVersion = masthead.webVersion { context["webVersion"] = webVersion }
        if masthead.unsubscribe != nil, masthead.unsubscribeByEmail { context["unsubscribeByEmail"] = true }
        context["t"] = language.templateWords(newsletter: masthead.name)
        context["lang"] = language.code
        context["dir"] = language.direction
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
                let end = System.firstIndex(of: 10, in: bytes, from: start) ?? bytes.count
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
