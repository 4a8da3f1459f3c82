import DigestTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `digest send --smtp` into Postfix's test smtpd (127.0.0.1:10587, STARTTLS with the
/// certificate Scripts/start-postfix made): per-reader messages once each, a rerun sends
/// nothing, and SIGKILL in the middle of a large run never loses or silently duplicates one.
struct SMTPSendTests {
    static let certificate = "/etc/postfix/digest-smtpd.crt"

    private var binary: String {
        let beside = Bundle.main.bundleURL.appendingPathComponent("digest").path
        return FileManager.default.isExecutableFile(atPath: beside)
            ? beside : TestFiles.packageRoot.appendingPathComponent(".build/debug/digest").path
    }

    private func requireSMTPD() async throws {
        try await Postfix.require()
        try #require(
            FileManager.default.fileExists(atPath: SMTPSendTests.certificate),
            "the test smtpd on 127.0.0.1:10587 is needed: run Scripts/setup --test")
    }

    /// Builds one personal message for each of `count` readers `smtp-<run>-<i>@example.com`;
    /// returns the folder that holds them.
    private func buildPersonal(_ count: Int, run: String, in folder: URL) async throws -> URL {
        var csv = "email,name,topics\n"
        for index in 0..<count { csv += "smtp-\(run)-\(index)@example.com,Reader \(index),\n" }
        let list = folder.appendingPathComponent("subscribers.csv")
        try csv.write(to: list, atomically: true, encoding: .utf8)
        let out = folder.appendingPathComponent("out")
        let result = try await runProcess(
            binary,
            [
                "--since", "2019-03-20", "--until", "2019-04-19", "--date", "2019-04-20", "--subscribers", list.path,
                "--out", out.path,
            ], directory: TestFiles.packageRoot)
        try #require(result.status == 0, "\(result.stderr)")
        return out.appendingPathComponent("2019-03-20-to-2019-04-19")
    }

    private func sendArguments(_ messages: URL) -> [String] {
        [
            "send", "--smtp", "smtp://127.0.0.1:10587", "--smtp-ca-file", SMTPSendTests.certificate,
            "--bounce", "bounces@digest.test", "--out", messages.deletingLastPathComponent().path,
        ]
    }

    /// How many times each reader of `run` got a message in the Maildir, waiting until every
    /// one of `count` has one (or a minute has passed).
    private func deliveries(run: String, count: Int) async throws -> [String: Int] {
        try await offThePool {
            let marker = "X-Original-To: smtp-\(run)-"
            var counts: [String: Int] = [:]
            let deadline = Date().addingTimeInterval(60)
            repeat {
                counts = [:]
                for sub in ["new", "cur"] {
                    let folder = Postfix.maildir + "/" + sub
                    for name in (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? [] {
                        guard let handle = FileHandle(forReadingAtPath: folder + "/" + name) else { continue }
                        let head = String(decoding: handle.readData(ofLength: 2048), as: UTF8.self)
                        try? handle.close()
                        guard let range = head.range(of: marker) else { continue }
                        let address = head[range.upperBound...].prefix { $0 != "\n" }
                        counts["smtp-\(run)-" + address, default: 0] += 1
                    }
                }
                if counts.count >= count { break }
                Thread.sleep(forTimeInterval: 0.5)
            } while Date() < deadline
            return counts
        }
    }

    @Test func sendsEachReaderOnceAndARerunNothing() async throws {
        try await requireSMTPD()
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = UUID().uuidString.prefix(8).lowercased()
        let messages = try await buildPersonal(12, run: String(run), in: folder)
        let first = try await runProcess(binary, sendArguments(messages), directory: folder)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.output.contains("Issue 1: 12 sent, 0 already sent before, 0 failed, 0 suppressed."))
        let second = try await runProcess(binary, sendArguments(messages), directory: folder)
        #expect(second.status == 0)
        #expect(second.output.contains("Issue 1: 0 sent, 12 already sent before"))
        let counts = try await deliveries(run: String(run), count: 12)
        #expect(counts.count == 12 && counts.values.allSatisfy { $0 == 1 }, "\(counts)")
    }

    @Test func aMissingPasswordIsAClearError() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let missing = try await runProcess(
            "/usr/bin/env",
            [
                "-u", "DIGEST_SMTP_PASSWORD", binary, "send", "--smtp", "smtp://editor@127.0.0.1:10587", "--out",
                folder.path, "x.eml",
            ],
            directory: folder)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("needs a password: set DIGEST_SMTP_PASSWORD or give --smtp-password-file"))
    }

    /// SIGKILL five times during a 2,000-message run, then a run to the end: every reader has
    /// exactly one message, plus one for each attempt the record (`digest status --issue 1`)
    /// says ended without an answer. A message in flight at two kills in a row is sent three
    /// times; the run that sent it the second time was killed before it could say so, so the
    /// runs' reports alone undercount, and the record is what the test holds the sends to.
    @Test func killedRunsNeverLoseOrSilentlyDuplicate() async throws {
        try await requireSMTPD()
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let run = String(UUID().uuidString.prefix(8).lowercased())
        let count = 2000
        let messages = try await buildPersonal(count, run: run, in: folder)
        var reportedAgain: [String: Int] = [:]
        for kill in 0..<5 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = sendArguments(messages)
            let errors = folder.appendingPathComponent("stderr-\(kill).txt")
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(400 + 150 * kill))
            Glibc.kill(process.processIdentifier, SIGKILL)
            try await offThePool { process.waitUntilExit() }
            countResends(in: try String(contentsOf: errors, encoding: .utf8), into: &reportedAgain)
        }
        let last = try await runProcess(binary, sendArguments(messages), directory: folder)
        #expect(last.status == 0, "\(last.stderr)")
        countResends(in: last.stderr, into: &reportedAgain)
        let counts = try await deliveries(run: run, count: count)
        #expect(counts.count == count, "every reader has a message")
        let status = try await runProcess(
            binary, ["status", "--out", messages.deletingLastPathComponent().path, "--issue", "1"], directory: folder)
        #expect(status.status == 0, "\(status.stderr)")
        let record = possibleCopies(inStatus: status.output)
        for (address, times) in counts where times != 1 {
            let allowed = record[address, default: 1]
            #expect(times <= allowed, "\(address) got \(times) messages; digest status --issue 1 says \(allowed)")
        }
        for (address, reports) in reportedAgain {
            #expect(record[address, default: 1] > reports, "\(address)'s \(reports) reported resends are in the record")
        }
    }

}
