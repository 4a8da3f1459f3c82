import DigestCore
import DigestTestSupport
import Foundation
import Testing

@testable import DigestSMTP

#if canImport(Glibc)
    import Glibc
#endif

/// ``IssueSender`` with ``SMTPTransport`` and a real state file, against real servers on
/// loopback: Postfix's test smtpd (STARTTLS, pipelining), aiosmtpd (AUTH), and the server that
/// misbehaves on purpose. Each reader gets one message, each outcome lands in the store.
struct SMTPTransportTests {
    /// An issue of one message per reader in a scratch folder, with its state file.
    private struct TestIssue {
        let folder: TemporaryFolder
        let store: StateStore
        let run: String
        /// The readers, in send order, and their messages' ids.
        let readers: [String]
        let messageIDs: [String: String]

        init(readers names: [String]) throws {
            folder = try TemporaryFolder()
            let run = UUID().uuidString.prefix(8).lowercased()
            self.run = run
            store = try StateStore.open(at: folder.file("digest.sqlite"), messages: folder.path)
            readers = names.map { "\($0)-\(run)@example.com" }
            var built: [BuiltMessage] = []
            var ids: [String: String] = [:]
            for (number, reader) in readers.enumerated() {
                let message = TestMessage.make(run: run, number: number, to: reader)
                let file = folder.file("\(number).eml")
                try Data(message.data).write(to: URL(fileURLWithPath: file))
                built.append(BuiltMessage(recipient: reader, messageID: message.id, file: file))
                ids[reader] = message.id
            }
            try store.recordIssue(
                IssueDraft(
                    window: DateWindow(since: Day(iso: "2026-11-23")!, until: Day(iso: "2026-11-29")!),
                    itemIDs: ["a"], messages: built))
            messageIDs = ids
        }

        /// The reader whose address starts with `name`.
        func reader(_ name: String) -> String { "\(name)-\(run)@example.com" }

        /// The deliveries, by reader.
        func deliveries() throws -> [String: Delivery] {
            Dictionary(uniqueKeysWithValues: try store.deliveries(of: 1).map { ($0.recipient, $0) })
        }

        func send(_ transport: SMTPTransport) async throws -> IssueSender.Report {
            let store = self.store
            return try await offThePool { try IssueSender(store: store, transport: transport).send(issue: 1) }
        }
    }

    private var postfix: SMTPServer { TestSMTPD.server }

    private func requirePostfix() async throws {
        try await TestSMTPD.require()
    }

    /// Through Postfix's smtpd over STARTTLS on two connections: every reader once, each
    /// attempt recorded with Postfix's queue id; a second send sends nothing.
    @Test func postfixGetsEachReaderOnceAndARerunSendsNothing() async throws {
        try await requirePostfix()
        let issue = try TestIssue(readers: (0..<8).map { "reader\($0)" })
        defer { issue.folder.remove() }
        let transport = SMTPTransport(
            server: postfix, settings: .init(connections: 2), bounce: "bounces-\(issue.run)@digest.test", signer: nil)
        #expect(transport.name == "smtp://127.0.0.1:10587")

        let report = try await issue.send(transport)
        #expect(report.sent == 8)
        #expect(report.failed == 0)
        #expect(try issue.store.issue(1)?.status == .sent)
        for delivery in try issue.store.deliveries(of: 1) {
            #expect(delivery.state == .sent)
            let attempts = try issue.store.attempts(of: delivery.id)
            #expect(attempts.count == 1)
            #expect(attempts.first?.transport == "smtp://127.0.0.1:10587")
            #expect(attempts.first?.outcome == .sent)
            let answer = attempts.first?.answer ?? ""
            #expect(answer.hasPrefix("250 2.0.0 Ok: queued as "), "\(answer)")
        }

        let again = try await issue.send(transport)
        #expect(again.sent == 0)
        #expect(again.alreadySent == 8)
        for reader in issue.readers {
            let files = try await Postfix.delivered(messageID: issue.messageIDs[reader]!, count: 1)
            #expect(files.count == 1, "\(reader) should get one message")
            let head = try String(contentsOf: files[0], encoding: .utf8).prefix(2000)
            #expect(head.contains("X-Original-To: \(reader)\n"))
            #expect(head.hasPrefix("Return-Path: <bounces-\(issue.run)@digest.test>\n"))
        }
    }

