import ArgumentParser
import DigestCore
import DigestSMTP
import Foundation

extension DigestCommand {
    /// `digest send`: sends the latest issue (or `--issue N`) to each of its readers who has not
    /// had it, through sendmail or an SMTP relay, keeping the state store.
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send the latest issue to each of its readers who has not had it, through sendmail or SMTP.",
            discussion: """
                The state store (digest.sqlite in the output folder, or state: in digest.yml) \
                knows the issue's messages, one per reader: each reader with no sent delivery who \
                is not suppressed gets their message, in order, and nothing else is sent (not a \
                stale file in the folder, not a reader the last build left out). Every attempt \
                is recorded before the message is handed over and its outcome right after, so a \
                rerun after a crash or a kill sends what is missing; a message that was in \
                flight at the kill is sent again and reported (the reader may have it twice). \
                A second digest send of the same issue refuses while one runs. --dry-run prints \
                who would get what. Exit status 1 when any message could not be sent (the \
                others are still tried); the next digest send tries it again.

                Message FILEs given on the command line are sent outside any issue, recorded \
                in sent.log beside them instead.

                The SMTP password comes from DIGEST_SMTP_PASSWORD or --smtp-password-file, \
                never from the command line.
                """
        )

        @OptionGroup var list: ListOptions

        @Option(help: ArgumentHelp("Send this issue (digest status lists them). Default: the latest.", valueName: "n"))
        var issue: Int?

        @Flag(help: "Print who would get which message, and send and record nothing.")
        var dryRun = false

        @Flag(help: "Print nothing but warnings and errors: for cron.")
        var quiet = false

        @Option(help: ArgumentHelp("The sendmail command line.", valueName: "command"))
        var sendmail: String = Sendmail.defaultCommand

        @Option(
            help: ArgumentHelp(
                "Submit over SMTP: smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS); "
                    + "smtp://127.0.0.1:PORT?tls=none-on-loopback for plain text to a loopback address.",
                valueName: "url"))
        var smtp: String?

        @Option(help: ArgumentHelp("A file holding the SMTP password (one line).", valueName: "file"))
        var smtpPasswordFile: String?

        @Option(
            help: ArgumentHelp("PEM certificates to trust instead of the system's (a private CA).", valueName: "file"))
        var smtpCaFile: String?

        @Option(help: ArgumentHelp("SMTP connections at once (default 4).", valueName: "n"))
        var connections: Int?

        @Option(help: ArgumentHelp("At most this many messages per second over SMTP.", valueName: "n"))
        var rate: Double?

        @Option(help: ArgumentHelp("The envelope sender, where bounces go (default: From).", valueName: "address"))
        var bounce: String?

        @Option(help: ArgumentHelp("Send the latest issue to this address only, as a test.", valueName: "address"))
        var testTo: String?

        @Option(
            name: .customLong("as"),
            help: ArgumentHelp("With --test-to: that reader's personal message.", valueName: "reader"))
        var asReader: String?

        @Option(
            help: ArgumentHelp(
                "Seconds one message may take (sendmail), or one SMTP reply (default 60).", valueName: "seconds"))
        var timeout: Int?

        @Argument(
            help: ArgumentHelp(
                "Message files to send outside any issue (recorded in sent.log). Default: the issue's messages.",
                valueName: "file"))
        var files: [String] = []

        func validate() throws {
            if let timeout, timeout <= 0 { throw ValidationError("--timeout must be at least 1 second.") }
            if let connections, !(1...64).contains(connections) {
                throw ValidationError("--connections must be 1 to 64.")
            }
            if let rate, rate <= 0 { throw ValidationError("--rate must be above 0.") }
            if asReader != nil, testTo == nil { throw ValidationError("--as goes with --test-to.") }
            if !files.isEmpty, issue != nil || dryRun {
                throw ValidationError("--issue and --dry-run send an issue; they cannot be combined with FILEs.")
            }
        }

        func run() async throws {
            Console.quiet = quiet
            let file = try list.configuration()
            let out = list.outputFolder(file)
            let bounce =
                try self.bounce.map { (text) throws(DigestError) in try Mailbox(parsing: text).address }
                ?? file?.bounce
            let useSMTP = smtp != nil || (file?.smtp != nil && !sendmailGiven)
            if let testTo {
                try await sendTest(to: testTo, out: out, configuration: file, bounce: bounce, smtp: useSMTP)
                return
            }
            if !files.isEmpty {
                if useSMTP {
                    try await sendSMTP(files, out: out, configuration: file, bounce: bounce)
                } else {
                    try sendSendmail(files, out: out, bounce: bounce)
                }
                return
            }
            let store = try StateStore.open(at: list.statePath(file), messages: out)
            guard let id = try issue ?? store.latestIssue()?.id else {
                throw DigestError.noIssueYet(state: store.path, wanted: "nothing to send")
            }
            guard try store.issue(id) != nil else { throw DigestError.unknownIssue(id) }
            let transport: any Transport
            if useSMTP {
                transport = SMTPTransport(try smtpSettings(file), bounce: bounce, signer: try signer(file))
            } else {
                transport = try Sendmail(
                    commandLine: sendmail + (bounce.map { " -f \($0)" } ?? ""), timeout: .seconds(timeout ?? 60))
            }
            try await send(issue: id, store: store, transport: transport)
        }

        /// Sends issue `id` with `transport` through ``IssueSender``, printing each delivery as
        /// it ends and a summary line.
        private func send(issue id: Int, store: StateStore, transport: any Transport) async throws {
            let sender = IssueSender(store: store, transport: transport)
            let dryRun = dryRun
            // IssueSender blocks (processes, sockets, fsync): on a thread of its own, off the pool.
            let report = try await onThreadOfItsOwn { () throws(DigestError) in
                try sender.send(issue: id, dryRun: dryRun) { event in
                    switch event {
                    case .sent(let delivery, _): Console.progress("sent \(delivery.file)")
                    case .resent(let delivery, _, let unanswered):
                        let earlier = unanswered == 1 ? "an earlier send was" : "\(unanswered) earlier sends were"
                        Console.warning(
                            "\(delivery.file): \(earlier) interrupted; sent again (the reader may have it up to "
                                + "\(unanswered + 1) times, with the same Message-ID; digest status --issue \(id) shows it)"
                        )
                    case .failed(let delivery, let answer):
                        Console.error("error: \(delivery.file): not sent: \(answer)")
                    case .wouldSend(let delivery): Console.progress("would send \(delivery.file)")
                    case .suppressed(let delivery):
                        Console.progress("left out \(delivery.file): its reader unsubscribed during the send")
                    }
                }
            }
            if dryRun {
                Console.say(
                    "Issue \(id): \(report.wouldSend) would be sent, \(report.alreadySent) already sent before, "
                        + "\(report.suppressed) suppressed; nothing was sent.")
                return
            }
            Console.say(
                "Issue \(id): \(report.sent) sent, \(report.alreadySent) already sent before, \(report.failed) failed, "
                    + "\(report.suppressed) suppressed.")
            if report.failed > 0 { throw ExitCode.failure }
        }

        /// Whether --sendmail was given (then it wins over smtp: in the file).
        private var sendmailGiven: Bool { sendmail != Sendmail.defaultCommand }

        /// FILEs outside any issue, through sendmail, recorded in sent.log.
        private func sendSendmail(_ messages: [String], out: String, bounce: String?) throws {
            var failures = 0
            var counts: [String: Int] = [:]
            let command = sendmail + (bounce.map { " -f \($0)" } ?? "")
            let program = try Sendmail(commandLine: command, timeout: .seconds(timeout ?? 60))
            let log = try SendLog(folder: out)
            let outcomes = try BatchSender(sendmail: program, log: log).send(files: messages) { file, outcome in
                switch outcome {
                case .sent: Console.progress("sent \(file)")
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

        private func smtpSettings(_ file: DigestConfiguration?) throws(DigestError) -> SMTPSendSettings {
            try SMTPSendSettings(
                url: smtp, file: file?.smtp, passwordFile: smtpPasswordFile, caFile: smtpCaFile,
                connections: connections, rate: rate, timeout: timeout)
        }

        private func signer(_ file: DigestConfiguration?) throws(DigestError) -> DKIMSigner? {
            guard let dkim = file?.dkim else { return nil }
            return DKIMSigner(domain: dkim.domain, selector: dkim.selector, key: try DKIMKey(file: dkim.key))
        }

        /// FILEs outside any issue, over SMTP, recorded in sent.log.
        private func sendSMTP(
            _ messages: [String], out: String, configuration file: DigestConfiguration?, bounce: String?
        ) async throws {
            let transport = SMTPTransport(try smtpSettings(file), bounce: bounce, signer: try signer(file))
            let logPath = (out as NSString).appendingPathComponent(SendLog.fileName)
            let sender = SMTPFileSender(transport: transport)
            let outcomes: [SMTPFileSender.Outcome]
            do {
                // The sender blocks (sockets, fsync): on a thread of its own, off the pool.
                outcomes = try await onThreadOfItsOwn { () throws(DigestError) in
                    try sender.send(files: messages, log: try SendLog(folder: out)) { file, outcome in
                        switch outcome {
                        case .sent: Console.progress("sent \(file)")
                        case .resent:
                            Console.warning(
                                "\(file): an earlier send was interrupted; sent again (recipients may have it twice, with the same Message-ID; see \(logPath))"
                            )
                        case .alreadySent: break
                        case .failed(let reason, let suppress):
                            Console.error("error: \(file): not sent: \(reason)")
                            for address in suppress {
                                Console.warning(
                                    "\(file): the server says \(address) does not exist; consider removing it")
                            }
                        case .deferred(let reason):
                            Console.error("error: \(file): deferred, left for the next digest send: \(reason)")
                        case .possiblyDelivered(let reason):
                            Console.warning(
                                "\(file): may have been delivered (\(reason)); the next digest send sends it again")
                        }
                    }
                }
            } catch DigestError.transportUnusable(let transport, let reason) {
                Console.error(DigestError.transportUnusable(transport: transport, reason: reason))
                Console.error("Nothing more was sent; \(logPath) records what was.")
                throw ExitCode.failure
            }
            var counts: [String: Int] = [:]
            for outcome in outcomes {
                switch outcome {
                case .sent, .resent: counts["sent", default: 0] += 1
                case .alreadySent: counts["already", default: 0] += 1
                case .failed: counts["failed", default: 0] += 1
                case .deferred: counts["deferred", default: 0] += 1
                case .possiblyDelivered: counts["uncertain", default: 0] += 1
                }
            }
            Console.say(
                "\(counts["sent", default: 0]) sent, \(counts["already", default: 0]) already sent before, \(counts["failed", default: 0]) failed, \(counts["deferred", default: 0]) deferred, \(counts["uncertain", default: 0]) possibly delivered."
            )
            if counts["failed", default: 0] + counts["deferred", default: 0] + counts["uncertain", default: 0] > 0 {
                throw ExitCode.failure
            }
        }

        /// `--test-to`: the latest issue (or `--as` reader's message in it) to one address,
        /// recorded as a test in the log, never as a delivery.
        private func sendTest(
            to address: String, out: String, configuration file: DigestConfiguration?, bounce: String?, smtp: Bool
        ) async throws {
            let target = try Mailbox(parsing: address).address
            let folder = DigestFolder(path: out)
            let message: String
            if let reader = asReader {
                let name =
                    try Mailbox(parsing: reader).address.lowercased().replacingOccurrences(of: "/", with: "_") + ".eml"
                let personal = folder.messageFilesWithSubfolders().filter { $0.hasSuffix("/" + name) }
                guard let latest = personal.last else {
                    throw DigestError.unreadable(path: out, reason: "it holds no personal message for \(reader)")
                }
                message = latest
            } else {
                guard let latest = folder.messageFiles().last else {
                    throw DigestError.unreadable(path: out, reason: "it holds no message to test with")
                }
                message = latest
            }
            guard let data = FileManager.default.contents(atPath: message) else {
                throw DigestError.unreadable(path: message, reason: "it cannot be read")
            }
            let bytes = [UInt8](data)
            let id = HeaderReader.value(of: "Message-ID", in: bytes) ?? message
            let log = try SendLog(folder: out)
            if smtp {
                var settings = try smtpSettings(file)
                settings.delivery.connections = 1
                let transport = SMTPTransport(settings, bounce: bounce, signer: try signer(file))
                let test = OutgoingMessage(recipient: target, messageID: id, file: message, bytes: bytes)
                let outcome = try await onThreadOfItsOwn { () throws(DigestError) -> DeliveryOutcome in
                    try transport.prepare()
                    defer { transport.finish() }
                    return try transport.deliver(test)
                }
                switch outcome {
                case .sent(let queueID): Console.say("test: sent \(message) to \(target) (\(queueID))")
                case .failed(let answer):
                    Console.error("error: test to \(target) not sent: \(answer)")
                    throw ExitCode.failure
                case .possiblyDelivered(let answer):
                    Console.error("error: test to \(target) may not have been sent: \(answer)")
                    throw ExitCode.failure
                }
            } else {
                let program = sendmail.split(separator: " ").first.map(String.init) ?? "/usr/sbin/sendmail"
                let command = "\(program) -oi" + (bounce.map { " -f \($0)" } ?? "") + " -- \(target)"
                if let failure = try Sendmail(commandLine: command, timeout: .seconds(timeout ?? 60)).send(bytes) {
                    Console.error("error: test to \(target) not sent: \(failure)")
                    throw ExitCode.failure
                }
                Console.say("test: sent \(message) to \(target)")
            }
            let domain = target.split(separator: "@").last.map(String.init) ?? ""
            try log.recordTest(
                id, file: (message as NSString).lastPathComponent, toDomain: domain, at: BatchSender.timestamp())
        }
    }
}
