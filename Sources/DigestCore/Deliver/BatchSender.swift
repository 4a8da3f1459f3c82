import Crypto
import Foundation

/// Sends message files through sendmail one by one, keeping the send log, so that a rerun
/// after a crash sends nothing twice (see ``SendLog``) and loses nothing.
package struct BatchSender {
    /// What happened to one file.
    package enum Outcome: Equatable, Sendable {
        /// Sendmail took it.
        case sent
        /// Sendmail took it, after an earlier run was killed while sending it.
        case resent
        /// The log says it was sent before.
        case alreadySent
        /// It could not be sent; the reason.
        case failed(String)
    }

    private let sendmail: Sendmail
    private let log: SendLog
    private let now: () -> String

    /// Creates a sender.
    ///
    /// - Parameters:
    ///   - sendmail: the program to hand messages to.
    ///   - log: the locked send log of the messages' folder.
    ///   - now: the time stamp written into the log.
    package init(sendmail: Sendmail, log: SendLog, now: @escaping () -> String = BatchSender.timestamp) {
        self.sendmail = sendmail
        self.log = log
        self.now = now
    }

    /// Sends each file not yet sent, in order, reporting each outcome as it happens.
    ///
    /// A failure does not stop the batch. Throws only when the log cannot be written (then
    /// nothing more is sent, since the log could not tell a rerun what happened).
    package func send(files: [String], report: (String, Outcome) -> Void) throws(DigestError) -> [Outcome] {
        var outcomes: [Outcome] = []
        for file in files {
            let outcome = try send(file: file)
            report(file, outcome)
            outcomes.append(outcome)
        }
        return outcomes
    }

    private func send(file: String) throws(DigestError) -> Outcome {
        guard let data = FileManager.default.contents(atPath: file) else {
            return .failed("cannot read \(file)")
        }
        let bytes = [UInt8](data)
        let name = (file as NSString).lastPathComponent
        let id = HeaderReader.value(of: "Message-ID", in: bytes) ?? BatchSender.contentID(bytes)
        let previous = log.state(of: id)
        if previous == .sent { return .alreadySent }
        try log.recordAttempt(id, file: name, at: now())
        if let failure = sendmail.send(bytes) {
            try log.recordFailure(id, file: name, reason: failure, at: now())
            return .failed(failure)
        }
        try log.recordSent(id, file: name, at: now())
        return previous == .interrupted ? .resent : .sent
    }

    /// A stand-in id for a message without a Message-ID: a digest of its bytes.
    package static func contentID(_ bytes: [UInt8]) -> String {
        "<sha256:" + Hex.lowercase(SHA256.hash(data: bytes)) + ">"
    }

    /// The current time in UTC, ISO 8601.
    package static func timestamp() -> String {
        let seconds = Int(Date().timeIntervalSince1970)
        let day = Day(daysSinceEpoch: Int((Double(seconds) / 86_400).rounded(.down)))
        let rest = seconds - day.daysSinceEpoch * 86_400
        return "\(day)T\(Day.pad(rest / 3600, 2)):\(Day.pad(rest / 60 % 60, 2)):\(Day.pad(rest % 60, 2))Z"
    }
}
