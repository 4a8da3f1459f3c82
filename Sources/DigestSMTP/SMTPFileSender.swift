package import DigestCore
import Foundation

/// `digest send FILE... --smtp`: message files given by hand, outside any issue, each to the
/// addresses of its To and Cc over ``SMTPTransport``, every attempt and outcome kept in the
/// folder's ``SendLog`` so that a rerun sends only what was not taken, and a message whose fate
/// is unknown (the run was killed, or the connection broke after its data) is sent again and
/// said to be a possible duplicate.
package struct SMTPFileSender: Sendable {
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

    /// The server, its settings, the bounce address and the signer.
    package let transport: SMTPTransport

    /// Creates a sender over `transport`.
    package init(transport: SMTPTransport) {
        self.transport = transport
    }

    /// Sends the files not yet sent, on the transport's connections at once (each thread takes
    /// the next file), reporting each file's outcome as it is known (one report at a time).
    /// Blocks the calling thread.
    ///
    /// - Returns: the outcome of each file, in the order of `files`.
    /// - Throws: ``DigestError/transportUnusable(transport:reason:)`` when the server cannot be
    ///   used at all (TLS, password), or ``DigestError`` when the log cannot be written; what was
    ///   sent until then is logged, and nothing more is sent.
    package func send(files: [String], log: SendLog, report: @escaping @Sendable (String, Outcome) -> Void)
        throws(DigestError) -> [Outcome]
    {
        let run = FileRun(files: files, log: log, transport: transport, report: report)
        let width = max(1, min(transport.connections, files.count))
        if width == 1 {
            run.work()
        } else {
            let group = DispatchGroup()
            for _ in 0..<width {
                group.enter()
                Thread {
                    run.work()
                    group.leave()
                }.start()
            }
            group.wait()
        }
        transport.finish()
        return try run.result()
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

    /// One file's outcome from its recipients' outcomes: refused beats unknown beats deferred;
    /// sent only when every recipient was taken.
    static func outcome(of answers: [(recipient: String, outcome: RecipientOutcome)], wasInFlight: Bool) -> Outcome {
        var sent: [String] = []
        var failed: [String] = []
        var suppress: [String] = []
        var deferred: [String] = []
        var uncertain: [String] = []
        for (recipient, outcome) in answers {
            switch outcome {
            case .sent(let queueID): sent.append(queueID)
            case .failed(let reply, let bad):
                failed.append("to \(recipient): \(reply)")
                if bad { suppress.append(recipient) }
            case .deferred(let reason): deferred.append("to \(recipient): \(reason)")
            case .possiblyDelivered(let reason): uncertain.append("to \(recipient): \(reason)")
            }
        }
        if !failed.isEmpty {
            return .failed(reason: (failed + deferred + uncertain).joined(separator: "; "), suppress: suppress)
        }
        if !uncertain.isEmpty { return .possiblyDelivered(reason: (uncertain + deferred).joined(separator: "; ")) }
        if !deferred.isEmpty { return .deferred(reason: deferred.joined(separator: "; ")) }
        let queueID = sent.first ?? ""
        return wasInFlight ? .resent(queueID: queueID) : .sent(queueID: queueID)
    }
}

/// One call of ``SMTPFileSender/send(files:log:report:)``: the files still to take, the log
/// (not shared between threads: every use goes through the lock) and what became of each.
private final class FileRun: @unchecked Sendable {
    private let lock = NSLock()
    private let files: [String]
    private let log: SendLog
    private let transport: SMTPTransport
    private let report: @Sendable (String, SMTPFileSender.Outcome) -> Void
    private var next = 0
    private var prepared = false
    private var outcomes: [SMTPFileSender.Outcome?]
    private var failure: DigestError?

    init(
        files: [String], log: SendLog, transport: SMTPTransport,
        report: @escaping @Sendable (String, SMTPFileSender.Outcome) -> Void
    ) {
        self.files = files
        self.log = log
        self.transport = transport
        self.report = report
        outcomes = Array(repeating: nil, count: files.count)
    }

    /// Takes file after file until none is left or the run stopped.
    func work() {
        while let index = take() {
            do throws(DigestError) {
                try send(index)
            } catch {
                lock.withLock { failure = failure ?? error }
            }
        }
    }

    /// The outcomes, or the error that stopped the run.
    func result() throws(DigestError) -> [SMTPFileSender.Outcome] {
        if let failure { throw failure }
        return outcomes.map { $0 ?? .alreadySent }
    }

    private func take() -> Int? {
        lock.withLock {
            guard next < files.count, failure == nil else { return nil }
            defer { next += 1 }
            return next
        }
    }

    private func send(_ index: Int) throws(DigestError) {
        let file = files[index]
        let name = (file as NSString).lastPathComponent
        guard let data = FileManager.default.contents(atPath: file) else {
            return finish(index, .failed(reason: "cannot read \(file)", suppress: []))
        }
        let bytes = [UInt8](data)
        let id = HeaderReader.value(of: "Message-ID", in: bytes) ?? BatchSender.contentID(bytes)
        let before = lock.withLock { log.state(of: id) }
        if before == .sent { return finish(index, .alreadySent) }
        let message: SMTPMessage
        do throws(DigestError) {
            let recipients = try SMTPFileSender.recipients(of: bytes)
            guard !recipients.isEmpty else { throw .invalidAddress("", reason: "the message has no To") }
            message = try transport.envelope(of: bytes, to: recipients, id: id, file: file)
        } catch {
            let reason = "\(file): \(error.description)"
            try record { (log) throws(DigestError) in
                try log.recordFailure(id, file: name, reason: reason, at: BatchSender.timestamp())
            }
            return finish(index, .failed(reason: reason, suppress: []))
        }
        try prepareOnce()
        try record { (log) throws(DigestError) in try log.recordAttempt(id, file: name, at: BatchSender.timestamp()) }
        let answers: [RecipientOutcome]
        do throws(DigestError) {
            answers = try transport.send(message)
        } catch {
            try record { (log) throws(DigestError) in
                try log.recordFailure(id, file: name, reason: error.description, at: BatchSender.timestamp())
            }
            throw error
        }
        var wasInFlight = before == .interrupted
        if case .failed(let reason) = before, reason.hasPrefix("possibly delivered") { wasInFlight = true }
        let outcome = SMTPFileSender.outcome(
            of: Array(zip(message.recipients, answers).map { (recipient: $0, outcome: $1) }), wasInFlight: wasInFlight)
        try record { (log) throws(DigestError) in
            let now = BatchSender.timestamp()
            switch outcome {
            case .sent, .resent: try log.recordSent(id, file: name, at: now)
            case .failed(let reason, _): try log.recordFailure(id, file: name, reason: reason, at: now)
            case .deferred(let reason): try log.recordFailure(id, file: name, reason: "deferred: " + reason, at: now)
            case .possiblyDelivered(let reason):
                try log.recordFailure(id, file: name, reason: "possibly delivered: " + reason, at: now)
            case .alreadySent: break
            }
        }
        finish(index, outcome)
    }

    /// Opens the first session before the first attempt is logged, so a server that cannot be
    /// used stops the run with nothing recorded as in flight.
    private func prepareOnce() throws(DigestError) {
        lock.lock()
        defer { lock.unlock() }
        guard !prepared else { return }
        try transport.prepare()
        prepared = true
    }

    private func record(_ write: (SendLog) throws(DigestError) -> Void) throws(DigestError) {
        lock.lock()
        defer { lock.unlock() }
        try write(log)
    }

    private func finish(_ index: Int, _ outcome: SMTPFileSender.Outcome) {
        lock.withLock {
            outcomes[index] = outcome
            report(files[index], outcome)
        }
    }
}
