import ArgumentParser
import DigestCore
import Foundation

extension DigestCommand {
    /// `digest [build]`: builds the digest and writes it into the output folder or prints it.
    struct Build: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "build",
            abstract: "Build the digest and write it into the output folder, or print it (the default command).",
            usage: "digest [build] [--since <date>] [--until <date>] [<options>] [<source> ...]",
            discussion: """
                Reads the items of each SOURCE (a listing file; the shipped sample when none is \
                given), keeps those of the window, renders their Markdown summaries with cmark \
                through the Mustache templates, and writes one multipart/alternative .eml file \
                into the output folder (CRLF line endings), or prints it (LF) with --stdout:

                  digest --since 2019-03-20 --stdout | sendmail -t -oi

                'build' may be left out: 'digest --since 2019-03-20 a.txt' builds too. Name it \
                when the first source is called like a command: 'digest build send'.

                After writing, the messages are checked as 'digest check' would and a one-line \
                verdict printed. --explain first says, on stderr, why each item read is in or out.

                Exit status: 0 when done and nothing was skipped (also when nothing was selected); \
                2 when done, but malformed items or subscriber rows were skipped (each reported); \
                1 on an error, or when the check finds errors in the written messages; 64 on \
                wrong usage.
                """
        )

        @OptionGroup var build: BuildOptions

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

        @Flag(help: "Print nothing but warnings and errors (no progress line, no summary): for cron.")
        var quiet = false

        @Flag(help: "First explain, on standard error, why each item read is in the digest or not.")
        var explain = false

        @Flag(
            help:
                "Rebuild an issue some readers were already sent, as a corrected revision (sent to every reader once more)."
        )
        var revise = false

        func run() throws {
            Console.quiet = quiet
            let run = try build.resolved()
            let out = run.out
            if stdout {
                // Printing records nothing (what happens to the message is the pipe's business),
                // but reads the list's state when there is one: the window's number, `--since last`.
                let known = FileManager.default.fileExists(atPath: run.state)
                let planned = try build.sinceLast || known ? run.plan(revise: true) : nil
                // The store the plan opened keeps the feeds' answers too; without one, it opens when needed.
                let cache = planned.map { StateFeedCache(store: $0.1) } ?? run.feedCache()
                if explain { try explainItems(run, planned?.0, cache) }
                try printMessage(try DigestBuild(settings: try run.settings(plan: planned?.0, feedCache: cache)).run())
                return
            }
            let (plan, store) = try run.plan(revise: revise)
            let cache = StateFeedCache(store: store)
            if explain { try explainItems(run, plan, cache) }
            var settings = try run.settings(plan: plan, feedCache: cache)
            if var personalization = try run.personalization() {
                personalization.suppressed = try store.suppressedAddresses()
                try runPersonal(settings, personalization, plan: plan, store: store, out: out)
                return
            }
            settings.issue = plan.label
            let written = try DigestBuild(settings: settings).write(
                into: out, lineEnding: lineEnding == .lf ? .lf : .crlf, mbox: mbox)
            let outcome = written.outcome
            report(outcome)
            guard let path = written.path else {
                Console.say(nothingWritten(plan.window))
                if !outcome.diagnostics.isEmpty { throw ExitCode(2) }
                return
            }
            let (recorded, _) = try plan.record(written.messages, itemIDs: written.itemIDs, in: store)
            Console.say("Wrote \(path) (\(Self.summary(of: outcome.digest))); \(Self.describe(recorded)).")
            let check = Check.verify(written.toCheck, say: Console.say)
            if let mbox { Console.say("Wrote \(mbox) (1 message).") }
            try Self.exit(checkErrors: check.errors, skipped: outcome.diagnostics.count)
        }

        /// `--explain`: why each item read is in or out, on standard error; feeds are asked with
        /// `cache` as the build then asks them (the build's requests are then answered `304`).
        private func explainItems(_ run: BuildOptions.Resolved, _ plan: IssuePlan?, _ cache: StateFeedCache) throws {
            Items.explanationLines(try DigestBuild(settings: try run.settings(plan: plan, feedCache: cache)).explain())
                .forEach(Console.error)
        }

        /// What the state store made of the build, for the summary line.
        static func describe(_ recorded: StateStore.Recorded) -> String {
            switch recorded {
            case .new(let id): "recorded as issue \(id); digest send sends it"
            case .rebuilt(let id): "issue \(id) rebuilt (no reader had it yet)"
            case .revised(let id, let revision):
                "issue \(id) revised (revision \(revision)); digest send sends it to every reader once more"
            }
        }

        /// `--stdout`: prints the message, and on stderr the problems, a summary and the check's verdict.
        private func printMessage(_ outcome: DigestBuild.Outcome) throws {
            report(outcome)
            guard let message = outcome.message else {
                Console.note(nothingWritten(outcome.digest.window))
                if !outcome.diagnostics.isEmpty { throw ExitCode(2) }
                return
            }
            let bytes = message.bytes(lineEnding: lineEnding == .crlf ? .crlf : .lf)
            // The check reads the bytes (on every core) while they are written out, not after.
            let findings = Parallel.alongside(
                { FileHandle.standardOutput.write(Data(bytes)) }, { MessageCheck.findings(in: bytes) })
            Console.note("Printed the digest (\(Self.summary(of: outcome.digest))).")
            var check = CheckSummary()
            check.add(findings)
            Check.print(path: "standard output", findings: findings, verbose: false)
            Console.note(check.line)
            try Self.exit(checkErrors: check.errors, skipped: outcome.diagnostics.count)
        }

        /// Prints the items skipped and the warnings of a run.
        private func report(_ outcome: DigestBuild.Outcome) {
            outcome.diagnostics.forEach { Console.warning($0) }
            outcome.warnings.forEach { Console.warning($0) }
        }

        private func nothingWritten(_ window: DateWindow) -> String {
            "No items between \(window.since) and \(window.until)\(build.sinceLast ? " that no issue carried yet" : ""); nothing written."
        }

        private static func summary(of digest: Digest) -> String {
            "\(Counted.phrase(digest.itemCount, "item")) in \(Counted.phrase(digest.sections.count, "section"))"
        }

        /// Ends a run that wrote its messages: status 1 when the check found errors in them,
        /// 2 when input was skipped, else 0.
        static func exit(checkErrors: Int, skipped: Int) throws {
            if checkErrors > 0 { throw ExitCode.failure }
            if skipped > 0 { throw ExitCode(2) }
        }

        /// One message per subscriber into `<out>/<window>/`, then a summary line.
        private func runPersonal(
            _ settings: DigestBuild.Settings, _ personalization: DigestBuild.Personalization, plan: IssuePlan,
            store: StateStore, out: String
        ) throws {
            guard !stdout, mbox == nil else {
                throw ValidationError(
                    "--subscribers writes one file per reader; it cannot be combined with --stdout or --mbox.")
            }
            let meter = ProgressMeter(enabled: !quiet && isatty(2) == 1)
            let written: DigestBuild.WrittenPersonalIssue
            do {
                defer { meter.finish() }
                written = try DigestBuild(settings: settings).writePersonal(
                    personalization, into: out, lineEnding: lineEnding == .lf ? .lf : .crlf, progress: meter.update)
            }
            let outcome = written.outcome
            outcome.diagnostics.forEach { Console.warning($0) }
            outcome.rejected.forEach { Console.warning($0) }
            outcome.warnings.forEach { Console.warning($0) }
            var recordedLine = ""
            if outcome.written > 0 {
                let (recorded, _) = try plan.record(written.messages, itemIDs: outcome.itemIDs, in: store)
                recordedLine = "; " + Self.describe(recorded)
            }
            Console.say(
                "Wrote \(Counted.phrase(outcome.written, "message")) into \(written.folder); "
                    + "\(Counted.phrase(outcome.empty.count, "reader")) skipped (nothing in their topics); "
                    + "\(outcome.suppressed.count) suppressed; \(Counted.phrase(outcome.rejected.count, "row")) rejected"
                    + recordedLine + "."
            )
            let check = Check.verify(written.toCheck, say: Console.say)
            try Self.exit(checkErrors: check.errors, skipped: outcome.diagnostics.count + outcome.rejected.count)
        }
    }
}
