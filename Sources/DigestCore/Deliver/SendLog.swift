/// The record of what `digest send` handed to sendmail, `sent.log` beside the messages.
///
/// One tab-separated line per event, flushed to disk before the next step:
/// `time  attempt|sent|failed  message-id  file  [reason]`. A message whose last event is
/// `sent` is never sent again. One whose last event is `attempt` was being sent when the
/// run was killed: sendmail may or may not have taken it, so it is sent again and the
/// log shows the `attempt` line before the second `sent` (at-least-once, visibly).
/// The log is locked while a run uses it, so two runs cannot both send.
package final class SendLog {
    /// What the log knows of one message.
    package enum State: Equatable, Sendable {
        case unsent
        case sent
        case interrupted
        case failed(String)
    }

    /// The log file's name inside the messages folder.
    package static let fileName = "sent.log"

    /// The log file's path.
    package let path: String
    private let file: System.File
    private var states: [String: State] = [:]

    /// Opens (creating) the log in `folder` and locks it.
    ///
    /// - Throws: ``DigestError/unwritable(path:reason:)``, or ``DigestError/sendInProgress(path:)``
    ///   when another run holds the lock.
    package init(folder: String) throws(DigestError) {
        path = folder.hasSuffix("/") ? folder + SendLog.fileName : folder + "/" + SendLog.fileName
        let file: System.File
        do {
            file = try System.File.open(path, .append)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
        guard file.tryLock() else {
            try? file.close()
            throw .sendInProgress(path: path)
        }
        self.file = file
        file.rewind()
        do {
            readExisting(try file.readToEnd())
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
    }

    deinit {
        file.unlock()
        try? file.close()
    }

    /// The state of the message with this id.
    package func state(of messageID: String) -> State {
        states[messageID] ?? .unsent
    }

    /// Records that sending starts.
    package func recordAttempt(_ messageID: String, file: String, at time: String) throws(DigestError) {
        try append([time, "attempt", messageID, file])
        states[messageID] = .interrupted
    }

    /// Records that sendmail accepted the message.
    package func recordSent(_ messageID: String, file: String, at time: String) throws(DigestError) {
        try append([time, "sent", messageID, file])
        states[messageID] = .sent
    }

    /// Records that sending failed, and why.
    package func recordFailure(_ messageID: String, file: String, reason: String, at time: String) throws(DigestError) {
        try append([time, "failed", messageID, file, reason])
        states[messageID] = .failed(reason)
    }

    fileprivate func appendTest(_ fields: [String]) throws(DigestError) {
        try append(fields)
    }

    private func append(_ fields: [String]) throws(DigestError) {
        let clean = fields.map { $0.map { $0 == "\t" || $0.isNewline ? " " : $0 }.map(String.init).joined() }
        let line = Array((clean.joined(separator: "\t") + "\n").utf8)
        do {
            try file.write(line)
            try file.sync()
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
    }

    private func readExisting(_ bytes: [UInt8]) {
        for line in bytes.split(separator: 10) {
            let fields = String(decoding: line, as: UTF8.self).split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 4 else { continue }  // A torn last line from a crash: ignore it.
            let id = String(fields[2])
            switch fields[1] {
            case "attempt": states[id] = .interrupted
            case "sent": states[id] = .sent
            case "failed": states[id] = .failed(fields.count > 4 ? String(fields[4]) : "")
            default: continue
            }
        }
    }
}

extension SendLog {
    /// Records a test send (`digest send --test-to`): a line of its own, which never counts
    /// as a delivery of the message. Only the address's domain is written.
    package func recordTest(_ messageID: String, file: String, toDomain domain: String, at time: String)
        throws(DigestError)
    {
        try appendTest([time, "test", messageID, file, "to a test address at \(domain)"])
    }
}
