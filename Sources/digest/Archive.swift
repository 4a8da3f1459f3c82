import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest archive`: a static web archive, Atom feed and event calendar of the messages written.
    struct Archive: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "archive",
            abstract: "Make a static web archive of the issues in the output folder, with an Atom feed and a calendar.",
            usage: "digest archive [--out <dir>] [--messages <dir>] [--locale <locale>] [--config <path>]",
            discussion: """
                Reads the .eml messages of the output folder (digests/, or 'out' in digest.yml) \
                and writes into --out: index.html (the issues, newest first), one page per issue \
                (its HTML body, with links to the previous and next issue), feed.atom (Atom 1.0) \
                and events.ics (iCalendar, every event the issues announced, one stable UID per \
                event). Every link between these files is relative: copy the folder to any web \
                server. Events come from the .json record each build writes beside its message.
                """
        )

        @Option(help: ArgumentHelp("The folder the archive is written into.", valueName: "dir"))
        var out = "archive"

        @Option(
            help: ArgumentHelp(
                "The folder of the messages. Default: 'out' in digest.yml, else digests.", valueName: "dir"))
        var messages: String?

        @Option(
            help: ArgumentHelp(
                "The language of the archive's words and dates, e.g. fr_FR. Default: 'locale' in digest.yml, else en.",
                valueName: "locale"))
        var locale: String?

        @OptionGroup var file: ConfigOption

        func run() throws {
            let file = try file.load()
            let archive = try WebArchive(
                configuration: file, messages: messages, out: out, locale: locale,
                shippedTemplates: ProjectFiles.locate("Templates"))
            let outcome = try archive.write()
            Console.say(
                "Archived \(outcome.issues) issue\(outcome.issues == 1 ? "" : "s") of \(archive.messages) into \(out) "
                    + "(index.html, \(WebArchive.feedName), \(WebArchive.calendarName) with \(outcome.events) "
                    + "event\(outcome.events == 1 ? "" : "s")).")
        }
    }
}
