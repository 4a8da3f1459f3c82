import Dispatch

/// One reader's finished message.
package struct PersonalMessage: Sendable {
    /// The reader.
    package let subscriber: Subscriber
    /// The message.
    package let message: MailMessage
    /// The message's bytes, with the line ending asked for.
    package let bytes: [UInt8]
    /// How many items the reader's digest holds (those left out for the HTML budget included).
    package let itemCount: Int
    /// How many topic sections it holds.
    package let sectionCount: Int
}

/// Readers who get the same bodies but for their greeting, name and unsubscribe link.
struct ReaderGroup: Hashable, Sendable {
    var topics: Set<String>?
    var hasName: Bool
}

extension DigestBuild {
    /// Who gets a personal digest, and how their unsubscribe links are made.
    package struct Personalization: Sendable {
        /// The subscriber list, read after the sources so its topics can be checked.
        package var subscribers: SubscriberList
        /// The personal unsubscribe URL template, if any.
        package var unsubscribeLink: UnsubscribeLinkTemplate?
        /// The token maker for `{token}` in the template.
        package var token: UnsubscribeToken?
        /// Addresses that must get no mail (lower-cased): the state store's suppressions.
        package var suppressed: Set<String> = []

        /// Creates a personalization.
        package init(
            subscribers: SubscriberList, unsubscribeLink: UnsubscribeLinkTemplate? = nil, token: UnsubscribeToken? = nil
        ) {
            self.subscribers = subscribers
            self.unsubscribeLink = unsubscribeLink
            self.token = token
        }
    }

    /// What a personal run did.
    package struct PersonalOutcome: Sendable {
        /// Items skipped in the sources, with why.
        package var diagnostics: [Diagnostic] = []
        /// How many items the sources gave.
        package var itemsRead = 0
        /// How many messages were handed to `deliver`.
        package var written = 0
        /// Readers whose topics had nothing in the window: they get no message.
        package var empty: [Subscriber] = []
        /// Readers left out because their address is suppressed.
        package var suppressed: [Subscriber] = []
        /// The ids of the items some reader got, each once, in order.
        package var itemIDs: [String] = []
        /// Rows of the subscriber list that were rejected, with why.
        package var rejected: [Diagnostic] = []
        /// Size warnings, at most one per distinct set of topics.
        package var warnings: [String] = []
    }

