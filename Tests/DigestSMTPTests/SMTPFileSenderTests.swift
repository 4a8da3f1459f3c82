import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestSMTP

/// `digest send FILE... --smtp`: ``SMTPFileSender`` over ``SMTPTransport`` with the folder's
/// `sent.log`, against real servers on loopback: Postfix's smtpd (STARTTLS, PIPELINING),
/// aiosmtpd (AUTH over STARTTLS), and a server that misbehaves on purpose.
struct SMTPFileSenderTests {
    /// Writes `messages` as `N.eml` into `folder`; their paths, in order.
    private func write(_ messages: [SMTPMessage], into folder: TemporaryFolder) throws -> [String] {
        try messages.enumerated().map { number, message in
            let file = folder.file("\(number).eml")
            try Data(message.data).write(to: URL(fileURLWithPath: file))
            return file
        }
    }

    /// Sends `files` over `transport` with the send log of `folder` (closed again after).
    private func send(_ files: [String], folder: TemporaryFolder, transport: SMTPTransport) async throws
        -> [SMTPFileSender.Outcome]
    {
        try await offThePool {
            let log = try SendLog(folder: folder.path)
            return try SMTPFileSender(transport: transport).send(files: files, log: log) { _, _ in }
        }
    }

    /// What the send log of `folder` says of `id`.
    private func logged(_ id: String, folder: TemporaryFolder) throws -> SendLog.State {
        try SendLog(folder: folder.path).state(of: id)
    }

