import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestSMTP

/// The client against real servers on loopback: Postfix's smtpd (STARTTLS, PIPELINING),
/// aiosmtpd (AUTH over STARTTLS), and a server that misbehaves on purpose.
struct SMTPServerTests {
    /// The test smtpd that Scripts/start-postfix configures, and its self-signed certificate.
    static let postfixPort = 10587
    static let postfixCertificate = "/etc/postfix/digest-smtpd.crt"

    private func requirePostfix() async throws {
        try await Postfix.require()
        try #require(
            FileManager.default.fileExists(atPath: SMTPServerTests.postfixCertificate),
            "the test smtpd on 127.0.0.1:10587 is needed: run Scripts/setup --test")
    }

    private func requirePython(_ modules: String) async throws {
        try #require(await pythonHas(modules), "python3 with \(modules) is needed: run Scripts/setup --test")
    }

    private var postfix: SMTPServer {
        SMTPServer(
            host: "127.0.0.1", port: SMTPServerTests.postfixPort, security: .startTLS,
            caFile: SMTPServerTests.postfixCertificate, timeout: .seconds(20))
    }

    /// Messages go through STARTTLS and pipelining into the Maildir unchanged, envelope
    /// recipient equal to To, the sender as Return-Path, DKIM signatures (both algorithms)
    /// still valid after the round trip.
    @Test func postfixDeliversByteIdenticalSignedMessages() async throws {
        try await requirePostfix()
        try await requirePython("dkim, nacl")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let rsa = try await DKIMTests.makeKey(.rsa, in: folder)
        let ed25519 = try await DKIMTests.makeKey(.ed25519, in: folder)
        let run = UUID().uuidString.prefix(8).lowercased()
        let signers = [
            DKIMSigner(domain: "digest.test", selector: "rsa", key: rsa),
            DKIMSigner(domain: "digest.test", selector: "ed", key: ed25519),
        ]
        let messages = try (0..<6).map { number in
            let plain = TestMessage.make(run: run, number: number, to: "reader-\(run)-\(number)@example.com")
            let signed = try signers[number % 2].sign(plain.data, time: 1_764_600_000)
            return SMTPMessage(
                id: plain.id, sender: "bounces-\(run)@digest.test", recipients: plain.recipients, data: signed)
        }
        let recorder = CollectingRecorder()
        try await SMTPDelivery(server: postfix, settings: .init(connections: 2)).deliver(
            count: messages.count, message: { messages[$0] }, recorder: recorder)
        #expect(recorder.attempts.count == 6)
        for message in messages {
            guard case .sent(let queueID) = recorder.outcomes[message.recipients[0]] else {
                Issue.record(
                    "\(message.recipients[0]): \(String(describing: recorder.outcomes[message.recipients[0]]))")
                continue
            }
            #expect(queueID.contains("queued as"))
        }
        var deliveredFiles: [(SMTPMessage, String)] = []
        for message in messages {
            let id = message.id
            let files = try await Postfix.delivered(messageID: id, count: 1)
            try #require(files.count == 1, "\(id) should be delivered once")
            let delivered = try [UInt8](Data(contentsOf: files[0]))
            let sent = Array(
                String(decoding: message.data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n").utf8)
            #expect(delivered.count > sent.count && Array(delivered.suffix(sent.count)) == sent, "\(id) changed")
            let head = String(decoding: delivered.prefix(delivered.count - sent.count), as: UTF8.self)
            #expect(head.contains("X-Original-To: \(message.recipients[0])\n"))
            #expect(head.hasPrefix("Return-Path: <bounces-\(run)@digest.test>\n"))
            #expect(head.contains("with ESMTPS"), "the Received line should say TLS was used (ESMTPS)")
            deliveredFiles.append((message, files[0].path))
        }
        for (index, signer) in signers.enumerated() {
            let paths = deliveredFiles.enumerated().filter { $0.offset % 2 == index }.map(\.element.1)
            let verdicts = try await DKIMTests.verify(paths, signer: signer)
            #expect(verdicts.allSatisfy { $0 }, "\(signer.key.algorithm) after Postfix: \(verdicts)")
        }
    }

    /// Without the test's CA file the self-signed certificate does not verify against the
    /// system's trust store: nothing is sent.
    @Test func unverifiedCertificateStopsTheRun() async throws {
        try await requirePostfix()
        var server = postfix
        server.caFile = nil
        let recorder = CollectingRecorder()
        do {
            try await SMTPDelivery(server: server).deliver(
                count: 1, message: { _ in TestMessage.make(run: "tls", number: 1, to: "nobody-tls@example.com") },
                recorder: recorder)
            Issue.record("an unverified certificate was accepted")
        } catch let error as SMTPError {
            guard case .tls = error else {
                Issue.record("expected a TLS error, got \(error)")
                return
            }
            #expect(!error.isTransient)
        }
        #expect(recorder.messageCount == 0)
    }

    /// aiosmtpd with STARTTLS required and AUTH PLAIN and LOGIN: the right password sends,
    /// a wrong one is an error naming the server's reply and nothing is recorded as sent.
    @Test(arguments: ["PLAIN", "LOGIN"])
    func authenticatedSubmission(mechanism: String) async throws {
        try await requirePython("aiosmtpd")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        try await openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", folder.file("key.pem"), "-out", folder.file("cert.pem"),
        ])
        let inbox = folder.file("inbox")
        try FileManager.default.createDirectory(atPath: inbox, withIntermediateDirectories: true)
        let server = try await PythonServer.start(
            "auth_server.py", [inbox, folder.file("cert.pem"), folder.file("key.pem"), "editor", "right horse"])
        defer { server.stop() }
        var relay = SMTPServer(
            host: "127.0.0.1", port: server.port, security: .startTLS, user: "editor", password: "wrong horse",
            caFile: folder.file("cert.pem"), timeout: .seconds(10))
        relay.authMechanisms = [mechanism]
        let message = TestMessage.make(run: "auth", number: 1, to: "reader@example.com")

        let refused = CollectingRecorder()
        do {
            try await SMTPDelivery(server: relay).deliver(count: 1, message: { _ in message }, recorder: refused)
            Issue.record("a wrong password was accepted")
        } catch let error as SMTPError {
            #expect(error.description.contains("refused the password for editor: 535"), "\(error)")
        }
        #expect(refused.messageCount == 0)

        relay.password = "right horse"
        let accepted = CollectingRecorder()
        try await SMTPDelivery(server: relay).deliver(count: 1, message: { _ in message }, recorder: accepted)
        #expect(accepted.outcomes["reader@example.com"] == .sent(queueID: "250 2.0.0 Ok: queued as A1"))
        let saved = try [UInt8](Data(contentsOf: URL(fileURLWithPath: inbox + "/1.eml")))
        #expect(saved == message.data)
    }

    /// 421 in the middle of a session, 451 to one recipient, 550 5.1.1 to another, a
    /// connection closed after the data, a server gone silent: each ends as it should and
    /// the others are all delivered, exactly once.
    @Test func faultsEndInTheRightOutcome() async throws {
        try await requirePython("asyncio")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let server = try await PythonServer.start("fault_server.py", [folder.path, "3"])
        defer { server.stop() }
        let relay = SMTPServer(host: "127.0.0.1", port: server.port, security: .none, timeout: .seconds(2))
        let addresses =
            (0..<10).map { "ok\($0)@example.com" }
            + ["defer@example.com", "nouser@example.com", "drop@example.com", "silent@example.com"]
        let messages = addresses.enumerated().map { TestMessage.make(run: "fault", number: $0, to: $1) }
        let recorder = CollectingRecorder()
        try await SMTPDelivery(
            server: relay, settings: .init(connections: 2, attempts: 2, backoff: .milliseconds(50))
        ).deliver(count: messages.count, message: { messages[$0] }, recorder: recorder)

        let outcomes = recorder.outcomes
        #expect(recorder.messageCount == messages.count)
        for address in addresses.prefix(10) {
            guard case .sent(let queueID) = outcomes[address] else {
                Issue.record("\(address): \(String(describing: outcomes[address]))")
                continue
            }
            #expect(queueID.hasPrefix("250 2.0.0 Ok: queued as F"))
        }
        #expect(outcomes["defer@example.com"] == .deferred(reason: "451 4.3.0 <defer@example.com>: try again later"))
        #expect(
            outcomes["nouser@example.com"]
                == .failed(reply: "550 5.1.1 <nouser@example.com>: no such user here", suppress: true))
        guard case .possiblyDelivered = outcomes["drop@example.com"],
            case .possiblyDelivered = outcomes["silent@example.com"]
        else {
            Issue.record(
                "drop and silent: \(String(describing: outcomes["drop@example.com"])), \(String(describing: outcomes["silent@example.com"]))"
            )
            return
        }
        let saved = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".rcpt") }
        let received = try saved.map { try String(contentsOfFile: folder.file($0), encoding: .utf8) }.sorted()
        #expect(received == addresses.prefix(10).sorted(), "each good message exactly once")
    }
}
