import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// ``IssueSender`` with a real sendmail stand-in (a shell script that records each message it
/// is piped): each reader once, suppressed and already-sent readers left out, failures retried.
@Suite struct IssueSenderTests {
    private let folder: URL

    init() throws {
        folder = try TestFiles.scratchFolder()
    }

    /// A "sendmail" that appends each message's Message-ID line to `received`, and fails
    /// (status 75) for a message whose To line holds `fail`.
    private func fakeSendmail() throws -> (Sendmail, received: String) {
        let received = folder.appendingPathComponent("received").path
        let script = folder.appendingPathComponent("sendmail.sh").path
        try Data(
            """
            #!/bin/sh
            message=$(cat)
            case "$message" in *"To: fail"*) echo "fail: mailbox unavailable" >&2; exit 75;; esac
            printf '%s\\n' "$message" | grep '^Message-ID:' >> "\(received)"

            """.utf8
        ).write(to: URL(fileURLWithPath: script))
        chmod(script, 0o755)
        return (try Sendmail(commandLine: script), received)
    }

    private func writeIssue(_ store: StateStore, readers: [String]) throws {
        var messages: [BuiltMessage] = []
        for reader in readers {
            let id = "<\(reader)-\(UUID().uuidString)@test>"
            let file = folder.appendingPathComponent("\(reader).eml").path
            try Data("Message-ID: \(id)\r\nTo: \(reader)\r\nSubject: x\r\n\r\nhello\r\n".utf8)
                .write(to: URL(fileURLWithPath: file))
            messages.append(BuiltMessage(recipient: reader, messageID: id, file: file))
        }
        try store.recordIssue(
            IssueDraft(
                window: DateWindow(since: Day(iso: "2026-11-23")!, until: Day(iso: "2026-11-29")!), itemIDs: ["a"],
                messages: messages))
    }

    @Test func eachReaderOnceAndFailuresRetried() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore.open(at: folder.appendingPathComponent("digest.sqlite").path, messages: folder.path)
        try writeIssue(store, readers: ["a@x.org", "fail@x.org", "gone@x.org", "b@x.org"])
        try store.suppress("gone@x.org", reason: .unsubscribe)
        let (sendmail, received) = try fakeSendmail()
        let sender = IssueSender(store: store, transport: sendmail)

        let dry = try await offThePool { try sender.send(issue: 1, dryRun: true) }
        #expect(dry.wouldSend == 3)
        #expect(!FileManager.default.fileExists(atPath: received))

        let first = try await offThePool { try sender.send(issue: 1) }
        #expect(first.sent == 2)
        #expect(first.failed == 1)
        #expect(first.suppressed == 1)
        let deliveries = try store.deliveries(of: 1)
        #expect(deliveries.map(\.state) == [.sent, .failed, .suppressed, .sent])
        #expect(deliveries[1].lastAnswer?.contains("exited with status 75: fail: mailbox unavailable") == true)
        #expect(try store.issue(1)?.status == .sending)

        let again = try await offThePool { try sender.send(issue: 1) }
        #expect(again.sent == 0)
        #expect(again.failed == 1)
        #expect(again.alreadySent == 2)
        let lines = try String(contentsOfFile: received, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(Set(lines).count == 2)
        #expect(try store.attempts(of: deliveries[1].id).count == 2)
    }

    @Test func aKilledAttemptIsSentAgainAndSaidSo() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore.open(at: folder.appendingPathComponent("digest.sqlite").path, messages: folder.path)
        try writeIssue(store, readers: ["a@x.org", "b@x.org"])
        // As two runs killed while sendmail had the first message leave it: attempts, no outcome.
        _ = try store.beginAttempt(try store.deliveries(of: 1)[0].id, transport: "sendmail")
        _ = try store.beginAttempt(try store.deliveries(of: 1)[0].id, transport: "sendmail")
        let (sendmail, _) = try fakeSendmail()
        let events = LockedEvents()
        let report = try await offThePool {
            try IssueSender(store: store, transport: sendmail).send(issue: 1) { events.append($0) }
        }
        #expect(report.sent == 2)
        #expect(report.resent == 1)
        guard case .resent(let delivery, _, let unanswered) = events.all.first else {
            Issue.record("the first event is \(String(describing: events.all.first))")
            return
        }
        #expect(delivery.recipient == "a@x.org")
        #expect(unanswered == 2, "both killed attempts are counted")
        let duplicates = try store.possibleDuplicates(of: 1)
        #expect(duplicates.map(\.delivery.recipient) == ["a@x.org"])
        #expect(duplicates.map(\.unanswered) == [2])
        #expect(try store.issue(1)?.status == .sent)
    }

    @Test func aFileThatNoLongerHoldsItsMessageIsNotSent() async throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore.open(at: folder.appendingPathComponent("digest.sqlite").path, messages: folder.path)
        try writeIssue(store, readers: ["a@x.org"])
        try Data("Message-ID: <other@test>\r\nTo: a@x.org\r\n\r\nx\r\n".utf8)
            .write(to: folder.appendingPathComponent("a@x.org.eml"))
        let (sendmail, received) = try fakeSendmail()
        let report = try await offThePool { try IssueSender(store: store, transport: sendmail).send(issue: 1) }
        #expect(report.failed == 1)
        #expect(try store.deliveries(of: 1)[0].lastAnswer?.contains("no longer holds the message") == true)
        #expect(!FileManager.default.fileExists(atPath: received))
    }

    @Test func anUnknownIssueIsAnError() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore.open(at: folder.appendingPathComponent("digest.sqlite").path, messages: folder.path)
        let (sendmail, _) = try fakeSendmail()
        #expect(throws: DigestError.unknownIssue(7)) {
            try IssueSender(store: store, transport: sendmail).send(issue: 7)
        }
    }
}

/// Events collected from the sender's report callback.
private final class LockedEvents: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [IssueSender.Event] = []

    func append(_ event: IssueSender.Event) {
        lock.withLock { events.append(event) }
    }

    var all: [IssueSender.Event] { lock.withLock { events } }
}
