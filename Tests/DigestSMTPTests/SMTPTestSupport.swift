import DigestSMTP
import DigestTestSupport
import Foundation
import Testing

/// The test smtpd that Scripts/start-postfix configures (STARTTLS, PIPELINING) on
/// 127.0.0.1:10587, and its self-signed certificate.
enum TestSMTPD {
    static let port = 10587
    static let certificate = "/etc/postfix/digest-smtpd.crt"

    /// The server, trusting its certificate.
    static var server: SMTPServer {
        SMTPServer(host: "127.0.0.1", port: port, security: .startTLS, caFile: certificate, timeout: .seconds(30))
    }

    /// Fails the test, saying what to run, when Postfix or the test smtpd is missing.
    static func require() async throws {
        try await Postfix.require()
        try #require(
            FileManager.default.fileExists(atPath: certificate),
            "the test smtpd on 127.0.0.1:10587 is needed: run Scripts/setup --test")
    }
}

/// A temporary folder, removed by `remove()`.
struct TemporaryFolder {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "digest-smtp-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Test messages: unique ids and addresses, a body with lines that start with dots.
enum TestMessage {
    static func make(
        run: String, number: Int, to recipient: String, cc: String? = nil, from sender: String = "news@digest.test"
    ) -> SMTPMessage {
        let id = "<smtp-\(run)-\(number)@digest.test>"
        let text = """
            From: Digest test <\(sender)>\r
            To: \(recipient)\r\(cc.map { "\nCc: \($0)\r" } ?? "")
            Subject: SMTP test \(run) number \(number)\r
            Date: Tue, 01 Dec 2026 21:00:00 +0000\r
            Message-ID: \(id)\r
            List-Id: Digest test <test.digest.test>\r
            List-Unsubscribe: <https://digest.test/unsubscribe/\(number)>\r
            List-Unsubscribe-Post: List-Unsubscribe=One-Click\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            Content-Transfer-Encoding: 8bit\r
            \r
            Hello number \(number), caf\u{e9} \u{2014} here is the digest.\r
            .a line that starts with a dot\r
            ..two dots\r
            .\r
            and  double  spaces, a tab\there, trailing space \r
            \r
            \r

            """
        return SMTPMessage(
            id: id, sender: sender, recipients: [recipient] + (cc.map { [$0] } ?? []), data: Array(text.utf8))
    }
}

/// aiosmtpd with STARTTLS required and AUTH PLAIN/LOGIN for `editor` / `right horse`, on a
/// certificate made in `folder`, saving each message it takes as `folder/inbox/N.eml`.
enum AuthServer {
    /// Starts the server; it and the relay that reaches it, with the wrong password and only
    /// `mechanism` allowed.
    static func start(in folder: TemporaryFolder, mechanism: String) async throws -> (PythonServer, SMTPServer) {
        try await openssl([
            "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=localhost",
            "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1",
            "-keyout", folder.file("key.pem"), "-out", folder.file("cert.pem"),
        ])
        try FileManager.default.createDirectory(atPath: folder.file("inbox"), withIntermediateDirectories: true)
        let server = try await PythonServer.start(
            "auth_server.py",
            [folder.file("inbox"), folder.file("cert.pem"), folder.file("key.pem"), "editor", "right horse"])
        var relay = SMTPServer(
            host: "127.0.0.1", port: server.port, security: .startTLS, user: "editor", password: "wrong horse",
            caFile: folder.file("cert.pem"), timeout: .seconds(20))
        relay.authMechanisms = [mechanism]
        return (server, relay)
    }
}

/// Whether Python has the modules the SMTP tests use.
func pythonHas(_ modules: String) async -> Bool {
    await PythonServer.pythonHas(modules)
}

/// Runs `openssl` with `arguments` in `folder`.
func openssl(_ arguments: [String]) async throws {
    let result = try await runProcess("/usr/bin/openssl", arguments)
    guard result.status == 0 else { throw SMTPTestFailure("openssl failed: \(result.stderr)") }
}

/// A step of a test's setup that failed, in a sentence.
struct SMTPTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
