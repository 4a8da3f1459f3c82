import ArgumentParser
import DigestCore
import Foundation

/// The options every command that builds a digest shares.
struct BuildOptions: ParsableArguments, Sendable {
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

    /// The files and folders a build reads (sources, the templates folder), for watching.
    var inputPaths: [String] {
        (sources.isEmpty ? [ProjectFiles.locate("Samples/social-innovation-listing.txt")] : sources)
            + [templates ?? ProjectFiles.locate("Templates")]
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

    func checkedSettings() throws(DigestError) -> DigestBuild.Settings {
        let sourcePaths = sources.isEmpty ? [ProjectFiles.locate("Samples/social-innovation-listing.txt")] : sources
        var recipients: [Mailbox] = []
        for text in to.isEmpty ? ["subscribers@localhost"] : to {
            recipients.append(try Mailbox(parsing: text))
        }
        let now = MailDate(secondsSinceEpoch: Int(Date().timeIntervalSince1970))
        return DigestBuild.Settings(
            sources: sourcePaths.map(ListingSource.init(path:)),
            selection: Selection(window: window()),
            templates: try TemplateSet(folder: templates ?? ProjectFiles.locate("Templates")),
            name: name, subject: subject, from: try Mailbox(parsing: from), to: recipients,
            date: date.flatMap(MailDate.init(iso:)) ?? now,
            strict: strict)
    }
}