    /// Builds one message per subscriber and hands each to `deliver` as soon as it is made,
    /// so memory stays bounded however many readers there are.
    ///
    /// The work is shared as far as it goes: sources are read once; readers who follow the
    /// same topics share one selection; each item is rendered once; the templates run once
    /// per group of readers with the same topics (and with or without a name); each reader's
    /// message is then their group's bodies with their greeting, name and unsubscribe link
    /// filled in, of which only the lines holding those values are encoded per reader (see
    /// ``SplicedText``). Items, groups and messages are made on every core; messages are delivered
    /// in list order on the calling thread while the next ones are being made. A reader's
    /// message is the same, byte for byte, as the one a run for that reader alone makes.
    ///
    /// - Parameters:
    ///   - personalization: the readers and their unsubscribe links.
    ///   - lineEnding: the line ending of each message's bytes.
    ///   - progress: called after each reader with (readers done, readers in all).
    ///   - deliver: called with each message, in list order.
    package func runPersonal(
        _ personalization: Personalization, lineEnding: LineEnding = .crlf, progress: (Int, Int) -> Void = { _, _ in },
        deliver: (PersonalMessage) throws(DigestError) -> Void
    ) throws(DigestError) -> PersonalOutcome {
        let reading = try readSources()
        var outcome = PersonalOutcome(diagnostics: reading.diagnostics, itemsRead: reading.items.count)
        let known = reading.topics.union(settings.selection.plan.topics.map { $0.name.lowercased() })
        let (listed, rejected) = try personalization.subscribers.read(knownTopics: known)
        outcome.rejected = rejected
        let subscribers = listed.filter { !personalization.suppressed.contains($0.mailbox.address.lowercased()) }
        outcome.suppressed = listed.filter { personalization.suppressed.contains($0.mailbox.address.lowercased()) }
        let prepared = settings.selection.prepare(reading.items)

        // One digest per set of followed topics.
        var topicSets: [Set<String>?] = []
        var seenSets: Set<Set<String>?> = []
        for subscriber in subscribers where seenSets.insert(subscriber.topicKeys).inserted {
            topicSets.append(subscriber.topicKeys)
        }
        let digests = Dictionary(
            uniqueKeysWithValues: Parallel.map(topicSets) { ($0, prepared.digest(following: $0)) })
        let selections = digests
        // Each item that appears anywhere, rendered once.
        var unique: [Item] = []
        var seen: Set<String> = []
        for digest in digests.values {
            for item in digest.items where seen.insert(item.id).inserted { unique.append(item) }
        }
        let rendered = Dictionary(uniqueKeysWithValues: Parallel.map(unique) { ($0.id, RenderedItem($0)) })
        outcome.itemIDs = unique.map(\.id)

        // The templates, once per group of readers.
        let list = defaultList
        let renderer = DigestRenderer(templates: settings.templates, budget: settings.htmlBudget)
        var groupKeys: [ReaderGroup] = []
        var seenGroups: Set<ReaderGroup> = []
        for subscriber in subscribers where !(digests[subscriber.topicKeys]?.isEmpty ?? true) {
            let group = ReaderGroup(topics: subscriber.topicKeys, hasName: subscriber.name != nil)
            if seenGroups.insert(group).inserted { groupKeys.append(group) }
        }
        // The bodies of a group are made with its first reader's message (so the first files
        // are written while later groups' bodies are made), once.
        let groupIndex = Dictionary(uniqueKeysWithValues: groupKeys.enumerated().map { ($1, $0) })
        let groupBodies = OnceEach<GroupBodies>(count: groupKeys.count)
        // The clipping check looks at the first group of each set of topics.
        var firstOfTopics: Set<ReaderGroup> = []
        var topicSetsSeen: Set<Set<String>?> = []
        for group in groupKeys where topicSetsSeen.insert(group.topics).inserted { firstOfTopics.insert(group) }
        let checked = firstOfTopics
        let bodies: @Sendable (ReaderGroup) -> GroupBodies = { group in
            groupBodies.value(groupIndex[group]!) {
                let digest = selections[group.topics]!
                let topics = (group.topics ?? []).sorted().map(prepared.spelling(of:))
                let subject = subject(for: digest)
                var masthead = masthead(subject: subject, list: list, window: digest.window)
                if let template = personalization.unsubscribeLink {
                    masthead.unsubscribeByEmail = template.template.lowercased().hasPrefix("mailto:")
                }
                let shared = renderer.renderShared(
                    digest, masthead: masthead, items: rendered, readerTopics: topics, hasName: group.hasName)
                var clipping: String?
                if checked.contains(group) {
                    clipping = ClippingCheck.warning(
                        html: shared.filled(greeting: "", name: "", unsubscribe: "").html, digest: digest,
                        rendered: rendered, cut: shared.cut, budget: settings.htmlBudget,
                        webVersion: settings.baseURL != nil)
                }
                let header = HeaderText(subject)
                return GroupBodies(
                    shared: shared, spliced: shared.spliced(lineEnding: lineEnding), subject: header,
                    headers: SharedHeaderFields(from: settings.from, subject: header, date: settings.date, list: list),
                    clipping: clipping)
            }
        }

        // Each reader's message, made on every core, written in order here as soon as made.
        let make: @Sendable (Int) -> PersonalMessage? = { index in
            let subscriber = subscribers[index]
            guard let digest = selections[subscriber.topicKeys], !digest.isEmpty else { return nil }
            let group = bodies(ReaderGroup(topics: subscriber.topicKeys, hasName: subscriber.name != nil))
            let readerList = personalList(list, for: subscriber, personalization)
            let values = SharedBodies.values(
                greeting: renderer.greeting(subscriber.name), name: subscriber.name,
                unsubscribe: readerList.preferredUnsubscribe)
            let message = MailMessage(
                from: settings.from, to: [subscriber.mailbox], subject: group.subject, date: settings.date,
                list: readerList, text: group.spliced.text, html: group.spliced.html, values: values,
                shared: group.headers)
            return PersonalMessage(
                subscriber: subscriber, message: message, bytes: message.bytes(lineEnding: lineEnding),
                itemCount: digest.itemCount, sectionCount: digest.sections.count)
        }
        var done = 0
        try OrderedPipeline.run(count: subscribers.count, make: make) { (index, personal) throws(DigestError) in
            if let personal {
                try deliver(personal)
                outcome.written += 1
            } else {
                outcome.empty.append(subscribers[index])
            }
            done += 1
            progress(done, subscribers.count)
        }

        // A warning for each set of topics whose HTML a mail client would clip, in the order
        // the sets first occur in the list (each was checked with its first group's bodies).
        outcome.warnings += groupKeys.filter(checked.contains).compactMap { bodies($0).clipping }
        return outcome
    }

    /// What the readers of one group share: the bodies filled for each of them, spliced for
    /// the message, and the subject.
    private struct GroupBodies: Sendable {
        let shared: SharedBodies
        let spliced: (text: SplicedText, html: SplicedText)
        let subject: HeaderText
        /// Date, From, Subject and List-Id, made once for the group.
        let headers: SharedHeaderFields
        /// The clipping warning, for the first group of a set of topics.
        let clipping: String?
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
