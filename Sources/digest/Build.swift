import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest [build]`: builds the digest and writes it into the output folder or prints it.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "digest", abstract: DigestCommand.overview.abstract,
            discussion: DigestCommand.overview.discussion, version: DigestCommand.overview.version)

        @OptionGroup var build: BuildOptions

        @Option(name: .long, help: ArgumentHelp("The folder the .eml file is written into.", valueName: "dir"))
        var out: String = "digests"

        @Flag(name: .long, help: "Print the message on standard output (LF line endings) instead of writing a file.")
        var stdout = false

        @Option(
            name: .long,
            help: ArgumentHelp(
                "Also write the messages as one mbox file (mboxrd), for a mail client.", valueName: "file"))
        var mbox: String?

        @Flag(help: "Line endings: --crlf (the default for files) or --lf (the default for --stdout).")
        var lineEnding: LineEndingFlag?

        enum LineEndingFlag: String, EnumerableFlag {
            case crlf, lf
        }

        func validate() throws {
            if stdout, mbox != nil {
                throw ValidationError("--mbox writes a file; it cannot be combined with --stdout.")
            }
        }

        func run() throws {
            let settings = try build.settings()
            let outcome: DigestBuild.Outcome
            do {
                outcome = try DigestBuild(settings: settings).run()
            } catch {
                Console.error(error)
                throw ExitCode.failure
            }
            outcome.diagnostics.forEach { Console.warning($0) }
            outcome.warnings.forEach { Console.warning($0) }
            let status = stdout ? Console.error : Console.say
            guard let message = outcome.message else {
                status(
                    "No items between \(build.window().since) and \(build.window().until) (\(outcome.itemsRead) read); nothing written."
                )
                return
            }
            let summary = "\(outcome.digest.items.count) items in \(outcome.digest.sections.count) sections"
            if stdout {
                FileHandle.standardOutput.write(Data(message.bytes(lineEnding: lineEnding == .crlf ? .crlf : .lf)))
                status("Printed the digest (\(summary)).")
                return
            }
            do {
                let path = try DigestFolder(path: out).write(
                    message, named: DigestFolder.fileName(for: outcome.digest.window),
                    lineEnding: lineEnding == .lf ? .lf : .crlf)
                status("Wrote \(path) (\(summary)).")
                if let mbox {
                    try Mbox.write([message], to: mbox)
                    status("Wrote \(mbox) (1 message).")
                }
            } catch {
                Console.error(error)
                throw ExitCode.failure
            }
        }
    }
}
