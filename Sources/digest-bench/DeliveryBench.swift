import DigestBenchCorpus
import DigestCore
import DigestSMTP
import Foundation

/// The delivery scenario: personal digests handed to a relay as fast as it takes them.
///
/// Postfix's `smtp-sink` (which answers every command at once and keeps nothing) on a free
/// loopback port takes the messages over SMTP from ``SMTPDelivery`` with 1, 4 and 8
/// connections; beside them, in the same run, a Python `smtplib` loop over one reused
/// connection to the same sink, and `digest send`'s sendmail path (``BatchSender``, one
/// Postfix `sendmail` process per message) on a sample of the messages.
struct DeliveryBench {
    let data: String
    let digest: String
    let corpus: CorpusFiles
    let messages: Int
    let archiveItems: Int
    let sendmailMessages: Int
    let judged: Bool

    /// The rows of the table.
    func run() throws -> [Row] {
        let files = try personalMessages()
        let loaded = try files.map { file -> SMTPMessage in
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            let recipients = try SMTPBatchSender.recipients(of: bytes)
            let id = HeaderReader.value(of: "Message-ID", in: bytes) ?? file
            return SMTPMessage(id: id, sender: "bounces@bench.digest.test", recipients: recipients, data: bytes)
        }
        let megabytes = Double(loaded.reduce(0) { $0 + $1.data.count }) / 1e6
        progress("delivery: \(loaded.count) personal messages, \(Int(megabytes)) MB")
        let sink = try SMTPSink.start(folder: data)
        defer { sink.stop() }
        var rows: [Row] = []
        var smtpRates: [Int: Double] = [:]
        for connections in [1, 4, 8] {
            let seconds = try timeSMTP(loaded, port: sink.port, connections: connections)
            let rate = Double(loaded.count) / seconds
            smtpRates[connections] = rate
            var row = Row(
                name: "smtp-\(connections)",
                title:
                    "SMTP to smtp-sink, \(Row.count(loaded.count)) messages, \(connections) connection\(connections == 1 ? "" : "s")",
                seconds: [seconds], peakKB: 0)
            row.metrics["messagesPerSecond"] = rate
            row.note = "\(Row.count(Int(rate))) msg/s, \(Int(megabytes / seconds)) MB/s"
            if connections == 4 { row.target = "≥ 3,000 msg/s" }
            row.judge(judged && connections == 4, rate >= 3000)
            rows.append(row)
            progress("delivery: \(row.name) \(Row.seconds(seconds)), \(Int(rate)) msg/s")
        }
        let best = smtpRates.values.max() ?? 0

        let python = try timeSmtplib(files, port: sink.port)
        let pythonRate = Double(files.count) / python
        var pythonRow = Row(
            name: "smtplib-1", title: "  Python smtplib loop, one connection, same messages", seconds: [python],
            peakKB: 0)
        pythonRow.metrics["messagesPerSecond"] = pythonRate
        pythonRow.metrics["ratio"] = best / pythonRate
        pythonRow.note =
            "\(Row.count(Int(pythonRate))) msg/s; SMTP's best is \(String(format: "%.1f", best / pythonRate))×"
        pythonRow.target = "SMTP ≥ 10×"
        pythonRow.judge(judged, best >= 10 * pythonRate)
        rows.append(pythonRow)
        progress("delivery: smtplib \(Row.seconds(python)), \(Int(pythonRate)) msg/s")

        let sample = Array(files.prefix(sendmailMessages))
        let sendmail = try timeSendmail(sample)
        let sendmailRate = Double(sample.count) / sendmail
        var sendmailRow = Row(
            name: "sendmail", title: "  digest send --sendmail (Postfix), \(Row.count(sample.count)) of them",
            seconds: [sendmail], peakKB: 0)
        sendmailRow.metrics["messagesPerSecond"] = sendmailRate
        sendmailRow.metrics["ratio"] = best / sendmailRate
        sendmailRow.note =
            "\(Row.count(Int(sendmailRate))) msg/s; SMTP's best is \(String(format: "%.1f", best / sendmailRate))×"
        sendmailRow.target = "SMTP ≥ 20×"
        sendmailRow.judge(judged, best >= 20 * sendmailRate)
        rows.append(sendmailRow)
        progress("delivery: sendmail \(Row.seconds(sendmail)), \(Int(sendmailRate)) msg/s")
        return rows
    }

    /// The personal digests of `messages` readers over the bench's archive, made once by the
    /// digest executable and kept for later runs.
    private func personalMessages() throws -> [String] {
        let folder = "\(data)/delivery-\(messages)"
        let done = folder + "/.complete"
        if !System.exists(done) {
            System.remove(folder)
            let listing = try corpus.listing(items: archiveItems).path
            let subscribers = try corpus.subscribers(count: messages).path
            progress("delivery: writing \(messages) personal digests into \(folder)…")
            let exit = try System.run(
                [
                    digest, "--since", "2019-03-20", "--until", "2019-04-19", "--date", "2019-04-20",
                    "--from", "Bench digest <news@bench.digest.test>", "--subscribers", subscribers,
                    "--out", folder, listing,
                ], quiet: true)
            guard exit.status == 0 || exit.status == 2 else {
                throw BenchError.failed(
                    "the digest executable could not write the personal digests (status \(exit.status))")
            }
            FileManager.default.createFile(atPath: done, contents: Data())
        }
        let files = DigestFolder(path: folder).messageFilesWithSubfolders()
        guard files.count >= messages else {
            throw BenchError.failed("\(folder) holds \(files.count) messages, not \(messages); remove it and run again")
        }
        return Array(files.prefix(messages))
    }

