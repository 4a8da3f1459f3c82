import ArgumentParser
import DigestCore
import Foundation

extension IssueNumbering: ExpressibleByArgument {}

/// The options every command that builds a digest shares.
struct BuildOptions: ParsableArguments, Sendable {
    @Option(
        help: ArgumentHelp(
            "First day of the window, included (YYYY-MM-DD), or 'last': the last issue's last day, leaving out "
                + "what it carried. Default: 6 days before --until.", valueName: "date"))
    var since: String?

    @Option(
        help: ArgumentHelp("Last day of the window, included (YYYY-MM-DD). Default: today (UTC).", valueName: "date"))
    var until: String?

    @Option(
        help: ArgumentHelp(
            "Also announce events starting up to this many days after --until. Default: 30.", valueName: "days"))
    var upcomingDays: Int?

    @Option(help: ArgumentHelp("The folder holding digest.html.mustache and digest.txt.mustache.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("The newsletter's name, shown in the subject and the bodies.", valueName: "name"))
    var name: String?

    @Option(help: ArgumentHelp("The sender, \"Name <address>\" or an address.", valueName: "mailbox"))
    var from: String?

    @Option(help: ArgumentHelp("A recipient, \"Name <address>\" or an address; repeat for more.", valueName: "mailbox"))
    var to: [String] = []

    @Option(
        help: ArgumentHelp(
            "The List-Id, label.domain (e.g. weekly.example.org). Default: from --name and --from.", valueName: "id"))
    var listId: String?

    @Option(
        help: ArgumentHelp(
            "An unsubscribe link, https: or mailto:; repeat for both. Default: mailto:<from>?subject=unsubscribe.",
            valueName: "url"))
    var unsubscribe: [String] = []

    @Option(
        help: ArgumentHelp(
            "A subscriber list (CSV: email,name,topics): one message per reader, into <out>/<window>/.",
            valueName: "file"))
    var subscribers: String?

    @Option(
        help: ArgumentHelp(
            "A personal unsubscribe link, with {email} and {token} (an HMAC of the address).", valueName: "url"))
    var unsubscribeTemplate: String?

    @Option(
        help: ArgumentHelp(
            "A file holding the secret for {token}. Default: $DIGEST_UNSUBSCRIBE_SECRET.", valueName: "file"))
    var secretFile: String?

    @Option(help: ArgumentHelp("The subject line. Default: \"<name>, <window>\".", valueName: "text"))
    var subject: String?

    @Option(
        help: ArgumentHelp(
            "The Date header: YYYY-MM-DD (08:00 UTC) or YYYY-MM-DDTHH:MM:SSZ. Default: now.", valueName: "date"))
    var date: String?

    @Flag(help: "Stop at the first malformed item instead of reporting and skipping it.")
    var strict = false

    @Option(
        help: ArgumentHelp(
            "The reader's language for dates and the templates' words, e.g. fr_FR, de_DE, pl_PL. Default: en.",
            valueName: "locale"))
    var locale: String?

    @Option(
        help: ArgumentHelp(
            "Issue numbers: volume (Vol. 2019, No. 3), counter (No. 12) or none. Default: none.",
            valueName: "style"))
    var numbering: IssueNumbering?

    @Option(
        help: ArgumentHelp(
            "The configuration file. Default: digest.yml in the working directory, when there is one.",
            valueName: "path"))
    var config: String?

    @Option(
        help: ArgumentHelp(
            "The state database. Default: state: in digest.yml, else digest.sqlite in the output folder.",
            valueName: "file"))
    var state: String?

    @Argument(
        help: ArgumentHelp(
            "Listings, Markdown files or folders, feed files or feed URLs; they replace the configured sources.",
            valueName: "source"))
    var sources: [String] = []

    mutating func validate() throws {
        for (option, value) in [("--since", since), ("--until", until)] {
            if let value, Day(iso: value) == nil, !(option == "--since" && value == "last") {
                throw ValidationError("\(option) wants a real date as YYYY-MM-DD (e.g. 2019-03-20), not “\(value)”.")
            }
        }
        if let date, MailDate(iso: date) == nil {
            throw ValidationError("--date wants YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not “\(date)”.")
        }
        let last = until.flatMap { Day(iso: $0) } ?? MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970)).day
        if let first = since.flatMap({ Day(iso: $0) }), first > last {
            throw ValidationError("--since \(first) is after --until \(last); the window would be empty.")
        }
        guard (upcomingDays ?? 0) >= 0 else { throw ValidationError("--upcoming-days cannot be negative.") }
    }

    /// Whether `--since last` was given: the state store settles the window's first day.
    var sinceLast: Bool { since == "last" }