    /// A server that ends each connection after three messages (421), defers one reader
    /// once, defers another always, refuses a third (550 5.1.1) and drops the connection after
    /// a fourth's data: the first two are sent (reconnecting, retrying), the others recorded
    /// with the server's words, the dropped one left in flight; a rerun resends none of the
    /// sent ones.
    @Test func faultsEndInTheStoreAsTheyShould() async throws {
        try #require(await pythonHas("asyncio"), "python3 is needed: run Scripts/setup --test")
        let issue = try TestIssue(readers: (0..<8).map { "ok\($0)" } + ["once", "defer", "nouser", "drop"])
        defer { issue.folder.remove() }
        let saved = issue.folder.file("server")
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        let server = try await PythonServer.start("fault_server.py", [saved, "3"])
        defer { server.stop() }
        let transport = SMTPTransport(
            server: SMTPServer(host: "127.0.0.1", port: server.port, security: .none, timeout: .seconds(20)),
            settings: .init(connections: 2, attempts: 3, backoff: .milliseconds(50)), bounce: nil, signer: nil)

        let report = try await issue.send(transport)
        #expect(report.sent == 9)
        #expect(report.failed == 3)
        let deliveries = try issue.deliveries()
        for name in (0..<8).map({ "ok\($0)" }) + ["once"] {
            let delivery = try #require(deliveries[issue.reader(name)])
            #expect(delivery.state == .sent, "\(name): \(delivery.lastAnswer ?? "")")
            #expect(delivery.lastAnswer?.hasPrefix("250 2.0.0 Ok: queued as F") == true)
            #expect(try issue.store.attempts(of: delivery.id).count == 1)
        }
        let deferred = try #require(deliveries[issue.reader("defer")])
        #expect(deferred.state == .failed)
        #expect(
            deferred.lastAnswer
                == "451 4.3.0 <\(issue.reader("defer"))>: try again later (tried 3 times); the next digest send tries again"
        )
        let refused = try #require(deliveries[issue.reader("nouser")])
        #expect(refused.state == .failed)
        #expect(refused.lastAnswer == "550 5.1.1 <\(issue.reader("nouser"))>: no such user here")
        let dropped = try #require(deliveries[issue.reader("drop")])
        #expect(dropped.state == .inFlight, "the server may have it: the next send says it may be twice")
        #expect(dropped.lastAnswer?.contains("after the whole message was sent") == true, "\(dropped.lastAnswer ?? "")")
        let droppedAttempt = try #require(try issue.store.attempts(of: dropped.id).first)
        #expect(droppedAttempt.finishedAt != nil && droppedAttempt.outcome == nil)

