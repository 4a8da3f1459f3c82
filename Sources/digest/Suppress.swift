import ArgumentParser
import DigestCore
import Foundation

extension Suppression.Reason: ExpressibleByArgument {}

extension DigestCommand {
    /// `digest suppress`: addresses that must never get mail again, managed by hand.
    struct Suppress: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "suppress",
            abstract: "Suppress addresses (no build or send mails them again), list or lift suppressions.",
            discussion: """
                Suppressions live in the state store (digest.sqlite in the output folder, or \
                state: in digest.yml); the unsubscribe endpoint writes there too. Each ADDRESS is \
                checked by RFC 5322 addr-spec rules first; a bad one is refused with the reason \
                and nothing is changed (exit status 64).
                """)

        @OptionGroup var options: ListOptions

        @Option(help: ArgumentHelp("Why: unsubscribe, bounce, complaint or manual.", valueName: "reason"))
        var reason: Suppression.Reason = .manual

        @Flag(help: "List the suppressed addresses, with reason and date.")
        var list = false

        @Flag(help: "Lift the suppression of each ADDRESS instead.")
        var remove = false

        @Argument(help: ArgumentHelp("The addresses.", valueName: "address"))
        var addresses: [String] = []

        func validate() throws {
            if !list, addresses.isEmpty {
                throw ValidationError("Give the addresses to suppress, or --list.")
            }
            for address in addresses {
                do {
                    _ = try Mailbox(address: address)
                } catch {
                    throw ValidationError(error.description)
                }
            }
        }

        func run() throws {
            let store = try options.openStore(try options.facts())
            if list {
                let formatter = ISO8601DateFormatter()
                for suppression in try store.suppressions() {
                    Console.say(
                        "\(suppression.address)\t\(suppression.reason.rawValue)\t\(formatter.string(from: suppression.since))"
                    )
                }
            }
            for address in addresses {
                if remove {
                    let lifted = try store.unsuppress(address)
                    Console.say(lifted ? "\(address) may get mail again." : "\(address) was not suppressed.")
                } else {
                    let new = try store.suppress(address, reason: reason)
                    Console.say(
                        new ? "\(address) suppressed (\(reason.rawValue))." : "\(address) was already suppressed.")
                }
            }
        }
    }
}
