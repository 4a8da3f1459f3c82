import DigestTestSupport
import Foundation
import Testing

/// `digest send FILE... --smtp` and `digest send --test-to ADDRESS --smtp`, run as a user runs
/// them, against the test server that misbehaves on purpose (Tests/DigestSMTPTests/Servers):
/// what each prints, its exit status, and what `sent.log` and the server keep.
struct SMTPFileSendTests {
    private var binary: String {
        let beside = Bundle.main.bundleURL.appendingPathComponent("digest").path
        return FileManager.default.isExecutableFile(atPath: beside)
            ? beside : TestFiles.packageRoot.appendingPathComponent(".build/debug/digest").path
    }

    /// A message to `recipient` as a file `name` in `folder`.
    private func writeMessage(_ name: String, to recipient: String, in folder: URL) throws -> String {
        let file = folder.appendingPathComponent(name).path
        let text = """
            From: Digest test <news@digest.test>\r
            To: \(recipient)\r
            Subject: By hand\r
            Date: Tue, 01 Dec 2026 21:00:00 +0000\r
            Message-ID: <\(name)-\(UUID().uuidString)@digest.test>\r
            MIME-Version: 1.0\r
            Content-Type: text/plain; charset=utf-8\r
            \r
            .a line that starts with a dot\r

            """
        try text.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// A `digest.yml` in `folder` that names the server on loopback `port` in plain text
    /// (`tls: none-on-loopback`); its path.
    private func configuration(port: Int, in folder: URL) throws -> String {
        let file = folder.appendingPathComponent("digest.yml").path
        try "smtp:\n  host: 127.0.0.1\n  port: \(port)\n  tls: none-on-loopback\n".write(
            toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// The fault server, saving into `folder/server`; the recipients of what it took, sorted.
    private func startServer(in folder: URL) async throws -> (PythonServer, () throws -> [String]) {
        try #require(await PythonServer.pythonHas("asyncio"), "python3 is needed: run Scripts/setup --test")
        let saved = folder.appendingPathComponent("server").path
        try FileManager.default.createDirectory(atPath: saved, withIntermediateDirectories: true)
        let server = try await PythonServer.start("fault_server.py", [saved])
        let received = { () throws -> [String] in
            let names = try FileManager.default.contentsOfDirectory(atPath: saved).filter { $0.hasSuffix(".rcpt") }
            return try names.map { try String(contentsOfFile: saved + "/" + $0, encoding: .utf8) }.sorted()
        }
        return (server, received)
    }

    /// Each file's outcome printed and logged, status 1 because one was refused (with the
    /// suggestion to remove the address), and a rerun sends only what was not taken.
    @Test func filesByHandAreLoggedAndARerunSendsOnlyWhatWasNotTaken() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, received) = try await startServer(in: folder)
        defer { server.stop() }
        let good = try writeMessage("good.eml", to: "ok@example.com", in: folder)
        let refused = try writeMessage("refused.eml", to: "nouser@example.com", in: folder)
        let arguments = [
            "send", "--config", try configuration(port: server.port, in: folder), "--connections", "1", "--out",
            folder.path, good, refused,
        ]

        let first = try await runProcess(binary, arguments, directory: folder)
        #expect(first.status == 1, "\(first.stderr)")
        #expect(first.output.contains("sent \(good)\n"))
        #expect(first.output.contains("1 sent, 0 already sent before, 1 failed, 0 deferred, 0 possibly delivered."))
        #expect(
            first.stderr.contains(
                "error: \(refused): not sent: to nouser@example.com: 550 5.1.1 <nouser@example.com>: no such user here")
        )
        #expect(first.stderr.contains("the server says nouser@example.com does not exist"))
        let log = try String(contentsOfFile: folder.appendingPathComponent("sent.log").path, encoding: .utf8)
        let events = log.split(separator: "\n").map {
            $0.split(separator: "\t")[1] + " " + $0.split(separator: "\t")[3]
        }
        #expect(events == ["attempt good.eml", "sent good.eml", "attempt refused.eml", "failed refused.eml"])

        let second = try await runProcess(binary, arguments, directory: folder)
        #expect(second.status == 1)
        #expect(second.output.contains("0 sent, 1 already sent before, 1 failed, 0 deferred, 0 possibly delivered."))
        #expect(try received() == ["ok@example.com"], "the good message went once")
    }

    /// `--test-to` sends the latest message to that address only, logs a test line (never a
    /// delivery), and says why when the server refuses it. The server is named by a URL here,
    /// plain text on loopback said in its query (`?tls=none-on-loopback`).
    @Test func aTestSendGoesToTheTestAddressOnly() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let (server, received) = try await startServer(in: folder)
        defer { server.stop() }
        let out = folder.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        let message = try writeMessage("digest-2026-11-23-to-2026-11-29.eml", to: "readers@example.com", in: out)
        let smtp = ["--smtp", "smtp://127.0.0.1:\(server.port)?tls=none-on-loopback", "--out", out.path]

        let sent = try await runProcess(binary, ["send", "--test-to", "tester@example.com"] + smtp, directory: folder)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.output.contains("test: sent \(message) to tester@example.com (250 2.0.0 Ok: queued as F1)"))
        #expect(try received() == ["tester@example.com"])
        let log = try String(contentsOfFile: out.appendingPathComponent("sent.log").path, encoding: .utf8)
        #expect(log.split(separator: "\n").map { $0.split(separator: "\t")[1] } == ["test"])

        let refused = try await runProcess(
            binary, ["send", "--test-to", "nouser@example.com"] + smtp, directory: folder)
        #expect(refused.status == 1)
        #expect(
            refused.stderr.contains(
                "error: test to nouser@example.com not sent: 550 5.1.1 <nouser@example.com>: no such user here"))
        #expect(try received() == ["tester@example.com"])
    }
}