    private func timeSMTP(_ messages: [SMTPMessage], port: Int, connections: Int) throws -> Double {
        let server = SMTPServer(host: "127.0.0.1", port: port, security: .none, timeout: .seconds(30))
        let delivery = SMTPDelivery(server: server, settings: .init(connections: connections))
        let counter = CountingRecorder()
        let start = System.now()
        try blocking {
            try await delivery.deliver(count: messages.count, message: { messages[$0] }, recorder: counter)
        }
        let seconds = System.now() - start
        guard counter.sent == messages.count else {
            throw BenchError.failed("smtp-sink took \(counter.sent) of \(messages.count) messages")
        }
        return seconds
    }

    private func timeSmtplib(_ files: [String], port: Int) throws -> Double {
        let list = "\(data)/delivery-files.txt"
        try files.joined(separator: "\n").write(toFile: list, atomically: true, encoding: .utf8)
        let script = """
            import smtplib, sys, time
            files = open(sys.argv[2]).read().split("\\n")
            messages = [open(f, "rb").read() for f in files]
            start = time.perf_counter()
            server = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
            for message in messages:
                server.sendmail("bounces@bench.digest.test", ["reader@example.com"], message)
            server.quit()
            print(time.perf_counter() - start)
            """
        let output = "\(data)/delivery-smtplib.txt"
        let exit = try System.run(
            ["/bin/sh", "-c", "python3 -c '\(script)' \(port) \(list) > \(output)"], quiet: true)
        guard exit.status == 0,
            let seconds = Double(System.readText(output).trimmingCharacters(in: .whitespacesAndNewlines))
        else { throw BenchError.failed("the smtplib loop failed (status \(exit.status)); is python3 there?") }
        return seconds
    }

    /// `digest send`'s sendmail path on copies of `files` whose Message-IDs are new, then
    /// those copies are taken out of the test Maildir again once Postfix has delivered them.
    private func timeSendmail(_ files: [String]) throws -> Double {
        let folder = "\(data)/delivery-sendmail-\(System.processID())"
        System.remove(folder)
        try System.makeFolder(folder)
        defer { System.remove(folder) }
        let run = UUID().uuidString.prefix(8).lowercased()
        var copies: [String] = []
        for (index, file) in files.enumerated() {
            var text = try String(contentsOfFile: file, encoding: .utf8)
            if let range = text.range(of: "Message-ID: <") {
                text.replaceSubrange(range, with: "Message-ID: <bench-\(run)-\(index).")
            }
            let copy = "\(folder)/\(index).eml"
            try text.write(toFile: copy, atomically: false, encoding: .utf8)
            copies.append(copy)
        }
        let log = try SendLog(folder: folder)
        let sender = BatchSender(sendmail: try Sendmail(), log: log)
        let start = System.now()
        let outcomes = try sender.send(files: copies) { _, _ in }
        let seconds = System.now() - start
        guard outcomes.allSatisfy({ $0 == .sent }) else {
            throw BenchError.failed("sendmail did not take every message")
        }
        removeDelivered(marker: "bench-\(run)-", count: copies.count)
        return seconds
    }

    /// Deletes the bench's messages from the test Maildir (waiting up to a minute for them).
    private func removeDelivered(marker: String, count: Int) {
        let maildir = "/home/digestmail/Maildir/new"
        let deadline = System.now() + 60
        var removed = 0
        while removed < count, System.now() < deadline {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: maildir)) ?? [] {
                let path = maildir + "/" + name
                guard let handle = FileHandle(forReadingAtPath: path) else { continue }
                let head = String(decoding: handle.readData(ofLength: 8192), as: UTF8.self)
                try? handle.close()
                if head.contains(marker), (try? FileManager.default.removeItem(atPath: path)) != nil { removed += 1 }
            }
            if removed < count { Thread.sleep(forTimeInterval: 0.5) }
        }
    }

    private func progress(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Postfix's `smtp-sink` on a free loopback port.
private struct SMTPSink {
    let port: Int
    let process: Process

    static func start(folder: String) throws -> SMTPSink {
        for _ in 0..<20 {
            let port = Int.random(in: 20_000...60_000)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/smtp-sink")
            process.arguments = ["-c", "127.0.0.1:\(port)", "1000"]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            do { try process.run() } catch {
                throw BenchError.failed("cannot start /usr/sbin/smtp-sink (install postfix): \(error)")
            }
            Thread.sleep(forTimeInterval: 0.3)
            if process.isRunning { return SMTPSink(port: port, process: process) }
        }
        throw BenchError.failed("smtp-sink found no free port")
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

/// Counts what the sink took.
private final class CountingRecorder: SMTPDelivery.Recorder, @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    var sent: Int { lock.withLock { count } }

    func willSend(_ message: SMTPMessage) throws {}

    func finished(_ message: SMTPMessage, outcomes: [(recipient: String, outcome: RecipientOutcome)]) throws {
        let taken = outcomes.allSatisfy { if case .sent = $0.outcome { true } else { false } }
        if taken { lock.withLock { count += 1 } }
    }
}

/// Runs async work from this synchronous command, waiting on this (non-pool) thread.
private func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let failure = LockedFailure()
    Task {
        do { try await work() } catch { failure.set(error) }
        done.signal()
    }
    done.wait()
    if let error = failure.get() { throw error }
}

private final class LockedFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var error: (any Error)?
    func set(_ value: any Error) { lock.withLock { error = value } }
    func get() -> (any Error)? { lock.withLock { error } }
}
