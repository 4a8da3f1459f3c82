import DigestTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Delivery through a real sendmail (Postfix, local only) and `digest send`'s exactly-once log.
@Suite(.serialized)
struct DeliveryTests {
    private var binary: String {
        let beside = Bundle.main.bundleURL.appendingPathComponent("digest").path
        return FileManager.default.isExecutableFile(atPath: beside)
            ? beside : TestFiles.packageRoot.appendingPathComponent(".build/debug/digest").path
    }

    private func digest(_ arguments: [String]) async throws -> ProcessResult {
        try await runProcess(binary, arguments, directory: TestFiles.packageRoot)
    }

    /// The options that build the message for window `index` with a newsletter name unique to `run`.
    private func buildOptions(_ index: Int, run: String, to recipients: [String]) -> [String] {
        let until = "2019-04-\(String(format: "%02d", 20 + index))"
        return ["--since", "2019-03-20", "--until", until, "--date", until, "--name", "Delivery test \(run)"]
            + recipients.flatMap { ["--to", $0] }
    }

    /// Builds `count` messages (one per window) into `folder`; returns their file names.
    private func buildMessages(
        _ count: Int, into folder: URL, to recipients: [String] = ["readers@example.org"],
        run: String = UUID().uuidString
    ) async throws -> [String] {
        for index in 0..<count {
            let result = try await digest(buildOptions(index, run: run, to: recipients) + ["--out", folder.path])
            try #require(result.status == 0, "\(result.stderr)")
        }
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".eml") }.sorted()
    }

    private func messageID(of file: URL) throws -> String {
        let text = try String(contentsOf: file, encoding: .utf8)
        let line = try #require(text.components(separatedBy: "\r\n").first { $0.hasPrefix("Message-ID: ") })
        return String(line.dropFirst("Message-ID: ".count))
    }

    /// A stand-in sendmail: stores its input in `deliveries`, waits `delay` seconds, exits `status`.
    private func fakeSendmail(in folder: URL) throws -> (script: String, deliveries: URL) {
        let deliveries = folder.appendingPathComponent("deliveries")
        try FileManager.default.createDirectory(at: deliveries, withIntermediateDirectories: true)
        let script = folder.appendingPathComponent("fake-sendmail")
        try """
        #!/bin/bash
        # usage: fake-sendmail DIR DELAY STATUS
        cat > "$1/$(date +%s%N).$$.eml"
        sleep "$2"
        exit "$3"
        """.write(to: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        return (script.path, deliveries)
    }

    private func deliveredIDs(_ deliveries: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: deliveries.path).map { name in
            let text = try String(contentsOf: deliveries.appendingPathComponent(name), encoding: .utf8)
            return text.components(separatedBy: "\n").first { $0.hasPrefix("Message-ID: ") }.map {
                String($0.dropFirst("Message-ID: ".count))
            } ?? "?"
        }
    }

    @Test func stdoutPipedIntoPostfixDeliversTheSameMessageToExactlyTheToRecipients() async throws {
        try await Postfix.require()
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let recipients = ["Ana Pérez <ana@example.org>", "\"Smith, Bob\" <bob@example.net>"]
        let run = UUID().uuidString
        let files = try await buildMessages(1, into: folder, to: recipients, run: run)
        let written = folder.appendingPathComponent(files[0])
        // The same message printed for the pipe, as in `digest … --stdout | sendmail -t -oi`.
        let printed = try await digest(buildOptions(0, run: run, to: recipients) + ["--stdout"])
        let file = try String(contentsOf: written, encoding: .utf8)
        #expect(printed.stdout == Data(file.replacingOccurrences(of: "\r\n", with: "\n").utf8))
        let piped = try await runProcess(Postfix.sendmail, ["-t", "-oi"], input: printed.stdout)
        #expect(piped.status == 0, "\(piped.stderr)")

        let id = try messageID(of: written)
        let delivered = try await Postfix.delivered(messageID: id, count: 2)
        #expect(delivered.count == 2, "one delivery per To recipient")
        let original = try await MailInspection.of(file: written.path)
        var envelopeRecipients: [String] = []
        for file in delivered {
            let got = try await MailInspection.of(file: file.path)
            #expect(got.defects.isEmpty, "\(got.defects)")
            #expect(got.parts?.map(\.text) == original.parts?.map(\.text), "same decoded bodies")
            for header in original.headers ?? [] {
                #expect(got.values(header[0]) == [header[1]], "same \(header[0])")
            }
            envelopeRecipients += got.values("X-Original-To")
            #expect(got.values("Bcc").isEmpty)
        }
        #expect(
            Set(envelopeRecipients) == ["ana@example.org", "bob@example.net"],
            "envelope recipients are the To addresses")
    }

    @Test func sendHandsEachMessageToSendmailOnceAndARerunSendsNothing() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try await buildMessages(3, into: folder)
        let fake = try fakeSendmail(in: folder)
        let first = try await digest([
            "send", "--out", folder.path, "--sendmail", "\(fake.script) \(fake.deliveries.path) 0 0",
        ])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.output.contains("3 sent, 0 already sent before, 0 failed."))
        let second = try await digest([
            "send", "--out", folder.path, "--sendmail", "\(fake.script) \(fake.deliveries.path) 0 0",
        ])
        #expect(second.output.contains("0 sent, 3 already sent before, 0 failed."))
        let ids = try files.map { try messageID(of: folder.appendingPathComponent($0)) }
        #expect(try deliveredIDs(fake.deliveries).sorted() == ids.sorted())
        let delivered = try FileManager.default.contentsOfDirectory(atPath: fake.deliveries.path)
        let oneDelivery = try Data(contentsOf: fake.deliveries.appendingPathComponent(delivered[0]))
        #expect(!oneDelivery.contains(13), "sendmail gets LF line endings")
        let log = try String(contentsOf: folder.appendingPathComponent("sent.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "\tsent\t").count - 1 == 3)
    }

    @Test func failingHangingAndMissingSendmailsLeaveMessagesUnsentAndExitNonZero() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        _ = try await buildMessages(2, into: folder)
        let fake = try fakeSendmail(in: folder)
        let failing = try await digest([
            "send", "--out", folder.path, "--sendmail", "\(fake.script) \(fake.deliveries.path) 0 75",
        ])
        #expect(failing.status == 1)
        #expect(failing.stderr.contains("exited with status 75"))
        #expect(failing.output.contains("0 sent, 0 already sent before, 2 failed."), "the rest is still tried")

        let hanging = try await digest([
            "send", "--out", folder.path, "--timeout", "1", "--sendmail", "\(fake.script) \(fake.deliveries.path) 30 0",
        ])
        #expect(hanging.status == 1)
        #expect(hanging.stderr.contains("did not finish within 1 seconds"))

        let missing = try await digest(["send", "--out", folder.path, "--sendmail", "/nonexistent/sendmail -t"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("/nonexistent/sendmail could not be started"))

        // Once sendmail works, everything still unsent goes out.
        let working = try await digest([
            "send", "--out", folder.path, "--sendmail", "\(fake.script) \(fake.deliveries.path) 0 0",
        ])
        #expect(working.status == 0)
        #expect(working.output.contains("2 sent"))
    }

    /// Kills `digest send` with SIGKILL once `killAfter` messages have been accepted, then reruns it.
    private func killAndRerun(sendmail: String, folder: URL, killAfter: Int, delivered: () throws -> Int)
        async throws -> (resent: [String], log: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["send", "--out", folder.path, "--sendmail", sendmail]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(20)
        while try delivered() < killAfter, Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        try await offThePool { process.waitUntilExit() }
        #expect(process.terminationReason == .uncaughtSignal, "killed in the middle of the batch")
        try await Task.sleep(for: .milliseconds(500))  // let an orphaned sendmail finish
        let rerun = try await digest(["send", "--out", folder.path, "--sendmail", sendmail])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let resent = rerun.stderr.components(separatedBy: "\n").filter { $0.contains("interrupted; sent again") }
        let log = try String(contentsOf: folder.appendingPathComponent("sent.log"), encoding: .utf8)
        return (resent, log)
    }

    @Test func killedInTheMiddleOfABatchARerunDeliversEveryMessageOnceOrVisiblyTwice() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try await buildMessages(6, into: folder)
        let fake = try fakeSendmail(in: folder)
        let (resent, log) = try await killAndRerun(
            sendmail: "\(fake.script) \(fake.deliveries.path) 0.3 0", folder: folder, killAfter: 3
        ) { try FileManager.default.contentsOfDirectory(atPath: fake.deliveries.path).count }
        let ids = try files.map { try messageID(of: folder.appendingPathComponent($0)) }
        let delivered = try deliveredIDs(fake.deliveries)
        for (file, id) in zip(files, ids) {
            let copies = delivered.filter { $0 == id }.count
            #expect(copies >= 1, "\(file) delivered")
            if copies > 1 {
                #expect(resent.contains { $0.contains(file) }, "a duplicate of \(file) is reported")
                #expect(log.contains("attempt\t\(id)"))
            }
        }
        #expect(delivered.count <= files.count + 1, "at most the one message in flight is sent twice")
    }

    @Test func killedWhileSendingThroughPostfixARerunDeliversEveryMessage() async throws {
        try await Postfix.require()
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try await buildMessages(8, into: folder)
        let ids = try files.map { try messageID(of: folder.appendingPathComponent($0)) }
        let logFile = folder.appendingPathComponent("sent.log")
        let (resent, _) = try await killAndRerun(sendmail: "\(Postfix.sendmail) -t -oi", folder: folder, killAfter: 2) {
            let log = (try? String(contentsOf: logFile, encoding: .utf8)) ?? ""
            return log.components(separatedBy: "\tsent\t").count - 1
        }
        for (file, id) in zip(files, ids) {
            let copies = try await Postfix.delivered(messageID: id, count: 1)
            #expect(copies.count >= 1, "\(file) delivered")
            if copies.count > 1 {
                #expect(resent.contains { $0.contains(file) }, "a duplicate of \(file) is reported")
            }
        }
    }
}
