/// One run of the pipeline: sources → selection → rendering → MIME. Delivery is the caller's.
public struct DigestBuild: Sendable {
    /// Everything a run needs, already checked.
    public struct Settings: Sendable {
        /// Where items come from, in precedence order.
        public var sources: [any ItemSource]
        /// The window and topic plan.
        public var selection: Selection
        /// The loaded templates.
        public var templates: TemplateSet
        /// The newsletter's name.
        public var name: String
        /// The subject; nil derives `<name>, <window>`.
        public var subject: String?
        /// The sender.
        public var from: Mailbox
        /// The recipients.
        public var to: [Mailbox]
        /// The Date header.
        public var date: MailDate
        /// Whether one malformed item stops the run.
        public var strict: Bool
        /// `List-Id` and the unsubscribe URL, when configured.
        public var list = ListSettings()

        /// Creates settings.
        public init(
            sources: [any ItemSource], selection: Selection, templates: TemplateSet, name: String,
            subject: String? = nil, from: Mailbox, to: [Mailbox], date: MailDate, strict: Bool = false
        ) {
            self.sources = sources
            self.selection = selection
            self.templates = templates
            self.name = name
            self.subject = subject
            self.from = from
            self.to = to
            self.date = date
            self.strict = strict
        }
    }

    /// What a run produced.
    public struct Outcome: Sendable {
        /// Items skipped, with why.
        public var diagnostics: [Diagnostic]
        /// How many items the sources gave.
        public var itemsRead: Int
        /// The selection.
        public var digest: Digest
        /// The message, or nil when the selection is empty.
        public var message: MailMessage?
    }

    /// The settings of this run.
    public let settings: Settings

    /// Creates a run.
    public init(settings: Settings) {
        self.settings = settings
    }

    /// Reads, selects, renders and composes.
    ///
    /// - Throws: ``DigestError`` when a source cannot be read, or on the first malformed item
    ///   in strict mode.
    public func run() throws(DigestError) -> Outcome {
        var items: [Item] = []
        var diagnostics: [Diagnostic] = []
        for source in settings.sources {
            let reading = try source.read()
            if settings.strict, let first = reading.diagnostics.first { throw .strict(first) }
            items += reading.items
            diagnostics += reading.diagnostics
        }
        let digest = settings.selection.digest(from: items)
        guard !digest.isEmpty else {
            return Outcome(diagnostics: diagnostics, itemsRead: items.count, digest: digest, message: nil)
        }
        let subject =
            settings.subject
            ?? "\(settings.name), \(ReaderDates.range(digest.window.since, digest.window.until))"
        let renderer = DigestRenderer(templates: settings.templates)
        let bodies = renderer.render(
            digest, masthead: .init(name: settings.name, subject: subject), items: renderer.renderItems(of: digest))
        let message = MailMessage(
            from: settings.from, to: settings.to, subject: HeaderText(subject), date: settings.date,
            text: bodies.text, html: bodies.html)
        return Outcome(diagnostics: diagnostics, itemsRead: items.count, digest: digest, message: message)
    }
}
