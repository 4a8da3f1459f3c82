import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest items`: what a build would select, or why each item read is in or out.
    struct Items: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "items",
            abstract: "List the items a build would select, or explain why each item read is in or out.",
            usage: "digest items [--json] [--explain] [--reader <address>] [<options>] [<source> ...]",
            discussion: """
                Reads the sources and selects as a build would, without rendering or writing \
                anything. Prints one line per selected item (date, kind, section, title), in the \
                digest's order. With --explain, every item read gets a line: in (and in which \
                section) or out, and why: before or after the window (by how many days), cut by \
                a topic's cap or its own window, a duplicate of an item read earlier (which, and \
                where), no topic the reader follows (with --reader), or malformed (what). \
                --json prints the same as JSON.

                Exit status: 0 when nothing was skipped, 2 when malformed items were skipped \
                (they are reported), 1 on an error, 64 on wrong usage.
                """
        )

        @OptionGroup var build: BuildOptions

        @Flag(help: "Print JSON instead of lines.")
        var json = false

        @Flag(help: "Explain every item read: in or out, and why.")
        var explain = false

        @Option(
            help: ArgumentHelp(
                "Select for this reader of the subscriber list (--subscribers or digest.yml): only their topics.",
                valueName: "address"))
        var reader: String?

        func run() throws {
            let resolved = try build.resolved()
            let settings = try resolved.settings()
            let skipped: Bool
            let following = try readerTopics(resolved.configuration)
            let run = DigestBuild(settings: settings)
            if explain {
                let report = try run.explain(following: following)
                if json {
                    FileHandle.standardOutput.write(Data(report.jsonData() + Array("\n".utf8)))
                } else {
                    Console.say(lines: Self.explanationLines(report))
                }
                skipped = report.decisions.contains { if case .malformed = $0.verdict { true } else { false } }
            } else {
                let (digest, diagnostics) = try run.select(following: following)
                diagnostics.forEach { Console.warning($0) }
                if json {
                    FileHandle.standardOutput.write(Data(SelectionReport.jsonData(of: digest) + Array("\n".utf8)))
                } else {
                    Console.say(lines: Self.itemLines(digest))
                    if digest.isEmpty {
                        Console.error("No items between \(digest.window.since) and \(digest.window.until).")
                    }
                }
                skipped = !diagnostics.isEmpty
            }
            if skipped { throw ExitCode(2) }
        }

        /// The followed topics of `--reader`, or nil.
        private func readerTopics(_ configuration: DigestConfiguration) throws(DigestError) -> Set<String>? {
            guard let reader else { return nil }
            guard let list = configuration.subscribers else {
                throw .unknownReader(address: reader, list: "No subscriber list (--subscribers)")
            }
            let (subscribers, _) = try SubscriberList(path: list).read(knownTopics: nil)
            guard let subscriber = subscribers.first(where: { $0.mailbox.address.lowercased() == reader.lowercased() })
            else { throw .unknownReader(address: reader, list: list) }
            return subscriber.topicKeys
        }

        /// `2019-04-16  news         cooperation        Bologna is 22nd city…`
        static func itemLines(_ digest: Digest) -> [String] {
            let width = digest.sections.map(\.label.count).max() ?? 0
            let kinds = Dictionary(uniqueKeysWithValues: ItemKind.allCases.map { ($0, pad($0.rawValue, 11)) })
            var lines: [String] = []
            lines.reserveCapacity(digest.sections.reduce(0) { $0 + $1.items.count })
            for section in digest.sections {
                let label = pad(section.label, width)
                // Items come newest first: a day's text is made once for its run of items.
                var day: (Day, String)?
                for item in section.items {
                    if day?.0 != item.date { day = (item.date, item.date.description) }
                    lines.append(day!.1 + "  " + kinds[item.kind]! + "  " + label + "  " + item.title)
                }
            }
            return lines
        }

        /// `in   2019-04-16  news         “Bologna…” — in “cooperation” (listing.txt:27)`, one per decision.
        static func explanationLines(_ report: SelectionReport) -> [String] {
            report.decisions.map { decision in
                let mark = decision.isIncluded ? "in " : "out"
                guard let item = decision.item else {
                    return "\(mark)  \(decision.origin): \(decision.verdict.reason)"
                }
                return "\(mark)  \(item.date)  \(pad(item.kind.rawValue, 11))  “\(item.title)” — "
                    + "\(decision.verdict.reason) (\(decision.origin))"
            }
        }

        private static func pad(_ text: String, _ width: Int) -> String {
            text + String(repeating: " ", count: max(0, width - text.count))
        }
    }
}
