import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest unsubscribes`: the unsubscribe requests that came by mail, for a cron line.
    struct Unsubscribes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "unsubscribes",
            abstract: "Suppress the readers who asked by mail (the list's mailto: link), from a Maildir or an mbox.",
            usage: "digest unsubscribes (--maildir <dir> | --mbox <file>) [--subscribers <file>] [--state <file>]",
            discussion: """
                Reads every message in the Maildir (new/ and cur/) or the mbox file. A message \
                sent to the list's mailto: unsubscribe address (with its subject, when the link \
                sets one) by a subscriber suppresses that reader, in the state store, and is \
                moved to the Maildir's .done folder (or appended to <file>.done and removed from \
                the mbox). A message from an address that is not subscribed, one that is no \
                unsubscribe request, and one that cannot be read are left where they are and \
                reported. Exit status 0 when every message was handled, 2 when some were left, \
                1 on an error. For cron: digest unsubscribes --maildir ~/Maildir
                """
        )

        @Option(help: ArgumentHelp("The Maildir the unsubscribe address delivers to.", valueName: "dir"))
        var maildir: String?

        @Option(help: ArgumentHelp("An mbox file instead of a Maildir.", valueName: "file"))
        var mbox: String?

        @Option(
            help: ArgumentHelp(
                "The subscriber list (email,name,topics). Default: 'subscribers' in digest.yml.", valueName: "file"))
        var subscribers: String?

        @OptionGroup var list: ListOptions

        func validate() throws {
            guard (maildir == nil) != (mbox == nil) else {
                throw ValidationError("Give exactly one of --maildir and --mbox.")
            }
        }

        func run() async throws {
            let facts = try list.facts()
            guard let unsubscribe = UnsubscribeAddress(links: facts.unsubscribe) else {
                throw DigestError.invalidListSetting(
                    facts.unsubscribe.joined(separator: " "),
                    reason: "the list has no mailto: unsubscribe link, so no mail can ask to unsubscribe")
            }
            guard let path = subscribers ?? facts.subscribers else {
                throw ValidationError("Give --subscribers, or set 'subscribers' in digest.yml.")
            }
            let readers = try SubscriberList(path: path).read(knownTopics: nil).subscribers
            let store = try list.openStore(facts)
            let source: MailUnsubscribes.Source = maildir.map { .maildir($0) } ?? .mbox(mbox!)
            let report = try await MailUnsubscribes(
                unsubscribe: unsubscribe, subscribers: readers.map(\.mailbox.address), store: store
            ).run(source)
            for entry in report.handled {
                Console.say("unsubscribed \(MaskedAddress.of(entry.sender)) (\(entry.place))")
            }
            for entry in report.unknown {
                Console.warning("\(entry.place): \(MaskedAddress.of(entry.sender)) is not subscribed; left in place")
            }
            for entry in report.others {
                Console.warning("\(entry.place): not an unsubscribe request: \(entry.reason); left in place")
            }
            for entry in report.malformed {
                Console.warning("\(entry.place): unreadable: \(entry.reason); left in place")
            }
            let left = report.unknown.count + report.others.count + report.malformed.count
            Console.say(
                "\(report.handled.count) unsubscribe\(report.handled.count == 1 ? "" : "s") recorded, "
                    + "\(left) message\(left == 1 ? "" : "s") left for a person to read.")
            if report.leftSomething { throw ExitCode(2) }
        }
    }
}
