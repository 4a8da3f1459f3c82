package import DigestCore
import Foundation

/// `digest send --smtp`: every unsent message file of a folder to one SMTP server, each
/// attempt and outcome kept in the folder's ``SendLog`` so that a rerun sends only what was
/// not taken, and a message whose fate is unknown (the run was killed, or the connection
/// broke after its data) is sent again and said to be a possible duplicate.
package struct SMTPBatchSender: Sendable {
    /// What became of one file.
    package enum Outcome: Sendable, Equatable {
        /// Every recipient was taken; the server's reply (its queue id).
        case sent(queueID: String)
        /// Taken, after an earlier run left it in flight (it may now be there twice).
        case resent(queueID: String)
        /// The log says it was sent before.
        case alreadySent
        /// Some recipient was refused for good (5xx) or the file is not a message; why.
        /// `suppress` lists the recipients whose reply says the mailbox does not exist.
        case failed(reason: String, suppress: [String])
        /// Some recipient was deferred (4xx) through every try: left for the next run.
        case deferred(reason: String)
        /// The connection broke after the message went out: it may have been delivered.
        case possiblyDelivered(reason: String)
    }

    /// The server and how to use it.
    package let server: SMTPServer
    /// Connections, rate, retries.
    package let settings: SMTPDelivery.Settings
    /// The envelope sender; nil for each message's From address.
    package let bounce: String?
    /// The DKIM signer, if messages are signed.
    package let signer: DKIMSigner?

    /// Creates a sender.
    package init(server: SMTPServer, settings: SMTPDelivery.Settings, bounce: String?, signer: DKIMSigner?) {
        self.server = server
        self.settings = settings
        self.bounce = bounce
        self.signer = signer
    }

    /// Sends the files not yet sent, reporting each file's outcome as it is known.
    ///
    /// - Throws: ``SMTPError`` when the server cannot be used at all (TLS, password), or
    ///   ``DigestError`` when the log cannot be written; what was sent until then is logged.
    package func send(files: [String], log: SendLog, report: @escaping @Sendable (String, Outcome) -> Void)
        async throws -> [Outcome]
    {
        let recorder = LogRecorder(log: log, files: files, report: report)
        let bounce = self.bounce
        let signer = self.signer
        try await SMTPDelivery(server: server, settings: settings).deliver(
            count: files.count,
            message: { index in
                try recorder.prepare(index: index, bounce: bounce, signer: signer)
            },
            recorder: recorder)
        return recorder.outcomes
    }

    /// The bytes as they go out: CRLF line endings, then the DKIM signature on top.
    package static func finalBytes(_ bytes: [UInt8], signer: DKIMSigner?, time: Int) throws -> [UInt8] {
        try SMTPTransport.finalBytes(bytes, signer: signer, time: time)
    }

    /// The envelope recipients of a message: every address of its To and Cc fields.
    package static func recipients(of bytes: [UInt8]) throws(DigestError) -> [String] {
        var addresses: [String] = []
        for field in HeaderReader.fields(in: bytes) where ["to", "cc"].contains(field.name.lowercased()) {
            for part in splitAddressList(field.value) where !part.trimmingCharacters(in: .whitespaces).isEmpty {
                addresses.append(try Mailbox(parsing: part).address)
            }
        }
        return addresses
    }

    /// Splits `a, "b, c" <d>` at the commas outside quotes and angle brackets.
    static func splitAddressList(_ text: String) -> [String] {
        var parts: [String] = []
        var current = ""
        var quoted = false
        var angle = false
        var escaped = false
        for character in text {
            if escaped {
                escaped = false
            } else if character == "\\" && quoted {
                escaped = true
            } else if character == "\"" {
                quoted.toggle()
            } else if character == "<" && !quoted {
                angle = true
            } else if character == ">" && !quoted {
                angle = false
            } else if character == "," && !quoted && !angle {
                parts.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        parts.append(current)
        return parts
    }
}

/// Bridges the delivery to the send log: the log is not shared between threads, so every
/// use goes through one lock.
private final class LogRecorder: SMTPDelivery.Recorder, @unchecked Sendable {
    private let lock = NSLock()
    private let log: SendLog
    private let files: [String]
    private let report: @Sendable (String, SMTPBatchSender.Outcome) -> Void
    private var previous: [String: SendLog.State] = [:]
    private var fileOf: [String: String] = [:]
    private(set) var outcomes: [SMTPBatchSender.Outcome] = []

    init(log: SendLog, files: [String], report: @escaping @Sendable (String, SMTPBatchSender.Outcome) -> Void) {
        self.log = log
        self.files = files
        self.report = report
    }

    /// Reads, checks and signs file `index`; nil when it is not to be sent (already sent, or
    /// not a message: reported and logged here).
    func prepare(index: Int, bounce: String?, signer: DKIMSigner?) throws -> SMTPMessage? {
        let file = files[index]
        guard let data = FileManager.default.contents(atPath: file) else {
            try finish(file: file, id: nil, .failed(reason: "cannot read \(file)", suppress: []))
            return nil
        }
        let bytes = [UInt8](data)
        let id = HeaderReader.value(of: "Message-ID", in: bytes) ?? BatchSender.contentID(bytes)
        let state = lock.withLock { log.state(of: id) }
        if state == .sent {
            try finish(file: file, id: nil, .alreadySent)
            return nil
        }
        do {
            let recipients = try SMTPBatchSender.recipients(of: bytes)
            guard !recipients.isEmpty else { throw DigestError.invalidAddress("", reason: "the message has no To") }
            let sender: String
            if let bounce {
                sender = bounce
            } else {
                sender = try Mailbox(parsing: HeaderReader.value(of: "From", in: bytes) ?? "").address
            }
            let final = try SMTPBatchSender.finalBytes(bytes, signer: signer, time: Int(Date().timeIntervalSince1970))
            lock.withLock {
                previous[id] = state
                fileOf[id] = file
            }
            return SMTPMessage(id: id, sender: sender, recipients: recipients, data: final)
        } catch let error as DigestError {
            try finish(file: file, id: id, .failed(reason: "\(file): \(error.description)", suppress: []))
            return nil
        }
    }

    func willSend(_ message: SMTPMessage) throws {
        let file = lock.withLock { fileOf[message.id] ?? "" }
        try lock.withLock { try log.recordAttempt(message.id, file: name(file), at: BatchSender.timestamp()) }
    }

    func finished(_ message: SMTPMessage, outcomes: [(recipient: String, outcome: RecipientOutcome)]) throws {
        let (file, before) = lock.withLock { (fileOf[message.id] ?? "", previous[message.id] ?? .unsent) }
        var sent: [String] = []
        var failed: [String] = []
        var suppress: [String] = []
        var deferred: [String] = []
        var uncertain: [String] = []
        for (recipient, outcome) in outcomes {
            switch outcome {
            case .sent(let queueID): sent.append(queueID)
            case .failed(let reply, let bad):
                failed.append("to \(recipient): \(reply)")
                if bad { suppress.append(recipient) }
            case .deferred(let reason): deferred.append("to \(recipient): \(reason)")
            case .possiblyDelivered(let reason): uncertain.append("to \(recipient): \(reason)")
            }
        }
        let outcome: SMTPBatchSender.Outcome
        if !failed.isEmpty {
            outcome = .failed(reason: (failed + deferred + uncertain).joined(separator: "; "), suppress: suppress)
        } else if !uncertain.isEmpty {
            outcome = .possiblyDelivered(reason: (uncertain + deferred).joined(separator: "; "))
        } else if !deferred.isEmpty {
            outcome = .deferred(reason: deferred.joined(separator: "; "))
        } else {
            let queueID = sent.first ?? ""
            var wasInFlight = before == .interrupted
            if case .failed(let reason) = before, reason.hasPrefix("possibly delivered") { wasInFlight = true }
            outcome = wasInFlight ? .resent(queueID: queueID) : .sent(queueID: queueID)
        }
        try finish(file: file, id: message.id, outcome)
    }

    private func finish(file: String, id: String?, _ outcome: SMTPBatchSender.Outcome) throws {
        try lock.withLock {
            let now = BatchSender.timestamp()
            if let id {
                switch outcome {
                case .sent, .resent: try log.recordSent(id, file: name(file), at: now)
                case .failed(let reason, _): try log.recordFailure(id, file: name(file), reason: reason, at: now)
                case .deferred(let reason):
                    try log.recordFailure(id, file: name(file), reason: "deferred: " + reason, at: now)
                case .possiblyDelivered(let reason):
                    try log.recordFailure(id, file: name(file), reason: "possibly delivered: " + reason, at: now)
                case .alreadySent: break
                }
            }
            outcomes.append(outcome)
        }
        report(file, outcome)
    }

    private func name(_ file: String) -> String {
        (file as NSString).lastPathComponent
    }
}
