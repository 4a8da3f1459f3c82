import DigestCore
import Foundation

extension BuildOptions {
    /// Reads the configuration once and settles the run's output folder and state file (see
    /// ``Resolved``).
    func resolved() throws(DigestError) -> Resolved {
        let configuration = try configuration()
        return Resolved(
            options: self, configuration: configuration, out: list.outputFolder(configuration),
            state: list.statePath(configuration))
    }

    /// One run's settings as the options and digest.yml give them, read once: the configuration
    /// (the file under the command line), the output folder and the state file. Everything a
    /// build, a preview or `digest items` asks of the list comes from here.
    struct Resolved {
        /// The options the run was given.
        let options: BuildOptions
        /// digest.yml's values (none without a file) under the command line's.
        let configuration: DigestConfiguration
        /// The output folder: `--out`, else `out:`, else `digests`.
        let out: String
        /// The state file: `--state`, else `state:`, else digest.sqlite in ``out``.
        let state: String

        /// The subscriber list and unsubscribe links, when `--subscribers` (or `subscribers:`) is given.
        func personalization() throws(DigestError) -> DigestBuild.Personalization? {
            guard let subscribers = configuration.subscribers else { return nil }
            let template = try configuration.list.unsubscribeTemplate.map { (text) throws(DigestError) in
                try UnsubscribeLinkTemplate(text)
            }
            var token: UnsubscribeToken?
            if template?.needsToken == true {
                token = try UnsubscribeToken.load(
                    file: options.secretFile, environment: ProcessInfo.processInfo.environment)
            }
            return DigestBuild.Personalization(
                subscribers: SubscriberList(path: subscribers), unsubscribeLink: template, token: token)
        }

        /// The number the window has, or would get, in the state store; nothing is created (for
        /// a preview). Nil when the list does not number its issues.
        func issueNumber() throws(DigestError) -> IssueNumber? {
            let numbering = configuration.numbering ?? .none
            guard numbering != .none else { return nil }
            guard FileManager.default.fileExists(atPath: state) else {
                return IssueNumber(number: 1, volume: numbering == .volume ? options.window().until.year : nil)
            }
            return try StateStore.open(at: state, messages: out).label(for: options.window(), numbering: numbering)
        }

        /// Settles the build's place in the state store (window, number, what `--since last`
        /// leaves out), or stops before anything is written.
        func plan(revise: Bool) throws(DigestError) -> (IssuePlan, StateStore) {
            let store = try StateStore.open(at: state, messages: out)
            let plan = try IssuePlan(
                store: store, window: options.window(), sinceLast: options.sinceLast,
                numbering: configuration.numbering ?? .none, revise: revise)
            return (plan, store)
        }

        /// The settings (templates loaded, addresses checked), or the first problem with them;
        /// `plan` supplies the window, number and items to leave out when the build records an
        /// issue; http(s) feeds are asked conditionally when `feedCache` keeps their last answers.
        func settings(plan: IssuePlan? = nil, feedCache: (any FeedCache)? = nil) throws(DigestError)
            -> DigestBuild.Settings
        {
            let window = plan?.window ?? options.window()
            let now = MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
            var settings = try configuration.settings(
                since: window.since, until: window.until, date: options.date.flatMap(MailDate.init(iso:)) ?? now,
                defaultSources: [SourceSpec(BuildOptions.samplePath)],
                defaultTemplates: ProjectFiles.locate("Templates"), feedCache: feedCache)
            settings.issue = plan?.label
            settings.carriedItems = plan?.carried ?? []
            return settings
        }

        /// The state file as the keeper of http(s) feeds' last answers.
        func feedCache() -> StateFeedCache {
            StateFeedCache(stateFile: state, messages: out)
        }

        /// The addresses the state store suppresses (none when the list has no store yet).
        func suppressedAddresses() throws(DigestError) -> Set<String> {
            try StateStore.suppressedAddresses(stateFile: state, messages: out)
        }
    }
}
