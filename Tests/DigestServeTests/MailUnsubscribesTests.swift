import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// `digest unsubscribes`' library: which received messages are unsubscribe requests, and what
/// happens to each in a Maildir and an mbox.
struct MailUnsubscribesTests {
    let list = UnsubscribeAddress(links: ["https://x.example/u", "mailto:digest@example.org?subject=unsubscribe"])!

    func mail(from: String, to: String = "digest@example.org", subject: String = "unsubscribe", extra: String = "")
        -> [UInt8]
    {
        Array(
            "From: \(from)\r\nTo: \(to)\r\nSubject: \(subject)\r\n\(extra)Message-ID: <\(UUID())@test>\r\n\r\nPlease.\r\n"
                .utf8)
    }

    @Test func theMailtoLinkGivesTheAddressAndSubject() {
        #expect(list.address == "digest@example.org")
        #expect(list.subject == "unsubscribe")
        #expect(UnsubscribeAddress(links: ["mailto:Leave%40Example.org"])?.address == "leave@example.org")
        #expect(UnsubscribeAddress(links: ["mailto:leave@example.org"])?.subject == nil)
        #expect(UnsubscribeAddress(links: ["https://x.example/u"]) == nil)
    }

    @Test func classification() {
        #expect(
            UnsubscribeMail(mail(from: "Ana <Ana@Example.org>"), unsubscribe: list)
                == .request(sender: "ana@example.org"))
        #expect(
            UnsubscribeMail(mail(from: "ana@example.org", subject: "=?utf-8?q?Re:_unsubscribe?="), unsubscribe: list)
                == .request(sender: "ana@example.org"))
        guard case .other = UnsubscribeMail(mail(from: "ana@example.org", subject: "Thanks!"), unsubscribe: list) else {
            Issue.record("a reply is no request")
            return
        }
        guard case .other = UnsubscribeMail(mail(from: "ana@example.org", to: "someone@example.org"), unsubscribe: list)
        else {
            Issue.record("mail to another address is no request")
            return
        }
        guard
            case .other = UnsubscribeMail(mail(from: "ana@example.org", to: "notdigest@example.org"), unsubscribe: list)
        else {
            Issue.record("only the whole address counts")
            return
        }
        guard
            case .other = UnsubscribeMail(
                mail(from: "ana@example.org", extra: "Auto-Submitted: auto-replied\r\n"), unsubscribe: list)
        else {
            Issue.record("an automatic reply is no request")
            return
        }
        guard
            case .other = UnsubscribeMail(
                mail(
                    from: "ana@example.org",
                    extra: "Authentication-Results: mx.example; dmarc=fail header.from=example.org\r\n"),
                unsubscribe: list)
        else {
            Issue.record("a forged From is no request")
            return
        }
        guard case .malformed = UnsubscribeMail(Array("just some text\nwithout a header\n".utf8), unsubscribe: list)
        else {
            Issue.record("garbage is malformed")
            return
        }
        guard
            case .malformed = UnsubscribeMail(
                Array("To: digest@example.org\r\n\r\nno sender\r\n".utf8), unsubscribe: list)
        else {
            Issue.record("no From is malformed")
            return
        }
        guard
            case .malformed = UnsubscribeMail(
                Array(
                    "From: a@example.org, b@example.org\r\nTo: digest@example.org\r\nSubject: unsubscribe\r\n\r\n".utf8),
                unsubscribe: list)
        else {
            Issue.record("two senders are malformed")
            return
        }
    }

    @Test func aMaildirRunMovesHandledMailToDoneAndLeavesTheRest() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: folder.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try Data(mail(from: "Ana <ana@example.org>")).write(to: folder.appendingPathComponent("new/1.host"))
        try Data(mail(from: "stranger@example.net")).write(to: folder.appendingPathComponent("new/2.host"))
        try Data("garbage without header\n".utf8).write(to: folder.appendingPathComponent("cur/3.host:2,S"))
        let scratch = try ScratchStore()
        defer { scratch.remove() }
        let report = try await MailUnsubscribes(
            unsubscribe: list, subscribers: ["ana@example.org", "bob@example.org"], store: scratch.store
        ).run(.maildir(folder.path))
        #expect(report.handled.map(\.sender) == ["ana@example.org"])
        #expect(report.unknown.map(\.sender) == ["stranger@example.net"])
        #expect(report.malformed.map(\.place) == ["cur/3.host:2,S"])
        #expect(try await scratch.suppressed() == ["ana@example.org"])
        let done = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent(".done/cur").path)
        #expect(done == ["1.host:2,S"])
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("new").path) == ["2.host"]
        )
        // A second run finds nothing new to do.
        let again = try await MailUnsubscribes(
            unsubscribe: list, subscribers: ["ana@example.org"], store: scratch.store
        )
        .run(.maildir(folder.path))
        #expect(again.handled.isEmpty)
        #expect(again.unknown.count == 1 && again.malformed.count == 1)
    }

    @Test func anMboxRunMovesHandledMailToTheDoneFile() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("unsubscribe.mbox")
        var mbox: [UInt8] = []
        for sender in ["ana@example.org", "stranger@example.net", "bob@example.org"] {
            mbox += Array("From \(sender) Tue Dec  1 21:00:00 2026\n".utf8)
            mbox += mail(from: sender).filter { $0 != 13 } + [10]
        }
        try Data(mbox).write(to: file)
        let scratch = try ScratchStore()
        defer { scratch.remove() }
        let report = try await MailUnsubscribes(
            unsubscribe: list, subscribers: ["ana@example.org", "bob@example.org"], store: scratch.store
        ).run(.mbox(file.path))
        #expect(report.handled.map(\.sender) == ["ana@example.org", "bob@example.org"])
        #expect(try await scratch.suppressed() == ["ana@example.org", "bob@example.org"])
        #expect(report.unknown.map(\.place) == ["message 2 (line 9)"])
        let kept = try String(contentsOf: file, encoding: .utf8)
        #expect(kept.hasPrefix("From stranger@example.net "))
        #expect(!kept.contains("ana@example.org"))
        let done = try String(contentsOf: URL(fileURLWithPath: file.path + ".done"), encoding: .utf8)
        #expect(done.components(separatedBy: "\nFrom ").count == 2)
        #expect(done.contains("From: ana@example.org") && done.contains("From: bob@example.org"))
    }
}
