import DigestSMTP
import DigestTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A Python server script of this folder, started for one test on a free loopback port.
final class PythonServer: @unchecked Sendable {
    let port: Int
    private let process: Process

    /// Starts `Servers/<script>` with `arguments` and reads the port it prints.
    static func start(_ script: String, _ arguments: [String]) async throws -> PythonServer {
        try await offThePool { try PythonServer(script: script, arguments: arguments) }
    }

    private init(script: String, arguments: [String]) throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Servers/\(script)").path
        process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(10) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line += chunk
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            process.terminate()
            throw SMTPTestFailure("\(script) did not start (run Scripts/setup --test)")
        }
        self.port = port
    }

    /// Kills the server. (Not waited for: Foundation reaps it, and `waitUntilExit` would spin
    /// on a pool thread.)
    func stop() {
        kill(process.processIdentifier, SIGKILL)
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

/// Collects what the delivery reports.
final class CollectingRecorder: SMTPDelivery.Recorder, @unchecked Sendable {
    private let lock = NSLock()
    private var attempted: [String] = []
    private var finished: [String: [(recipient: String, outcome: RecipientOutcome)]] = [:]

    func willSend(_ message: SMTPMessage) throws {
        lock.withLock { attempted.append(message.id) }
    }

    func finished(_ message: SMTPMessage, outcomes: [(recipient: String, outcome: RecipientOutcome)]) throws {
        lock.withLock { finished[message.id] = outcomes }
    }

    var attempts: [String] { lock.withLock { attempted } }

    /// The outcome of every recipient, by address.
    var outcomes: [String: RecipientOutcome] {
        lock.withLock {
            var all: [String: RecipientOutcome] = [:]
            for list in finished.values { for (recipient, outcome) in list { all[recipient] = outcome } }
            return all
        }
    }

    var messageCount: Int { lock.withLock { finished.count } }
}

/// Test messages: unique ids and addresses, a body with lines that start with dots.
enum TestMessage {
    static func make(run: String, number: Int, to recipient: String, from sender: String = "news@digest.test")
        -> SMTPMessage
    {
        let id = "<smtp-\(run)-\(number)@digest.test>"
        let text = """
            From: Digest test <\(sender)>\r
            To: \(recipient)\r
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
        return SMTPMessage(id: id, sender: sender, recipients: [recipient], data: Array(text.utf8))
    }
}

/// Whether Python has the modules the SMTP tests use.
func pythonHas(_ modules: String) async -> Bool {
    (try? await runProcess("/usr/bin/env", ["python3", "-c", "import \(modules)"]).status) == 0
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
