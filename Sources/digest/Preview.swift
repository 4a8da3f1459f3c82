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
            usage: "digest preview [--port <port>] [--open] [<options>] [<source> ...]",
            discussion: """
                Builds the digest in memory (nothing is written) and serves it on 127.0.0.1 only: \
                an index of the messages; for each, its HTML part as a mail client shows it (no \
                script runs), its plain-text part against a 72-column ruler, its headers and its \
                raw source. Editing a template, a source or digest.yml reloads the open page; a \
                template error is shown on the page. Ctrl-C stops the server.
                """
        )

        @OptionGroup var build: BuildOptions

        @Option(help: ArgumentHelp("The TCP port on 127.0.0.1; 0 takes a free one.", valueName: "port"))
        var port: UInt16 = 8025

        @Flag(help: "Also open the page in a browser, where this machine has one.")
        var open = false

        func run() async throws {
            let options = build
            let library = await PreviewLibrary.load { () throws(DigestError) -> PreviewContent in
                PreviewContent(outcome: try DigestBuild(settings: try options.settings()).run())
            }
            let first = library.snapshot
            Self.report(first)
            let server = PreviewServer(
                library: library, port: port, watching: build.inputPaths,
                onRebuild: { Self.report($0, rebuilt: true) })
            let address = try await server.start()
            let count = first.content.messages.count
            Console.say(
                "Previewing \(count) message\(count == 1 ? "" : "s") at \(address.url) (only this machine can reach it; Ctrl-C stops)."
            )
            if open {
                switch await BrowserLauncher.open(address.url) {
                case .opened(let program): Console.say("Opened it with \(program).")
                case .unavailable(let reason): Console.say("Not opening a browser: \(reason). Open the URL yourself.")
                }
            }
            _ = await Interrupt.wait()
            await server.stop()
            Console.say("Stopped the preview.")
        }

        /// Prints a build's problems on stderr (the page shows them too).
        private static func report(_ snapshot: PreviewLibrary.Snapshot, rebuilt: Bool = false) {
            if let error = snapshot.error {
                Console.error(error)
            } else if rebuilt {
                let count = snapshot.content.messages.count
                Console.error("Rebuilt (build \(snapshot.version), \(count) message\(count == 1 ? "" : "s")).")
            }
            if !rebuilt { snapshot.content.warnings.forEach { Console.warning($0) } }
            if let note = snapshot.content.emptyNote, !rebuilt { Console.error(note) }
        }
    }
}