        let again = try await issue.send(transport)
        #expect(again.sent == 0)
        #expect(again.alreadySent == 9)
        #expect(again.failed == 3)
        let files = try FileManager.default.contentsOfDirectory(atPath: saved).filter { $0.hasSuffix(".rcpt") }
        let received = try files.map { try String(contentsOfFile: saved + "/" + $0, encoding: .utf8) }.sorted()
        #expect(received == ((0..<8).map { issue.reader("ok\($0)") } + [issue.reader("once")]).sorted())
    }

    /// aiosmtpd with AUTH over STARTTLS: a wrong password stops the send before any attempt,
    /// with the server's reply; the right one sends, each answer naming the queue id.
    @Test(arguments: ["PLAIN", "LOGIN"])
    func aRefusedPasswordStopsTheSendBeforeAnything(mechanism: String) async throws {
        try #require(await pythonHas("aiosmtpd"), "python3 with aiosmtpd is needed: run Scripts/setup --test")
        let issue = try TestIssue(readers: ["first", "second"])
        defer { issue.folder.remove() }
        let folder = issue.folder
        let (server, started) = try await AuthServer.start(in: folder, mechanism: mechanism)
        defer { server.stop() }
        var relay = started

        let wrong = SMTPTransport(server: relay, settings: .init(connections: 2), bounce: nil, signer: nil)
        do {
            _ = try await issue.send(wrong)
            Issue.record("a wrong password was accepted")
        } catch let error as DigestError {
            guard case .transportUnusable(let transport, let reason) = error else {
                Issue.record("expected transportUnusable, got \(error)")
                return
            }
            #expect(transport == "smtp://127.0.0.1:\(server.port)")
            #expect(reason.contains("refused the password for editor: 535"), "\(reason)")
        }
        for delivery in try issue.store.deliveries(of: 1) {
            #expect(delivery.state == .pending)
            #expect(try issue.store.attempts(of: delivery.id).isEmpty)
        }

        relay.password = "right horse"
        let right = SMTPTransport(server: relay, settings: .init(connections: 1), bounce: nil, signer: nil)
        let report = try await issue.send(right)
        #expect(report.sent == 2)
        let answers = try issue.store.deliveries(of: 1).map(\.lastAnswer)
        #expect(answers == ["250 2.0.0 Ok: queued as A1", "250 2.0.0 Ok: queued as A2"])
    }

    /// A certificate that does not verify stops the send at once: no attempt, one error.
    @Test func anUnverifiedCertificateStopsTheSend() async throws {
        try await requirePostfix()
        let issue = try TestIssue(readers: ["tls"])
        defer { issue.folder.remove() }
        var server = postfix
        server.caFile = nil
        let transport = SMTPTransport(server: server, settings: .init(), bounce: nil, signer: nil)
        await #expect {
            _ = try await issue.send(transport)
        } throws: { error in
            guard case .transportUnusable(_, let reason) = error as? DigestError else { return false }
            return reason.hasPrefix("TLS with 127.0.0.1:10587 failed")
        }
        #expect(try issue.store.attempts(of: try issue.store.deliveries(of: 1)[0].id).isEmpty)
    }

    /// Nothing listening: every try fails to connect, then the send stops with one error
    /// saying how often it tried.
    @Test func aRelayThatCannotBeReachedStopsTheSend() async throws {
        let issue = try TestIssue(readers: ["a", "b", "c"])
        defer { issue.folder.remove() }
        let port = try freePort()
        let transport = SMTPTransport(
            server: SMTPServer(host: "127.0.0.1", port: port, security: .none, timeout: .seconds(10)),
            settings: .init(connections: 2, attempts: 2, backoff: .milliseconds(20)), bounce: nil, signer: nil)
        await #expect {
            _ = try await issue.send(transport)
        } throws: { error in
            guard case .transportUnusable(_, let reason) = error as? DigestError else { return false }
            return reason.hasPrefix("cannot connect to 127.0.0.1:\(port)") && reason.hasSuffix("(tried 2 times)")
        }
        #expect(try issue.store.deliveries(of: 1).allSatisfy { $0.state == .pending })
    }

    /// `rate` holds over all connections: 6 messages at 10 a second take at least half a
    /// second, however many connections carry them.
    @Test func theRateHoldsOverAllConnections() async throws {
        try #require(await pythonHas("asyncio"), "python3 is needed: run Scripts/setup --test")
        let issue = try TestIssue(readers: (0..<6).map { "rate\($0)" })
        defer { issue.folder.remove() }
        let saved = issue.folder.file("server")
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        let server = try await PythonServer.start("fault_server.py", [saved])
        defer { server.stop() }
        let transport = SMTPTransport(
            server: SMTPServer(host: "127.0.0.1", port: server.port, security: .none, timeout: .seconds(20)),
            settings: .init(connections: 3, rate: 10), bounce: "bounces@digest.test", signer: nil)
        let start = Date()
        let report = try await issue.send(transport)
        #expect(report.sent == 6)
        #expect(Date().timeIntervalSince(start) >= 0.45)
    }

    /// SIZE declares the message as it goes out (RFC 1870: CRLF line ends, without the doubled
    /// dots), not as the file holds it: a file with bare LFs grows by a CR a line on the way.
    @Test func sizeDeclaresTheMessageWithItsCRLFLineEnds() async throws {
        try #require(await pythonHas("asyncio"), "python3 is needed: run Scripts/setup --test")
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        let server = try await PythonServer.start("fault_server.py", [folder.path])
        defer { server.stop() }
        let transport = SMTPTransport(
            server: SMTPServer(host: "127.0.0.1", port: server.port, security: .none, timeout: .seconds(20)),
            settings: .init(connections: 1), bounce: "bounces@digest.test", signer: nil)
        let file = "From: a@digest.test\nTo: reader@example.com\nSubject: dots\n\n.one\n..two\nlast line"
        let message = SMTPMessage(
            id: "<size@digest.test>", sender: "bounces@digest.test", recipients: ["reader@example.com"],
            data: Array(file.utf8))
        let outcomes = try await offThePool { try transport.send(message) }
        transport.finish()
        guard case .sent = outcomes.first else {
            Issue.record("not sent: \(outcomes)")
            return
        }
        let received = try Data(contentsOf: URL(fileURLWithPath: folder.file("1.eml")))
        let declared = try String(contentsOfFile: folder.file("1.size"), encoding: .utf8)
        #expect(received == Data(file.replacingOccurrences(of: "\n", with: "\r\n").utf8 + [13, 10]))
        #expect(Int(declared) == received.count)
        #expect(received.count == file.utf8.count + 8)  // six LFs gain a CR, the last line a CRLF
    }

    /// An address that could smuggle a command into the envelope is refused, not sent.
    @Test func anAddressThatDoesNotFitTheEnvelopeIsRefused() {
        #expect(SMTPTransport.fitsEnvelope("reader@example.com"))
        #expect(!SMTPTransport.fitsEnvelope("reader@example.com>\r\nRCPT TO:<other@example.com"))
        #expect(!SMTPTransport.fitsEnvelope("no space@example.com"))
        #expect(!SMTPTransport.fitsEnvelope("nobody"))
    }
}

/// A loopback port nothing listens on (bound, then let go).
private func freePort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) { pointer in
        pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { socketAddress in
            bind(descriptor, socketAddress, length) == 0 && getsockname(descriptor, socketAddress, &length) == 0
        }
    }
    guard bound else { throw SMTPTestFailure("no free loopback port") }
    return Int(UInt16(bigEndian: address.sin_port))
}
