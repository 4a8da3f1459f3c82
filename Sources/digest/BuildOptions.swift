import ArgumentParser
import DigestCore
import Foundation

/// The options every command that builds a digest shares.
struct BuildOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "First day of the window, included (YYYY-MM-DD). Default: 6 days before --until.", valueName: "date"))
    var since: String?

    @Option(
        help: ArgumentHelp("Last day of the window, included (YYYY-MM-DD). Default: today (UTC).", valueName: "date"))
    var until: String?

    @Option(help: ArgumentHelp("Also announce events starting up to this many days after --until.", valueName: "days"))
    var upcomingDays: Int = 30

    @Option(help: ArgumentHelp("The folder holding digest.html.mustache and digest.txt.mustache.", valueName: "dir"))
    var templates: String?

    @Option(help: ArgumentHelp("The newsletter's name, shown in the subject and the bodies.", valueName: "name"))
    var name: String = "Weekly digest"

    @Option(help: ArgumentHelp("The sender, \"Name <address>\" or an address.", valueName: "mailbox"))
    var from: String = "Weekly digest <digest@localhost>"

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

    @Argument(help: ArgumentHelp("Listing files to read. Default: the shipped sample listing.", valueName: "source"))
    var sources: [String] = []

    mutating func validate() throws {
        for (option, value) in [("--since", since), ("--until", until)] {
            if let value, Day(iso: value) == nil {
                throw ValidationError("\(option) wants a real date as YYYY-MM-DD (e.g. 2019-03-20), not “\(value)”.")
            }
        }
        if let date, MailDate(iso: date) == nil {
            throw ValidationError("--date wants YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, not “\(date)”.")
        }
        if window().since > window().until {
            throw ValidationError("--since \(window().since) is after --until \(window().until).")
        }
        guard upcomingDays >= 0 else { throw ValidationError("--upcoming-days cannot be negative.") }
    }

    /// The window the options describe.
    func window() -> DateWindow {
        let last = until.flatMap { Day(iso: $0) } ?? MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970)).day
        let first = since.flatMap { Day(iso: $0) } ?? last.adding(days: -6)
        return DateWindow(since: min(first, last), until: last, upcomingEventDays: upcomingDays)
    }

    /// The subscriber list and unsubscribe links, when `--subscribers` is given; prints and exits on a problem.
    func personalization() throws -> DigestBuild.Personalization? {
        guard let subscribers else { return nil }
        do {
            let template = try unsubscribeTemplate.map { (text) throws(DigestError) in try UnsubscribeLinkTemplate(text)
            }
            var token: UnsubscribeToken?
            if template?.needsToken == true {
                token = try UnsubscribeToken.load(file: secretFile, environment: ProcessInfo.processInfo.environment)
            }
            return DigestBuild.Personalization(
                subscribers: SubscriberList(path: subscribers), unsubscribeLink: template, token: token)
        } catch {
            Console.error(error)
            throw ExitCode.failure
        }
    }

    /// Loads templates and checks addresses; prints and exits on a problem.
    func settings() throws -> DigestBuild.Settings {
        do {
            return try checkedSettings()
        } catch {
            Console.error(error)
            throw ExitCode.failure
        }
    }

    private func checkedSettings() throws(DigestError) -> DigestBuild.Settings {
        let sourcePaths = sources.isEmpty ? [ProjectFiles.locate("Samples/social-innovation-listing.txt")] : sources
        var recipients: [Mailbox] = []
        for text in to.isEmpty ? ["subscribers@localhost"] : to {
            recipients.append(try Mailbox(parsing: text))
        }
        let now = MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
        let sender = try Mailbox(parsing: from)
        var list: MailingList?
        if listId != nil || !unsubscribe.isEmpty {
            let derived = MailingList.derived(name: name, from: sender)
            list = try MailingList(
                id: listId ?? derived.id, name: name,
                unsubscribe: unsubscribe.isEmpty ? derived.unsubscribe : unsubscribe)
        }
        return DigestBuild.Settings(
            sources: sourcePaths.map(ListingSource.init(path:)),
            selection: Selection(window: window()),
            templates: try TemplateSet(folder: templates ?? ProjectFiles.locate("Templates")),
            name: name, subject: subject, from: sender, to: recipients, list: list,
            date: date.flatMap(MailDate.init(iso:)) ?? now,
            strict: strict)
    }
}
