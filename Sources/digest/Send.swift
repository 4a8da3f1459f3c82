import ArgumentParser
import DigestCore
import DigestSMTP
import Foundation

extension DigestCommand {
    /// `digest send`: hands every unsent message in the output folder to sendmail, or to an
    /// SMTP relay with `--smtp` (or `smtp:` in digest.yml).
    struct Send: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "send",
            abstract: "Send the messages in the output folder through sendmail or SMTP, each exactly once.",
            discussion: """
                Each .eml file in the folder (or each FILE given) is piped into the sendmail \
                command, one process per message, or with --smtp (or smtp: in digest.yml) \
                submitted to that relay over several reused, pipelined connections, DKIM-signed \
                when dkim: is configured. Every attempt and outcome is recorded in sent.log \
                beside the messages, so a rerun sends only what was not sent. A message whose \
                send was interrupted (the run was killed, or the connection broke after the \
                message went out) is sent again and reported, since it may have been taken. \
                Exit status 1 when any message could not be sent (refused, or deferred through \
                every retry); the others are still tried.

                The SMTP password comes from DIGEST_SMTP_PASSWORD or --smtp-password-file, \
                never from the command line.
                """
        )

        @Option(help: ArgumentHelp("The folder with the messages and the send log.", valueName: "dir"))
        var out: String = "digests"

        @Option(help: ArgumentHelp("The sendmail command line.", valueName: "command"))
        var sendmail: String = Sendmail.defaultCommand

        @Option(
            help: ArgumentHelp(
                "Submit over SMTP: smtp://user@host:587 (STARTTLS) or smtps://user@host:465 (TLS).", valueName: "url"))
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

        @Option(
            help: ArgumentHelp(
                "The configuration file. Default: digest.yml in the working directory, when there is one.",
                valueName: "file"))
        var config: String?

        @Argument(help: ArgumentHelp("Message files to send (default: every .eml in --out).", valueName: "file"))
        var files: [String] = []

        func validate() throws {
            if let timeout, timeout <= 0 { throw ValidationError("--timeout must be at least 1 second.") }
            if let connections, !(1...64).contains(connections) {
                throw ValidationError("--connections must be 1 to 64.")
            }
            if let rate, rate <= 0 { throw ValidationError("--rate must be above 0.") }
            if asReader != nil, testTo == nil { throw ValidationError("--as goes with --test-to.") }
        }

        func run() async throws {
            let file = try DigestConfiguration.path(explicit: config).map { (path) throws(DigestError) in
                try DigestConfiguration.load(path: path)
            }
            let bounce =
                try self.bounce.map { (text) throws(DigestError) in try Mailbox(parsing: text).address }
                ?? file?.bounce
            let useSMTP = smtp != nil || (file?.smtp != nil && !sendmailGiven)
            if let testTo {
                try await sendTest(to: testTo, configuration: file, bounce: bounce, smtp: useSMTP)
                return
            }
            let messages = files.isEmpty ? DigestFolder(path: out).messageFiles() : files
            guard !messages.isEmpty else {
                Console.say("No messages in \(out); nothing to send.")
                return
            }
            if useSMTP {
                try await sendSMTP(messages, configuration: file, bounce: bounce)
            } else {
                try sendSendmail(messages, bounce: bounce)
            }
        }

        /// Whether --sendmail was given (then it wins over smtp: in the file).
        private var sendmailGiven: Bool { sendmail != Sendmail.defaultCommand }

        private func sendSendmail(_ messages: [String], bounce: String?) throws {
            var failures = 0
            var counts: [String: Int] = [:]
            let command = sendmail + (bounce.map { " -f \($0)" } ?? "")
            let program = try Sendmail(commandLine: command, timeout: .seconds(timeout ?? 60))
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

        private func smtpSettings(_ file: DigestConfiguration?) throws(DigestError) -> SMTPSendSettings {
            try SMTPSendSettings(
                url: smtp, file: file?.smtp, passwordFile: smtpPasswordFile, caFile: smtpCaFile,
                connections: connections, rate: rate, timeout: timeout)
        }

        private func signer(_ file: DigestConfiguration?) throws(DigestError) -> DKIMSigner? {
            guard let dkim = file?.dkim else { return nil }
            return DKIMSigner(domain: dkim.domain, selector: dkim.selector, key: try DKIMKey(file: dkim.key))
        }

        private func sendSMTP(_ messages: [String], configuration file: DigestConfiguration?, bounce: String?)
            async throws
        {
            let settings = try smtpSettings(file)
            let log = try SendLog(folder: out)
            let sender = SMTPBatchSender(
                server: settings.server, settings: settings.delivery, bounce: bounce, signer: try signer(file))
            let logPath = log.path
            let outcomes: [SMTPBatchSender.Outcome]
            do {
                outcomes = try await sender.send(files: messages, log: log) { file, outcome in
                    switch outcome {
                    case .sent: Console.say("sent \(file)")
                    case .resent:
                        Console.warning(
                            "\(file): an earlier send was interrupted; sent again (recipients may have it twice, with the same Message-ID; see \(logPath))"
                        )
                    case .alreadySent: break
                    case .failed(let reason, let suppress):
                        Console.error("error: \(file): not sent: \(reason)")
                        for address in suppress {
                            Console.warning("\(file): the server says \(address) does not exist; consider removing it")
                        }
                    case .deferred(let reason):
                        Console.error("error: \(file): deferred, left for the next digest send: \(reason)")
                    case .possiblyDelivered(let reason):
                        Console.warning(
                            "\(file): may have been delivered (\(reason)); the next digest send sends it again")
                    }
                }
            } catch let error as SMTPError {
                Console.error(error)
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
        private func sendTest(to address: String, configuration file: DigestConfiguration?, bounce: String?, smtp: Bool)
            async throws
        {
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
                let settings = try smtpSettings(file)
                let sender =
                    try bounce ?? Mailbox(parsing: HeaderReader.value(of: "From", in: bytes) ?? "").address
                let final = try SMTPBatchSender.finalBytes(
                    bytes, signer: try signer(file), time: Int(Date().timeIntervalSince1970))
                let outgoing = SMTPMessage(id: id, sender: sender, recipients: [target], data: final)
                let outcome = try await SMTPDelivery.single(outgoing, server: settings.server)
                guard case .sent(let queueID) = outcome else {
                    Console.error("error: test to \(target) not sent: \(outcome)")
                    throw ExitCode.failure
                }
                Console.say("test: sent \(message) to \(target) (\(queueID))")
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