    /// The window the options describe (with `--since last`, only its last day counts).
    func window() -> DateWindow {
        let last = until.flatMap { Day(iso: $0) } ?? MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970)).day
        let first = since.flatMap { Day(iso: $0) } ?? last.adding(days: -6)
        return DateWindow(since: min(first, last), until: last, upcomingEventDays: upcomingDays ?? 30)
    }

    /// The subscriber list and unsubscribe links, when `--subscribers` is given.
    func personalization() throws(DigestError) -> DigestBuild.Personalization? {
        let configuration = try configuration()
        guard let subscribers = configuration.subscribers else { return nil }
        let template = try configuration.list.unsubscribeTemplate.map { (text) throws(DigestError) in
            try UnsubscribeLinkTemplate(text)
        }
        var token: UnsubscribeToken?
        if template?.needsToken == true {
            token = try UnsubscribeToken.load(file: secretFile, environment: ProcessInfo.processInfo.environment)
        }
        return DigestBuild.Personalization(
            subscribers: SubscriberList(path: subscribers), unsubscribeLink: template, token: token)
    }

    /// The files and folders a build reads (sources, templates, configuration, subscribers),
    /// for watching; URL sources are left out.
    var inputPaths: [String] {
        let configuration = (try? configuration()) ?? DigestConfiguration()
        let sources = (configuration.sources ?? [SourceSpec(Self.samplePath)]).map(\.location)
            .filter { !$0.hasPrefix("http://") && !$0.hasPrefix("https://") }
        return sources + [configuration.templates ?? ProjectFiles.locate("Templates"), config ?? "digest.yml"]
            + (configuration.subscribers.map { [$0] } ?? [])
    }

    /// The shipped sample listing.
    static var samplePath: String { ProjectFiles.locate("Samples/social-innovation-listing.txt") }

    /// The configuration file's values (none without a file) under the command line's.
    func configuration() throws(DigestError) -> DigestConfiguration {
        let path = DigestConfiguration.path(explicit: config)
        var file = DigestConfiguration()
        if let path { file = try DigestConfiguration.load(path: path) }
        var options = DigestConfiguration()
        options.name = name
        options.subject = subject
        options.from = from
        options.to = to.isEmpty ? nil : to
        options.upcomingDays = upcomingDays
        options.templates = templates
        options.strict = strict ? true : nil
        options.sources = sources.isEmpty ? nil : sources.map { SourceSpec($0) }
        options.list = ListSettings(id: listId, unsubscribe: unsubscribe, unsubscribeTemplate: unsubscribeTemplate)
        options.subscribers = subscribers
        options.locale = locale
        options.numbering = numbering
        return file.overridden(by: options)
    }

    /// The output folder: `option` when given, else the configuration's, else `digests`.
    func outputFolder(_ option: String?) throws(DigestError) -> String {
        if let option { return option }
        return try configuration().out ?? DigestConfiguration.Defaults.out
    }

    /// The state file of the list whose messages go into `out`: `--state`, else `state:` in
    /// digest.yml, else `digest.sqlite` in `out`.
    func statePath(out: String) throws(DigestError) -> String {
        if let state { return state }
        return try configuration().state ?? StateStore.defaultPath(messages: out)
    }

    /// The number the window has, or would get, in the state store of `out`; nothing is
    /// created (for a preview). Nil when the list does not number its issues.
    func issueNumber(in out: String) throws(DigestError) -> IssueNumber? {
        let numbering = try configuration().numbering ?? .none
        guard numbering != .none else { return nil }
        let path = try statePath(out: out)
        guard FileManager.default.fileExists(atPath: path) else {
            return IssueNumber(number: 1, volume: numbering == .volume ? window().until.year : nil)
        }
        return try StateStore.open(at: path, messages: out).label(for: window(), numbering: numbering)
    }

    /// Settles the build's place in the state store of `out` (window, number, what
    /// `--since last` leaves out), or stops before anything is written.
    func plan(out: String, revise: Bool) throws(DigestError) -> (IssuePlan, StateStore) {
        let store = try StateStore.open(at: statePath(out: out), messages: out)
        let plan = try IssuePlan(
            store: store, window: window(), sinceLast: sinceLast, numbering: configuration().numbering ?? .none,
            revise: revise)
        return (plan, store)
    }

    /// The settings (templates loaded, addresses checked), or the first problem with them;
    /// `plan` supplies the window, number and items to leave out when the build records an
    /// issue; http(s) feeds are asked conditionally when `feedCache` keeps their last answers.
    func settings(plan: IssuePlan? = nil, feedCache: (any FeedCache)? = nil) throws(DigestError)
        -> DigestBuild.Settings
    {
        let window = plan?.window ?? window()
        let now = MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
        var settings = try configuration().settings(
            since: window.since, until: window.until, date: date.flatMap(MailDate.init(iso:)) ?? now,
            defaultSources: [SourceSpec(Self.samplePath)],
            defaultTemplates: ProjectFiles.locate("Templates"), feedCache: feedCache)
        settings.issue = plan?.label
        settings.carriedItems = plan?.carried ?? []
        return settings
    }

    /// The state file of the output folder `folder` as the keeper of http(s) feeds' last answers.
    func feedCache(messages folder: String) throws(DigestError) -> StateFeedCache {
        StateFeedCache(stateFile: try statePath(out: folder), messages: folder)
    }
}
