import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest status`: the issues and their deliveries, from the state store.
    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "status",
            abstract: "Show the issues with their delivery counts, or one issue's readers not yet reached.",
            discussion: """
                Without --issue: one line per issue (number, window, revision, status, and the \
                counts of deliveries sent, failed, suppressed, pending and in flight). With \
                --issue N: every reader of that issue not yet reached, and why, then every reader \
                it was sent to after sends that were interrupted, with how many times they may \
                have it. A delivery "in flight" was being sent when a run stopped: the transport \
                may have taken it, and the next digest send sends it again (that reader may get \
                it once more for each such interrupted send).
                """)

        @OptionGroup var options: ListOptions

        @Option(help: ArgumentHelp("Show this issue's readers not yet reached.", valueName: "number"))
        var issue: Int?

        func run() throws {
            let store = try options.openStore(try options.facts())
            if let issue {
                guard let stored = try store.issue(issue) else { throw DigestError.unknownIssue(issue) }
                Console.say(try Self.line(stored, store))
                for delivery in try store.deliveries(of: issue) where delivery.state != .sent {
                    let why: String
                    switch delivery.state {
                    case .inFlight:
                        why = "in flight when a send stopped: may have it already; the next send sends it again"
                    case .pending: why = "not sent yet"
                    default: why = delivery.lastAnswer ?? delivery.state.rawValue
                    }
                    Console.say("  \(delivery.recipient)\t\(delivery.state.rawValue)\t\(why)")
                }
                for (delivery, unanswered) in try store.possibleDuplicates(of: issue) {
                    let earlier = unanswered == 1 ? "an earlier send was" : "\(unanswered) earlier sends were"
                    Console.say(
                        "  \(delivery.recipient)\tsent\t\(earlier) interrupted: may have it up to \(unanswered + 1) times"
                    )
                }
                return
            }
            let issues = try store.issues()
            if issues.isEmpty { Console.say("No issue yet (\(store.path)).") }
            for stored in issues { Console.say(try Self.line(stored, store)) }
        }

        /// `3  2026-11-23 to 2026-11-29  rev 1  sending  12 built: 10 sent, 1 failed, 0 suppressed, 0 pending, 1 in flight`
        static func line(_ issue: StoredIssue, _ store: StateStore) throws -> String {
            let counts = try store.counts(of: issue.id)
            let total = counts.values.reduce(0, +)
            let label = issue.label.map { " (\($0.label()))" } ?? ""
            return "\(issue.id)\(label)  \(issue.window)  rev \(issue.revision)  \(issue.status.rawValue)  "
                + "\(total) built: \(counts[.sent] ?? 0) sent, \(counts[.failed] ?? 0) failed, "
                + "\(counts[.suppressed] ?? 0) suppressed, \(counts[.pending] ?? 0) pending, "
                + "\(counts[.inFlight] ?? 0) in flight"
        }
    }
}
