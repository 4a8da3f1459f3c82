import ArgumentParser
import DigestCore
import Foundation

/// `digest`: the root of the command tree. With no subcommand named, the first argument is
/// an option or a source and the run is `digest build`, so `digest --since 2019-03-20 a.txt`
/// builds; `digest build send` builds a source file named `send`.
@main
struct DigestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "digest",
        abstract: "Turn news items into a weekly email digest, grouped by topic.",
        usage: """
            digest [build] [--since <date>] [--until <date>] [<options>] [<source> ...]
            digest <subcommand> [<options>]
            """,
        discussion: """
            Without a command, digest builds: it reads the items of each SOURCE (a listing, \
            Markdown notes or a feed; the shipped sample when none is given), keeps those of \
            the window (--since, --until, --upcoming-days), renders them through the Mustache \
            templates (--templates, --name, --subject, --locale), and writes one .eml message \
            into the output folder (--out) or prints it (--stdout), addressed --from and --to, \
            dated --date; --strict stops at the first malformed item. 'digest help build' \
            explains every build option:

              digest --since 2019-03-20 --stdout | sendmail -t -oi

            Exit status: 0 when done and nothing was skipped (also when nothing was selected); \
            2 when done, but malformed items or subscriber rows were skipped (each reported); \
            1 on an error, or when the check finds errors in the written messages; 64 on \
            wrong usage.

            'digest help <command>' or 'digest <command> --help' explains a command: 'digest \
            send --help' (send the messages through sendmail), 'digest preview --help', 'digest \
            items --help', 'digest check --help', 'digest archive --help', 'digest serve --help' \
            (the one-click unsubscribe endpoint), 'digest unsubscribes --help' (unsubscribes by mail).
            """,
        version: DigestVersion.current,
        subcommands: [
            Build.self, Send.self, Preview.self, Items.self, Check.self, Archive.self, Serve.self, Unsubscribes.self,
        ],
        defaultSubcommand: Build.self
    )

    /// Parses, runs the command, and prints what stopped it: a ``DigestError`` as
    /// `error: <sentence>` with status 1; usage errors, help and exit codes as argument-parser does.
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asynchronous = command as? any AsyncParsableCommand {
                try await asynchronous.run()
            } else {
                try command.run()
            }
        } catch let error as DigestError {
            Console.error(error)
            exit(withError: ExitCode.failure)
        } catch {
            exit(withError: error)
        }
    }
}
