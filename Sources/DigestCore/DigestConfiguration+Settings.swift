import Foundation

extension DigestConfiguration {
    /// The settings of one run, with defaults for what is not set; feeds are fetched whole.
    ///
    /// - Parameters:
    ///   - since: the window's first day.
    ///   - until: the window's last day (not before `since`).
    ///   - date: the `Date` header.
    ///   - defaultSources: the sources when none is configured (the shipped sample).
    ///   - defaultTemplates: the templates folder when none is configured.
    /// - Throws: ``DigestError`` for a bad address or a missing or broken template.
    public func settings(
        since: Day, until: Day, date: MailDate, defaultSources: [SourceSpec], defaultTemplates: String
    ) throws(DigestError) -> DigestBuild.Settings {
        try settings(
            since: since, until: until, date: date, defaultSources: defaultSources, defaultTemplates: defaultTemplates,
            feedCache: nil)
    }

    /// The settings of one run, with defaults for what is not set.
    ///
    /// - Parameters:
    ///   - since: the window's first day.
    ///   - until: the window's last day (not before `since`).
    ///   - date: the `Date` header.
    ///   - defaultSources: the sources when none is configured (the shipped sample).
    ///   - defaultTemplates: the templates folder when none is configured.
    ///   - feedCache: where http(s) feeds' answers are kept for conditional requests (the state
    ///     store's ``StateFeedCache``); nil fetches them whole.
    /// - Throws: ``DigestError`` for a bad address or a missing or broken template.
    package func settings(
        since: Day, until: Day, date: MailDate, defaultSources: [SourceSpec], defaultTemplates: String,
        feedCache: (any FeedCache)?
    ) throws(DigestError) -> DigestBuild.Settings {
        var recipients: [Mailbox] = []
        for text in to ?? [Defaults.to] { recipients.append(try Mailbox(parsing: text)) }
        var sources: [any ItemSource] = []
        for spec in self.sources ?? defaultSources {
            sources.append(
                DetectedSource(spec, timeout: timeout ?? Defaults.timeout, readDay: date.day, feedCache: feedCache))
        }
        let sender = try Mailbox(parsing: from ?? Defaults.from)
        let listName = name ?? Defaults.name
        var settings = DigestBuild.Settings(
            sources: sources,
            selection: Selection(
                window: DateWindow(
                    since: since, until: until, upcomingEventDays: upcomingDays ?? Defaults.upcomingDays),
                plan: TopicPlan(topics: topics)),
            templates: try TemplateSet(
                folder: templates ?? defaultTemplates, locale: locale,
                fallbackStrings: (defaultTemplates as NSString).appendingPathComponent(TemplateSet.stringsFolderName)),
            name: listName, subject: subject, from: sender, to: recipients,
            list: try list.mailingList(name: listName, derived: .derived(name: listName, from: sender)), date: date,
            strict: strict ?? false)
        settings.baseURL = baseURL
        if let htmlBudget { settings.htmlBudget = htmlBudget * 1024 }
        return settings
    }
}
