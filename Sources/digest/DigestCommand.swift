import ArgumentParser
import DigestCore
import Foundation

/// The entry point: `digest send …` and the other subcommands go to their command; anything
/// else is the main job, building a digest, so `digest --help` explains its every option.
///
/// (argument-parser would take a source named like a subcommand for the subcommand anyway;
/// the root keeps its own options and positional sources, which its subcommand support does not mix.)
@main
enum DigestMain {
    static func main() async {
        let arguments = Array(CommandLine.arguments.dropFirst())
        switch arguments.first {
        case "send": DigestCommand.Send.main(Array(arguments.dropFirst()))
        case "preview": await DigestCommand.Preview.main(Array(arguments.dropFirst()))
        case "items": DigestCommand.Items.main(Array(arguments.dropFirst()))
        case "check": DigestCommand.Check.main(Array(arguments.dropFirst()))
        case "archive": DigestCommand.Archive.main(Array(arguments.dropFirst()))
        default: DigestCommand.Build.main(arguments)
        }
    }
}

/// `digest`: the namespace of the commands.
enum DigestCommand {
    /// The text every command's help shares.
    static let overview = CommandConfiguration(
        commandName: "digest",
        abstract: "Turn news items into a weekly email digest, grouped by topic.",
        discussion: """
            Reads the items of each SOURCE (a listing file; the shipped sample when none is \
            given), keeps those of the window, renders their Markdown summaries with cmark \
            through the Mustache templates, and writes one multipart/alternative .eml file \
            into the output folder (CRLF line endings), or prints it (LF) with --stdout:

              digest --since 2019-03-20 --stdout | sendmail -t -oi

            After writing, the messages are checked as 'digest check' would and a one-line \
            verdict printed. --explain first says, on stderr, why each item read is in or out.

            Exit status: 0 when done and nothing was skipped (also when nothing was selected); \
            2 when done, but malformed items or subscriber rows were skipped (each reported); \
            1 on an error, or when the check finds errors in the written messages; 64 on \
            wrong usage.

            Other commands: 'digest send --help' (send the messages through sendmail), \
            'digest preview --help' (show the digest in a browser first), 'digest items \
            --help' (list or explain the selection without building mail), 'digest check \
            --help' (check messages before sending them), 'digest archive --help' (a static \
            web archive, Atom feed and calendar of the issues written).
            """,
        version: "0.1.0",
        subcommands: [Preview.self]
    )
}
