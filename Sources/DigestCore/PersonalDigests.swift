extension DigestBuild {
    /// Who gets a personal digest, and how their unsubscribe links are made.
    public struct Personalization: Sendable {
        /// The subscriber list, read after the sources so its topics can be checked.
        public var subscribers: SubscriberList
        /// The personal unsubscribe URL template, if any.
        public var unsubscribeLink: UnsubscribeLinkTemplate?
        /// The token maker for `{token}` in the template.
        public var token: UnsubscribeToken?

        /// Creates a personalization.
        public init(
            subscribers: SubscriberList, unsubscribeLink: UnsubscribeLinkTemplate? = nil, token: UnsubscribeToken? = nil
        ) {
            self.subscribers = subscribers
            self.unsubscribeLink = unsubscribeLink
            self.token = token
        }
    }

    /// What a personal run did.
    public struct PersonalOutcome: Sendable {
        /// Items skipped in the sources, with why.
        public var diagnostics: [Diagnostic] = []
        /// How many items the sources gave.
        public var itemsRead = 0
        /// How many messages were handed to `deliver`.
        public var written = 0
        /// Readers whose topics had nothing in the window: they get no message.
        public var empty: [Subscriber] = []
        /// Rows of the subscriber list that were rejected, with why.
        public var rejected: [Diagnostic] = []
        /// Size warnings, at most one per distinct set of topics.
        public var warnings: [String] = []
    }

    /// Builds one message per subscriber and hands each to `deliver` as soon as it is made,
    /// so memory stays bounded however many readers there are.
    ///
    /// Sources are read once and each item rendered once; readers who follow the same topics
    /// share one selection. A reader's message is the same, byte for byte, as the one a run
    /// for that reader alone makes.
    ///
    /// - Parameters:
    ///   - personalization: the readers and their unsubscribe links.
    ///   - progress: called after each reader with (readers done, readers in all).
    ///   - deliver: called with each reader and their message, in list order.
    public func runPersonal(
        _ personalization: Personalization, progress: (Int, Int) -> Void = { _, _ in },
        deliver: (Subscriber, MailMessage) throws(DigestError) -> Void
    ) throws(DigestError) -> PersonalOutcome {
        let reading = try readSources()
        var outcome = PersonalOutcome(diagnostics: reading.diagnostics, itemsRead: reading.items.count)
        let known = reading.topics.union(settings.selection.plan.topics.map { $0.name.lowercased() })
        let (subscribers, rejected) = try personalization.subscribers.read(knownTopics: known)
        outcome.rejected = rejected
        let renderer = DigestRenderer(templates: settings.templates)
        var digests: [Set<String>?: Digest] = [:]
        var rendered: [String: RenderedItem] = [:]
        var warned: Set<Set<String>?> = []
        let list = defaultList
        let prepared = settings.selection.prepare(reading.items)

        for (index, subscriber) in subscribers.enumerated() {
            defer { progress(index + 1, subscribers.count) }
            let key = subscriber.topicKeys
            let digest: Digest
            if let cached = digests[key] {
                digest = cached
            } else {
                digest = prepared.digest(following: key)
                digests[key] = digest
                for item in digest.items where rendered[item.id] == nil {
                    rendered[item.id] = RenderedItem(item)
                }
            }
            guard !digest.isEmpty else {
                outcome.empty.append(subscriber)
                continue
            }
            let message = compose(
                digest, rendered: rendered, renderer: renderer, to: [subscriber.mailbox],
                list: personalList(list, for: subscriber, personalization),
                reader: .init(name: subscriber.name, topics: subscriber.topics))
            if !warned.contains(key),
                let warning = ClippingCheck.warning(html: message.html, digest: digest, rendered: rendered)
            {
                warned.insert(key)
                outcome.warnings.append(warning)
            }
            try deliver(subscriber, message)
            outcome.written += 1
        }
        return outcome
    }

    /// The list with the reader's own unsubscribe link first, when a template is configured.
    private func personalList(_ list: MailingList, for subscriber: Subscriber, _ personalization: Personalization)
        -> MailingList
    {
        guard let template = personalization.unsubscribeLink else { return list }
        let url = template.url(for: subscriber.mailbox.address, token: personalization.token)
        let others = list.unsubscribe.filter { $0.lowercased().hasPrefix("mailto:") && $0 != url }
        return (try? MailingList(id: list.id, name: list.name?.value, unsubscribe: [url] + others)) ?? list
    }
}
