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

    /// Builds one issue of `count` personal messages into `folder`; returns their paths
    /// relative to it, in send order.
    private func buildMessages(_ count: Int, into folder: URL, run: String = UUID().uuidString) async throws
        -> [String]
    {
        let readers = (0..<count).map { "r\($0)-\(run.prefix(8).lowercased())@example.org" }
        let list = folder.appendingPathComponent("subscribers.csv")
        try ("email,name,topics\n" + readers.map { "\($0),Reader,\n" }.joined())
            .write(to: list, atomically: true, encoding: .utf8)
        let result = try await digest(
            buildOptions(0, run: run, to: []) + ["--subscribers", list.path, "--out", folder.path])
        try #require(result.status == 0, "\(result.stderr)")
        return readers.map { "2019-03-20-to-2019-04-20/\($0).eml" }
    }

    /// The line `digest status` prints for the folder's issue.
    private func status(_ folder: URL) async throws -> String {
        try await digest(["status", "--state", folder.appendingPathComponent("digest.sqlite").path]).output
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
        let built = try await digest(buildOptions(0, run: run, to: recipients) + ["--out", folder.path])
        try #require(built.status == 0, "\(built.stderr)")
        let written = folder.appendingPathComponent("digest-2019-03-20-to-2019-04-20.eml")
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
        #expect(first.output.contains("Issue 1: 3 sent, 0 already sent before, 0 failed"))
        let second = try await digest([
            "send", "--out", folder.path, "--sendmail", "\(fake.script) \(fake.deliveries.path) 0 0",
        ])
        #expect(second.output.contains("Issue 1: 0 sent, 3 already sent before, 0 failed"))
        let ids = try files.map { try messageID(of: folder.appendingPathComponent($0)) }
        #expect(try deliveredIDs(fake.deliveries).sorted() == ids.sorted())
        let delivered = try FileManager.default.contentsOfDirectory(atPath: fake.deliveries.path)
        let oneDelivery = try Data(contentsOf: fake.deliveries.appendingPathComponent(delivered[0]))
        #expect(!oneDelivery.contains(13), "sendmail gets LF line endings")
        #expect(try await status(folder).contains("3 built: 3 sent, 0 failed"))
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
        #expect(failing.output.contains("0 sent, 0 already sent before, 2 failed"), "the rest is still tried")

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

    /// Kills `digest send` with SIGKILL once `stop` says so, runs `afterKill`, then reruns it;
    /// returns the rerun's resend reports and the status line `digest status` printed between the two.
    private func killAndRerun(
        sendmail: String, folder: URL, stop: () throws -> Bool, afterKill: () throws -> Void = {}
    ) async throws -> (resent: [String], status: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["send", "--out", folder.path, "--sendmail", sendmail]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(120)
        while try !stop(), Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        try afterKill()
        try await offThePool { process.waitUntilExit() }
        #expect(process.terminationReason == .uncaughtSignal, "killed in the middle of the batch")
        try await Task.sleep(for: .milliseconds(500))  // let an orphaned sendmail finish
        let between = try await status(folder)
        let rerun = try await digest(["send", "--out", folder.path, "--sendmail", sendmail])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let resent = rerun.stderr.components(separatedBy: "\n").filter { $0.contains("interrupted; sent again") }
        return (resent, between)
    }

    @Test func killedInTheMiddleOfABatchARerunDeliversEveryMessageOnceOrVisiblyTwice() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = try await buildMessages(6, into: folder)
        let fake = try fakeSendmail(in: folder)
        let (resent, between) = try await killAndRerun(
            sendmail: "\(fake.script) \(fake.deliveries.path) 0.3 0", folder: folder
        ) { try FileManager.default.contentsOfDirectory(atPath: fake.deliveries.path).count >= 3 }
        let ids = try files.map { try messageID(of: folder.appendingPathComponent($0)) }
        let delivered = try deliveredIDs(fake.deliveries)
        for (file, id) in zip(files, ids) {
            let copies = delivered.filter { $0 == id }.count
            #expect(copies >= 1, "\(file) delivered")
            if copies > 1 {
                #expect(resent.contains { $0.contains(file) }, "a duplicate of \(file) is reported")
                // One send has at most two attempts open: the message handed over, and the
                // next one begun while it was on the wire.
                #expect(
                    between.contains("1 in flight") || between.contains("2 in flight"),
                    "digest status showed it in flight: \(between)")
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
        // Postfix takes a message in about 30 ms, so a kill after a fixed time can come after the
        // last: the third message waits at a gate instead, and the kill comes while it does.
        let gate = folder.appendingPathComponent("gate")
        FileManager.default.createFile(atPath: gate.path, contents: nil)
        let gated = folder.appendingPathComponent("gated-sendmail")
        try """
        #!/bin/bash
        # usage: gated-sendmail GATE SENDMAIL ARGS...: reads the message, then (the third one)
        # waits while GATE exists (GATE.waiting says it does), then hands it to SENDMAIL
        gate=$1; shift
        message=$(mktemp)
        cat > "$message"
        n=$(( $(cat "$gate.count" 2>/dev/null || echo 0) + 1 ))
        echo "$n" > "$gate.count"
        if [ "$n" -eq 3 ] && [ -e "$gate" ]; then
            touch "$gate.waiting"
            while [ -e "$gate" ]; do sleep 0.02; done
        fi
        "$@" < "$message"; status=$?
        rm -f "$message"
        exit $status
        """.write(to: gated, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: gated.path)
        defer { try? FileManager.default.removeItem(at: gate) }
        let (resent, _) = try await killAndRerun(
            sendmail: "\(gated.path) \(gate.path) \(Postfix.sendmail) -t -oi", folder: folder,
            stop: { FileManager.default.fileExists(atPath: gate.path + ".waiting") },
            afterKill: { try FileManager.default.removeItem(at: gate) })
        for (file, id) in zip(files, ids) {
            let copies = try await Postfix.delivered(messageID: id, count: 1)
            #expect(copies.count >= 1, "\(file) delivered")
            if copies.count > 1 {
                #expect(resent.contains { $0.contains(file) }, "a duplicate of \(file) is reported")
            }
        }
    }
}
