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

    /// `--config`, `--out`, `--state`: resolved as every list command resolves them.
    @OptionGroup var list: ListOptions

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

    /// The files and folders a build reads (sources, templates, configuration, subscribers),
    /// for watching; URL sources are left out.
    var inputPaths: [String] {
        let configuration = (try? configuration()) ?? DigestConfiguration()
        let sources = (configuration.sources ?? [SourceSpec(Self.samplePath)]).map(\.location)
            .filter { !$0.hasPrefix("http://") && !$0.hasPrefix("https://") }
        return sources + [
            configuration.templates ?? ProjectFiles.locate("Templates"), list.file.config ?? "digest.yml",
        ]
            + (configuration.subscribers.map { [$0] } ?? [])
    }

    /// The shipped sample listing.
    static var samplePath: String { ProjectFiles.locate("Samples/social-innovation-listing.txt") }

    /// The configuration file's values (none without a file) under the command line's.
    func configuration() throws(DigestError) -> DigestConfiguration {
        let file = try list.configuration() ?? DigestConfiguration()
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
}
