import ArgumentParser
import DigestCore
import Foundation

/// `digest`: builds the newsletter digest of a date window.
@main
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Turn news items into a weekly email digest, grouped by topic.",
        discussion: """
            Reads the items of each SOURCE (a listing file; the shipped sample when none is \
            given), keeps those of the window, renders their Markdown summaries with cmark \
            through the Mustache templates, and writes one multipart/alternative .eml file \
            into the output folder (CRLF line endings), or prints it (LF) with --stdout:

              digest --since 2019-03-20 --stdout | sendmail -t -oi

            Exit status: 0 when done (also when nothing was selected), 1 on an error, 64 on \
            wrong usage.
            """,
        version: "0.1.0",
        subcommands: [Preview.self]
    )

    @OptionGroup var build: BuildOptions

    @Option(name: .long, help: ArgumentHelp("The folder the .eml file is written into.", valueName: "dir"))
    var out: String = "digests"

    @Flag(name: .long, help: "Print the message on standard output (LF line endings) instead of writing a file.")
    var stdout = false

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
        let status = stdout ? Console.error : Console.say
        guard let message = outcome.message else {
            status(
                "No items between \(build.window().since) and \(build.window().until) (\(outcome.itemsRead) read); nothing written."
            )
            return
        }
        let summary = "\(outcome.digest.items.count) items in \(outcome.digest.sections.count) sections"
        if stdout {
            FileHandle.standardOutput.write(Data(message.bytes(lineEnding: .lf)))
            status("Printed the digest (\(summary)).")
        } else {
            do {
                let path = try DigestFolder(path: out).write(
                    message, named: DigestFolder.fileName(for: outcome.digest.window))
                status("Wrote \(path) (\(summary)).")
            } catch {
                Console.error(error)
                throw ExitCode.failure
            }
        }
    }
}
