/// One run of the pipeline: sources → selection → rendering → MIME. Delivery is the caller's.
public struct DigestBuild: Sendable {
    /// Everything a run needs, already checked.
    public struct Settings: Sendable {
        /// Where items come from, in precedence order.
        package var sources: [any ItemSource]
        /// The window and topic plan.
        package var selection: Selection
        /// The loaded templates.
        package var templates: TemplateSet
        /// The newsletter's name.
        package var name: String
        /// The subject; nil derives `<name>, <window>`.
        package var subject: String?
        /// The sender.
        package var from: Mailbox
        /// The recipients.
        package var to: [Mailbox]
        /// The list's identity and unsubscribe links; nil derives them from `name` and `from`.
        package var list: MailingList?
        /// The Date header.
        package var date: MailDate
        /// Whether one malformed item stops the run.
        package var strict: Bool
        /// This issue's number, shown in the subject and the bodies; nil when the list has none.
        package var issue: IssueNumber?
        /// The most bytes of the HTML part; past it the last items of the largest sections
        /// are left out and linked to the web version (`html-budget:` in KB).
        package var htmlBudget: Int = DigestRenderer.defaultBudget
        /// The public URL of the web archive (`base-url:`): each message links its own page there.
        package var baseURL: String?
        /// Ids of items an earlier issue carried (`--since last`): never selected again.
        package var carriedItems: Set<String> = []

        /// Creates settings.
        package init(
            sources: [any ItemSource], selection: Selection, templates: TemplateSet, name: String,
            subject: String? = nil, from: Mailbox, to: [Mailbox], list: MailingList? = nil, date: MailDate,
            strict: Bool = false
        ) {
            self.sources = sources
            self.selection = selection
            self.templates = templates
            self.name = name
            self.subject = subject
            self.from = from
            self.to = to
            self.list = list
            self.date = date
            self.strict = strict
        }
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        /// Items skipped, with why.
        public var diagnostics: [Diagnostic]
        /// How many items of the window the sources gave.
        public var itemsRead: Int
        /// The selection.
        package var digest: Digest
        /// The message, or nil when the selection is empty.
        public var message: MailMessage?
        /// Things a sender should know before sending (for instance, a clipped HTML part).
        public var warnings: [String] = []
        /// The sources that could not be read (the issue was built from the others): each
        /// one's error. A caller reports them all and exits with status 2.
        public var unreadable: [DigestError] = []
    }

    /// The settings of this run.
    package let settings: Settings

    /// Creates a run.
    public init(settings: Settings) {
        self.settings = settings
    }

    /// Reads, selects, renders and composes.
    ///
    /// - Throws: ``DigestError`` when a source cannot be read, or on the first malformed item
    ///   in strict mode.
    public func run() throws(DigestError) -> Outcome {
        let reading = try readSources()
        let digest = settings.selection.digest(from: reading.items)
        var outcome = Outcome(
            diagnostics: reading.diagnostics, itemsRead: reading.items.count, digest: digest, message: nil)
        outcome.unreadable = reading.unreadable
        guard !digest.isEmpty else { return outcome }
        let renderer = DigestRenderer(templates: settings.templates, budget: settings.htmlBudget)
        let rendered = renderer.renderItems(of: digest)
        let subject = subject(for: digest)
        let masthead = masthead(subject: subject, list: defaultList, window: digest.window)
        let bodies = renderer.render(digest, masthead: masthead, items: rendered)
        let message = message(bodies, subject: subject, to: settings.to, list: defaultList)
        outcome.message = message
        if let warning = ClippingCheck.warning(
            html: message.html, digest: digest, rendered: rendered, cut: bodies.cut, budget: settings.htmlBudget,
            webVersion: masthead.webVersion != nil)
        {
            outcome.warnings.append(warning)
        }
        return outcome
    }

