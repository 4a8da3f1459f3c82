import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest check`: what a careful sender would fix in each message before sending it.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract: "Check messages the way a mail administrator would before they go out.",
            discussion: """
                Reads each FILE (default: the messages of the latest issue the state store \
                records, else every .eml in the output folder and its window subfolders), \
                ours or anyone's, and reports per message: errors (a missing text or HTML part; \
                an unrendered Mustache tag; a line over 998 octets or a quoted-printable line \
                over 76; unencoded 8-bit header text; a missing or malformed Date, Message-ID or \
                List-Unsubscribe, a malformed List-Id) and warnings (a link in one part only; no \
                List-Id; HTML over the 102 KB clipping size; images without alt text; a section \
                heading with nothing under it). Then a one-line verdict.

                Exit status: 0 when no message has an error (warnings allowed), 1 when one has, \
                or a file cannot be read; 64 on wrong usage.
                """
        )

        @OptionGroup var list: ListOptions

        @Argument(help: ArgumentHelp("Message files to check (default: every .eml in --out).", valueName: "file"))
        var files: [String] = []

        func run() throws {
            let file = try list.configuration()
            let out = list.outputFolder(file)
            let paths = files.isEmpty ? try latestIssueFiles(out: out, state: list.statePath(file)) : files
            guard !paths.isEmpty else {
                Console.say("No messages in \(out); nothing to check.")
                return
            }
            var summary = CheckSummary()
            var failed = false
            for path in paths {
                let bytes: [UInt8]
                do {
                    bytes = try MessageCheck.messageBytes(atPath: path)
                } catch {
                    Console.error(error)
                    failed = true
                    continue
                }
                let findings = MessageCheck.findings(in: bytes)
                summary.add(findings)
                let subject = MessageCheck.subject(of: bytes).map { " (“\($0)”)" } ?? ""
                Self.print(path: path + subject, findings: findings, verbose: true)
            }
            Console.say(summary.line)
            if failed || summary.errors > 0 { throw ExitCode.failure }
        }

        /// The files of the latest issue the state store of `out` records, or, with no store,
        /// every message in `out` and its window subfolders.
        private func latestIssueFiles(out: String, state path: String) throws -> [String] {
            guard FileManager.default.fileExists(atPath: path) else {
                return DigestFolder(path: out).messageFilesWithSubfolders()
            }
            let store = try StateStore.open(at: path, messages: out)
            guard let latest = try store.latestIssue() else { return [] }
            return try store.deliveries(of: latest.id, revision: latest.revision).map(\.file)
        }

        /// Prints a message's findings (`path: error [rule]: …`); with `verbose`, also a clean one.
        static func print(path: String, findings: [CheckFinding], verbose: Bool) {
            guard !findings.isEmpty else {
                if verbose { Console.say("\(path): no problems") }
                return
            }
            for finding in findings {
                Console.error("\(path): \(finding)")
            }
        }

        /// Checks the messages a build wrote, prints their findings and the verdict, and
        /// returns the summary.
        static func verify(_ paths: [String], say: (String) -> Void) -> CheckSummary {
            var summary = CheckSummary()
            for path in paths {
                guard let findings = try? MessageCheck.findings(inFile: path) else { continue }
                summary.add(findings)
                print(path: path, findings: findings, verbose: false)
            }
            say(summary.line)
            return summary
        }
    }
}
