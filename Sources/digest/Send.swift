import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest send`: hands every unsent message in the output folder to sendmail.
    struct Send: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send the messages in the output folder through sendmail, each exactly once.",
            discussion: """
                Each .eml file in the folder (or each FILE given) is piped into the sendmail \
                command, one process per message. Every attempt and success is recorded in \
                sent.log beside the messages, so a rerun sends only what was not sent. A message \
                whose send was interrupted (the run was killed while sendmail ran) is sent again \
                and reported, since sendmail may not have taken it. Exit status 1 when any message \
                could not be sent; the others are still tried.
                """
        )

        @Option(help: ArgumentHelp("The folder with the messages and the send log.", valueName: "dir"))
        var out: String = "digests"

        @Option(help: ArgumentHelp("The sendmail command line.", valueName: "command"))
        var sendmail: String = Sendmail.defaultCommand

        @Option(help: ArgumentHelp("Seconds one message may take before sendmail is stopped.", valueName: "seconds"))
        var timeout: Int = 60

        @Argument(help: ArgumentHelp("Message files to send (default: every .eml in --out).", valueName: "file"))
        var files: [String] = []

        func validate() throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be at least 1 second.") }
        }

        func run() throws {
            let messages = files.isEmpty ? DigestFolder(path: out).messageFiles() : files
            guard !messages.isEmpty else {
                Console.say("No messages in \(out); nothing to send.")
                return
            }
            var failures = 0
            var counts: [String: Int] = [:]
            let program = try Sendmail(commandLine: sendmail, timeout: .seconds(timeout))
            let log = try SendLog(folder: out)
            let outcomes = try BatchSender(sendmail: program, log: log).send(files: messages) { file, outcome in
                switch outcome {
                case .sent: Console.say("sent \(file)")
                case .resent:
                    Console.warning(
                        "\(file): an earlier send was interrupted; sent again (recipients may have it twice, with the same Message-ID; see \(log.path))"
                    )
                case .alreadySent: break
                case .failed(let reason): Console.error("error: \(file): not sent: \(reason)")
                }
            }
            for outcome in outcomes {
                switch outcome {
                case .sent, .resent: counts["sent", default: 0] += 1
                case .alreadySent: counts["already", default: 0] += 1
                case .failed: failures += 1
                }
            }
            Console.say(
                "\(counts["sent", default: 0]) sent, \(counts["already", default: 0]) already sent before, \(failures) failed."
            )
            if failures > 0 { throw ExitCode.failure }
        }
    }
}
