import ArgumentParser
import DigestCore
import DigestPreview
import Foundation

extension DigestCommand {
    /// `digest preview`: serves the digest on 127.0.0.1 for a browser, rebuilding on every edit.
    struct Preview: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "preview",
            abstract: "Show the digest in a browser before it is sent, rebuilt whenever a file changes.",
            usage: "digest preview [--port <port>] [--open] [--reader <address>] [<options>] [<source> ...]",
            discussion: """
                Builds the digest in memory (nothing is written) and serves it on 127.0.0.1 only: \
                an index of the messages; for each, its HTML part as a mail client shows it (no \
                script runs) with its size against the HTML budget and Gmail's 102 KB clipping \
                limit and a check at 375 px (a phone), its plain-text part against a 72-column \
                ruler, its headers and its raw source. With --subscribers, one personal message per \
                reader, made as 'digest build --subscribers' makes it, and a reader picker; \
                --reader ADDRESS prints (and with --open opens) that reader's message. Editing a \
                template, a source, the subscriber list or digest.yml reloads the open page; a \
                template error is shown on the page. Ctrl-C stops the server.
                """
        )

        @OptionGroup var build: BuildOptions

        @Option(help: ArgumentHelp("The TCP port on 127.0.0.1; 0 takes a free one.", valueName: "port"))
        var port: UInt16 = 8025

        @Flag(help: "Also open the page in a browser, where this machine has one.")
        var open = false

        @Option(
            help: ArgumentHelp(
                "With --subscribers: the reader whose message to print the address of (and open with --open).",
                valueName: "address"))
        var reader: String?

        func run() async throws {
            let options = build
            let reader = reader
            let library = await PreviewLibrary.load { () throws(DigestError) -> PreviewContent in
                try Self.content(options, keeping: reader)
            }
            let first = library.snapshot
            let (page, note) = try Self.page(of: reader, in: first)
            Self.report(first)
            let server = PreviewServer(
                library: library, port: port, watching: build.inputPaths,
                onRebuild: { Self.report($0, rebuilt: true) })
            let address = try await server.start()
            Console.say(
                "Previewing \(Self.messages(first.content)) at \(address.url) (only this machine can reach it; Ctrl-C stops)."
            )
            var url = address.url
            if let reader, let page {
                url = address.url + page.dropFirst()
                Console.say("The message of \(MaskedAddress.of(reader.lowercased())): \(url)")
            }
            if let note { Console.say(note) }
            if open {
                switch await BrowserLauncher.open(url) {
                case .opened(let program): Console.say("Opened it with \(program).")
                case .unavailable(let reason): Console.say("Not opening a browser: \(reason). Open the URL yourself.")
                }
            }
            _ = await Interrupt.wait()
            await server.stop()
            Console.say("Stopped the preview.")
        }

        /// One build: the message to `to:`, or with a subscriber list one per reader, made as
        /// `digest build` makes them (issue number, suppressions from the state store).
        private static func content(_ options: BuildOptions, keeping reader: String?) throws(DigestError)
            -> PreviewContent
        {
            let resolved = try options.resolved()
            var settings = try resolved.settings()
            settings.issue = try resolved.issueNumber()
            let run = DigestBuild(settings: settings)
            guard var personalization = try resolved.personalization() else {
                return PreviewContent(outcome: try run.run(), htmlBudget: settings.htmlBudget)
            }
            personalization.suppressed = try resolved.suppressedAddresses()
            return try PreviewContent.personal(
                run, personalization, file: resolved.configuration.subscribers ?? "", keeping: reader)
        }

        /// The path of `reader`'s message page, or nil and a sentence saying why they get none;
        /// throws when `--reader` names nobody of the list.
        private static func page(of reader: String?, in snapshot: PreviewLibrary.Snapshot) throws -> (
            String?, String?
        ) {
            guard let reader, snapshot.error == nil else { return (nil, nil) }
            let masked = MaskedAddress.of(reader.lowercased())
            guard let readers = snapshot.content.readers else {
                throw ValidationError(
                    "--reader picks a reader of the subscriber list: give --subscribers FILE (or subscribers: in digest.yml)."
                )
            }
            if let number = snapshot.content.messageNumber(forReader: reader) { return ("/messages/\(number)", nil) }
            if let reason = readers.reason(forReader: reader) {
                return (nil, "\(masked) gets no message: \(reason); the index lists every reader.")
            }
            throw ValidationError(
                "--reader \(masked) is not a reader of \(readers.file) (\(Counted.phrase(readers.listed, "reader")) there)."
            )
        }

        /// "1 message", "3 personal messages for 4 readers of subscribers.csv (1 gets none)".
        private static func messages(_ content: PreviewContent) -> String {
            guard let readers = content.readers else { return Counted.phrase(content.messages.count, "message") }
            let made = Counted.phrase(content.messages.count + readers.notKept, "personal message")
            let none =
                readers.absent.isEmpty ? "" : " (\(Counted.phrase(readers.absent.count, "gets", "get")) none)"
            return "\(made) for \(Counted.phrase(readers.listed, "reader")) of \(readers.file)\(none)"
        }

        /// Prints a build's problems on stderr (the page shows them too).
        private static func report(_ snapshot: PreviewLibrary.Snapshot, rebuilt: Bool = false) {
            if let error = snapshot.error {
                Console.error(error)
            } else if rebuilt {
                Console.error("Rebuilt (build \(snapshot.version), \(messages(snapshot.content))).")
            }
            if !rebuilt {
                snapshot.content.warnings.forEach { Console.warning($0) }
                snapshot.content.sizeWarnings.forEach { Console.warning($0) }
            }
            if let note = snapshot.content.emptyNote, !rebuilt { Console.error(note) }
        }
    }
}