    /// The items of every source that the window includes, in source order, the problems
    /// skipped, and the topics of every item read (also those outside the window).
    ///
    /// Sources are read at once (a slow host does not hold up the others). A source that
    /// cannot be read is in ``SourceReading/unreadable`` and the others are read: every such
    /// source is reported, not the first.
    ///
    /// - Throws: the first unreadable source's error when the run is strict or that source is
    ///   required; ``DigestError/noSourceReadable(_:)`` when no source could be read; in
    ///   strict mode, the first skipped item.
    func readSources() throws(DigestError) -> SourceReading {
        let window = settings.selection.window
        var reading = try Self.readAll(settings.sources, strict: settings.strict) { (source) throws(DigestError) in
            try source.read(keeping: window)
        }
        reading.items = carriedItems(removedFrom: reading.items)
        return reading
    }

    /// Reads `sources` with `read`, in parallel, joined in source order (see ``readSources()``).
    static func readAll(
        _ sources: [any ItemSource], strict: Bool,
        _ read: @Sendable (any ItemSource) throws(DigestError) -> SourceReading
    ) throws(DigestError) -> SourceReading {
        let readings = Parallel.map(sources.indices.map { $0 }) { index -> Result<SourceReading, DigestError> in
            do throws(DigestError) {
                return .success(try read(sources[index]))
            } catch {
                return .failure(error)
            }
        }
        var all = SourceReading()
        let failures = readings.compactMap { result -> DigestError? in
            if case .failure(let error) = result { return error }
            return nil
        }
        if !failures.isEmpty, failures.count == sources.count {
            throw failures.count == 1 ? failures[0] : .noSourceReadable(failures)
        }
        for (source, result) in zip(sources, readings) {
            switch result {
            case .success(let reading):
                if strict, let first = reading.diagnostics.first { throw .strict(first) }
                all.items += reading.items
                all.diagnostics += reading.diagnostics
                all.topics.formUnion(reading.topics)
                all.unreadable += reading.unreadable
            case .failure(let error):
                if strict || source.isRequired { throw error }
                all.unreadable.append(error)
                // Also a diagnostic, so every caller that reports skipped items (and exits 2) reports it.
                var sentence = error.description
                if sentence.hasSuffix(".") { sentence.removeLast() }
                all.diagnostics.append(
                    Diagnostic(
                        location: SourceLocation(file: source.name), problem: "the source cannot be read: \(sentence)",
                        skipped: "the source (the issue is built from the others)"))
            }
        }
        return all
    }

    /// `items` without those an earlier issue carried.
    private func carriedItems(removedFrom items: [Item]) -> [Item] {
        settings.carriedItems.isEmpty ? items : items.filter { !settings.carriedItems.contains($0.id) }
    }

    /// The configured list, or the one derived from the name and sender.
    var defaultList: MailingList {
        settings.list ?? .derived(name: settings.name, from: settings.from)
    }

    /// The subject: configured (with `{issue}` filled in) or `<name> (<issue>), <window>`.
    func subject(for digest: Digest) -> String {
        let language = settings.templates.language
        let window = ReaderDates.range(digest.window.since, digest.window.until, language)
        let label = settings.issue?.label(language)
        return settings.subject.map {
            $0.contains("{issue}") ? ReaderLanguage.fill($0, ["issue": label ?? ""]).trimmingWhitespace : $0
        } ?? (label.map { "\(settings.name) (\($0)), \(window)" } ?? "\(settings.name), \(window)")
    }

    /// What the templates show of the newsletter; the unsubscribe link is the list's https
    /// link, else its first; the web version is the issue's page under `base-url:`.
    func masthead(subject: String, list: MailingList, window: DateWindow) -> DigestRenderer.Masthead {
        .init(
            name: settings.name, subject: subject, unsubscribe: list.preferredUnsubscribe, issue: settings.issue,
            webVersion: settings.baseURL.map { WebVersion.url(base: $0, window: window) })
    }

    /// The message around rendered bodies.
    func message(_ bodies: DigestRenderer.Bodies, subject: String, to: [Mailbox], list: MailingList) -> MailMessage {
        MailMessage(
            from: settings.from, to: to, subject: HeaderText(subject), date: settings.date, list: list,
            text: bodies.text, html: bodies.html)
    }
}