    /// Messages go through STARTTLS and pipelining into the Maildir unchanged below the DKIM
    /// signature (both algorithms still valid after the round trip), once for each address of
    /// To and Cc, the bounce address as Return-Path; the log says sent, and a rerun sends none.
    @Test func postfixDeliversByteIdenticalSignedMessages() async throws {
        try await TestSMTPD.require()
        try #require(
            await pythonHas("dkim, nacl"), "python3 with dkimpy and pynacl is needed: run Scripts/setup --test")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rsa = try await DKIMTests.makeKey(.rsa, in: folder)
        let ed25519 = try await DKIMTests.makeKey(.ed25519, in: folder)
        let run = UUID().uuidString.prefix(8).lowercased()
        let signers = [
            DKIMSigner(domain: "digest.test", selector: "rsa", key: rsa),
            DKIMSigner(domain: "digest.test", selector: "ed", key: ed25519),
        ]
        for (index, signer) in signers.enumerated() {
            let messages = (0..<3).map { number in
                TestMessage.make(
                    run: "\(run)-\(index)", number: number, to: "reader-\(run)-\(index)-\(number)@example.com",
                    cc: number == 0 ? "copy-\(run)-\(index)@example.com" : nil)
            }
            let files = try write(messages, into: folder)
            let transport = SMTPTransport(
                server: TestSMTPD.server, settings: .init(connections: 2), bounce: "bounces-\(run)@digest.test",
                signer: signer)
            let outcomes = try await send(files, folder: folder, transport: transport)
            for (message, outcome) in zip(messages, outcomes) {
                guard case .sent(let queueID) = outcome else {
                    Issue.record("\(message.id): \(outcome)")
                    continue
                }
                #expect(queueID.contains("queued as"))
                #expect(try logged(message.id, folder: folder) == .sent)
            }
            var paths: [String] = []
            for message in messages {
                let delivered = try await Postfix.delivered(messageID: message.id, count: message.recipients.count)
                try #require(delivered.count == message.recipients.count, "\(message.id): one per recipient")
                var originalTo: [String] = []
                for file in delivered {
                    let bytes = try [UInt8](Data(contentsOf: file))
                    let sent = Array(
                        String(decoding: message.data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8
                    )
                    #expect(
                        bytes.count > sent.count && Array(bytes.suffix(sent.count)) == sent, "\(message.id) changed")
                    let head = String(decoding: bytes.prefix(bytes.count - sent.count), as: UTF8.self)
                    #expect(head.hasPrefix("Return-Path: <bounces-\(run)@digest.test>\n"))
                    #expect(head.contains("with ESMTPS"), "the Received line should say TLS was used (ESMTPS)")
                    #expect(head.contains("DKIM-Signature: v=1; a=\(signer.key.algorithm);"))
                    if let line = head.split(separator: "\n").first(where: { $0.hasPrefix("X-Original-To: ") }) {
                        originalTo.append(String(line.dropFirst("X-Original-To: ".count)))
                    }
                    paths.append(file.path)
                }
                #expect(originalTo.sorted() == message.recipients.sorted(), "envelope recipients are To and Cc")
            }
            let verdicts = try await DKIMTests.verify(paths, signer: signer)
            #expect(verdicts.allSatisfy { $0 }, "\(signer.key.algorithm) after Postfix: \(verdicts)")
            let again = try await send(files, folder: folder, transport: transport)
            #expect(again == Array(repeating: .alreadySent, count: files.count))
        }
    }

    /// aiosmtpd with STARTTLS required and AUTH PLAIN and LOGIN: a wrong password stops the run
    /// with the server's reply and logs no attempt; the right one sends the bytes unchanged.
    @Test(arguments: ["PLAIN", "LOGIN"])
    func authenticatedSubmission(mechanism: String) async throws {
        try #require(await pythonHas("aiosmtpd"), "python3 with aiosmtpd is needed: run Scripts/setup --test")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let (server, started) = try await AuthServer.start(in: folder, mechanism: mechanism)
        defer { server.stop() }
        var relay = started
        let message = TestMessage.make(run: "auth", number: 1, to: "reader@example.com")
        let files = try write([message], into: folder)

        let wrong = SMTPTransport(server: relay, settings: .init(connections: 1), bounce: nil, signer: nil)
        await #expect {
            _ = try await send(files, folder: folder, transport: wrong)
        } throws: { error in
            guard case .transportUnusable(_, let reason) = error as? DigestError else { return false }
            return reason.contains("refused the password for editor: 535")
        }
        #expect(try logged(message.id, folder: folder) == .unsent, "no attempt is logged")

        relay.password = "right horse"
        let right = SMTPTransport(server: relay, settings: .init(connections: 1), bounce: nil, signer: nil)
        let outcomes = try await send(files, folder: folder, transport: right)
        #expect(outcomes == [.sent(queueID: "250 2.0.0 Ok: queued as A1")])
        let saved = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.file("inbox/1.eml"))))
        #expect(saved == message.data)
    }

    /// 421 in the middle of a session, 451 to one recipient, 550 5.1.1 to another (alone, and
    /// beside a good one in the same message), a connection closed after the data, a server gone
    /// silent: each file ends as it should, in the log too, and the good ones are all delivered
    /// exactly once; a rerun sends none of them again.
    @Test func faultsEndInTheRightOutcome() async throws {
        try #require(await pythonHas("asyncio"), "python3 is needed: run Scripts/setup --test")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let saved = folder.file("server")
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        let server = try await PythonServer.start("fault_server.py", [saved, "3"])
        defer { server.stop() }
        let transport = SMTPTransport(
            server: SMTPServer(host: "127.0.0.1", port: server.port, security: .none, timeout: .seconds(2)),
            settings: .init(connections: 2, attempts: 2, backoff: .milliseconds(50)), bounce: nil, signer: nil)
        let good = (0..<10).map { "ok\($0)@example.com" }
        var messages = good.enumerated().map { TestMessage.make(run: "fault", number: $0, to: $1) }
        messages += [
            TestMessage.make(run: "fault", number: 10, to: "defer@example.com"),
            TestMessage.make(run: "fault", number: 11, to: "nouser@example.com"),
            TestMessage.make(run: "fault", number: 12, to: "drop@example.com"),
            TestMessage.make(run: "fault", number: 13, to: "silent@example.com"),
            TestMessage.make(run: "fault", number: 14, to: "ok-mixed@example.com", cc: "nouser-mixed@example.com"),
        ]
        let files = try write(messages, into: folder)
        let outcomes = try await send(files, folder: folder, transport: transport)

        for (index, outcome) in outcomes.prefix(10).enumerated() {
            guard case .sent(let queueID) = outcome else {
                Issue.record("\(good[index]): \(outcome)")
                continue
            }
            #expect(queueID.hasPrefix("250 2.0.0 Ok: queued as F"))
            #expect(try logged(messages[index].id, folder: folder) == .sent)
        }
        #expect(
            outcomes[10]
                == .deferred(
                    reason: "to defer@example.com: 451 4.3.0 <defer@example.com>: try again later (tried 2 times)"))
        #expect(
            outcomes[11]
                == .failed(
                    reason: "to nouser@example.com: 550 5.1.1 <nouser@example.com>: no such user here",
                    suppress: ["nouser@example.com"]))
        for index in [12, 13] {
            guard case .possiblyDelivered(let reason) = outcomes[index] else {
                Issue.record("\(messages[index].recipients): \(outcomes[index])")
                continue
            }
            #expect(reason.contains("after the whole message was sent"), "\(reason)")
            guard case .failed(let logged) = try logged(messages[index].id, folder: folder) else {
                Issue.record("\(messages[index].id) is not logged as failed")
                continue
            }
            #expect(logged.hasPrefix("possibly delivered: "))
        }
        #expect(
            outcomes[14]
                == .failed(
                    reason: "to nouser-mixed@example.com: 550 5.1.1 <nouser-mixed@example.com>: no such user here",
                    suppress: ["nouser-mixed@example.com"]))
        let received = { () throws -> [String] in
            let names = try FileManager.default.contentsOfDirectory(atPath: saved).filter { $0.hasSuffix(".rcpt") }
            return try names.map { try String(contentsOfFile: saved + "/" + $0, encoding: .utf8) }.sorted()
        }
        #expect(try received() == (good + ["ok-mixed@example.com"]).sorted(), "each good recipient exactly once")

        let again = try await send(Array(files.prefix(10)), folder: folder, transport: transport)
        #expect(again == Array(repeating: .alreadySent, count: 10))
        #expect(try received().count == 11)
    }

    @Test func addressListsSplitOutsideQuotesAndBrackets() throws {
        #expect(
            SMTPFileSender.splitAddressList(#"a@example.com, "Doe, Jane" <jane@example.com>, <b,c@example.com>"#)
                == ["a@example.com", #" "Doe, Jane" <jane@example.com>"#, " <b,c@example.com>"])
        let message = TestMessage.make(run: "split", number: 1, to: "a@example.com", cc: "b@example.com")
        #expect(try SMTPFileSender.recipients(of: message.data) == ["a@example.com", "b@example.com"])
    }
}
