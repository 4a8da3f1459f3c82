import DigestCore
import DigestTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `digest serve` and `digest unsubscribes` as a list runs them: the built binary, the links
/// the build wrote into the messages, a real SQLite state file, Chromium, Postfix.
@Suite(.serialized)
struct ServeCommandTests {
    static let secret = "the list's secret, long enough for tokens"
    static let template = "https://list.example/unsubscribe?email={email}&token={token}"

    /// A list folder: subscribers (unique addresses), the messages of one personal build.
    struct List {
        let folder: URL
        let readers: [String]
        var out: URL { folder.appendingPathComponent("digests") }
        var state: String { out.appendingPathComponent("digest.sqlite").path }

        init(readers count: Int) throws {
            folder = try TestFiles.scratchFolder()
            let run = UUID().uuidString.prefix(8).lowercased()
            readers = (0..<count).map { "reader\($0).\(run)@example.org" }
            let rows = ["email,name,topics"] + readers.map { "\($0),," }
            try Data((rows.joined(separator: "\n") + "\n").utf8).write(
                to: folder.appendingPathComponent("subscribers.csv"))
        }

        /// Runs `digest` with `arguments` in the list's folder.
        func digest(_ arguments: [String]) async throws -> ProcessResult {
            try await runProcess(
                ServeProcess.binary, arguments, directory: folder,
                environment: ["DIGEST_UNSUBSCRIBE_SECRET": ServeCommandTests.secret])
        }

        /// Builds the personal messages of `since`…`until` into `out`; the readers who got one.
        func build(since: String = "2019-04-01", until: String = "2019-04-30") async throws -> [String] {
            let result = try await digest([
                "--since", since, "--until", until, "--date", until, "--out", out.path, "--subscribers",
                folder.appendingPathComponent("subscribers.csv").path, "--unsubscribe-template",
                ServeCommandTests.template, "--templates", TestFiles.templates, TestFiles.sample,
            ])
            try #require([0, 2].contains(result.status), "build failed: \(result.stderr)")
            let window = out.appendingPathComponent("\(since)-to-\(until)")
            return ((try? FileManager.default.contentsOfDirectory(atPath: window.path)) ?? [])
                .filter { $0.hasSuffix(".eml") }.map { String($0.dropLast(4)) }.sorted()
        }

        /// The one-click target of `reader`'s message, as its List-Unsubscribe header has it.
        func link(of reader: String, since: String = "2019-04-01", until: String = "2019-04-30") throws -> String {
            let file = out.appendingPathComponent("\(since)-to-\(until)/\(reader).eml")
            let bytes = try [UInt8](Data(contentsOf: file))
            let header = try #require(HeaderReader.value(of: "List-Unsubscribe", in: bytes))
            #expect(HeaderReader.value(of: "List-Unsubscribe-Post", in: bytes) == "List-Unsubscribe=One-Click")
            let url = try #require(
                header.split(separator: ",").first?.trimmingCharacters(in: CharacterSet(charactersIn: " <>")))
            #expect(url.hasPrefix("https://list.example/unsubscribe?email="))
            return String(url.dropFirst("https://list.example".count))
        }

        /// The store's suppressed addresses.
        func suppressed() async throws -> Set<String> {
            let path = state
            return try await onThreadOfItsOwn { () throws(DigestError) -> Set<String> in
                Set(try StateStore.open(at: path, messages: nil).suppressions().map(\.address))
            }
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }
    }

    @Test func aOneClickPostOnTheMessagesOwnLinkLeavesTheReaderOutOfTheNextBuild() async throws {
        let list = try List(readers: 3)
        defer { list.remove() }
        #expect(try await list.build() == list.readers.sorted())
        let serve = try await ServeProcess.start(["--state", list.state], secret: Self.secret, in: list.folder)
        let target = try list.link(of: list.readers[0])
        let answer = try await RawHTTP.request(
            "POST", target, headers: ["Content-Type": "application/x-www-form-urlencoded"],
            body: "List-Unsubscribe=One-Click", port: serve.port)
        #expect(answer.status == 200)
        let log = try await serve.stop()
        #expect(try await list.suppressed() == [list.readers[0]])
        #expect(log.contains("POST /unsubscribe 200"))
        #expect(!log.contains(list.readers[0]) && !log.contains(target.split(separator: "=").last!))
        let next = try await list.build(since: "2019-04-08")
        #expect(next == Array(list.readers.dropFirst()).sorted())
    }

    @Test func headlessChromiumClicksTheButtonAndTheReaderIsSuppressed() async throws {
        let chromium = try #require(
            ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first {
                FileManager.default.isExecutableFile(atPath: $0)
            },
            "chromium is not installed: run Scripts/setup --test")
        let list = try List(readers: 2)
        defer { list.remove() }
        _ = try await list.build()
        let serve = try await ServeProcess.start(["--state", list.state], secret: Self.secret, in: list.folder)
        let url = "http://127.0.0.1:\(serve.port)\(try list.link(of: list.readers[1]))"
        let result = try await runProcess(
            "/usr/bin/env", ["python3", TestFiles.serveScript("click_button.py"), chromium, url])
        _ = try await serve.stop()
        try #require(result.status == 0, "click_button.py: \(result.stderr)")
        struct Clicked: Decodable {
            let before: String
            let after: String
        }
        let clicked = try JSONDecoder().decode(Clicked.self, from: result.stdout)
        #expect(clicked.before.contains("Stop sending"))
        #expect(clicked.after.contains("You are unsubscribed"))
        #expect(try await list.suppressed() == [list.readers[1]])
    }

    /// SIGKILL during a load of one-click POSTs: every reader who got a 200 before the kill is
    /// suppressed when the server is started again.
    @Test func aKillDuringLoadLosesNoAcknowledgedUnsubscribe() async throws {
        let list = try List(readers: 0)
        defer { list.remove() }
        try FileManager.default.createDirectory(at: list.out, withIntermediateDirectories: true)
        let tokens = try UnsubscribeToken(secret: Self.secret)
        let run = UUID().uuidString.prefix(8).lowercased()
        let readers = (0..<2000).map { "load\($0).\(run)@example.org" }
        let readersFile = list.folder.appendingPathComponent("readers.tsv")
        try Data(readers.map { "\($0)\t\(tokens.token(for: $0))\n" }.joined().utf8).write(to: readersFile)
        let serve = try await ServeProcess.start(["--state", list.state], secret: Self.secret, in: list.folder)
        let port = serve.port
        async let load = runProcess(
            "/usr/bin/env",
            ["python3", TestFiles.serveScript("one_click_load.py"), String(port), readersFile.path, "20000", "8"])
        // Kill once the load is under way: some unsubscribes are acknowledged (and recorded).
        let deadline = Date().addingTimeInterval(120)
        while try await list.suppressed().count < 20, Date() < deadline {
            try await Task.sleep(for: .milliseconds(100))
        }
        _ = try await serve.stop(signal: SIGKILL)
        let result = try await load
        try #require(result.status == 0, "one_click_load.py: \(result.stderr)")
        let report = try JSONDecoder().decode(LoadReport.self, from: result.stdout)
        #expect(Set(report.statuses.keys) == ["200"], "answers: \(report.statuses)")
        #expect(report.firstOK.count > 0, "no 200 before the kill")
        let restarted = try await ServeProcess.start(["--state", list.state], secret: Self.secret, in: list.folder)
        #expect(try await RawHTTP.request("GET", "/healthz", port: restarted.port).status == 200)
        _ = try await restarted.stop()
        let suppressed = try await list.suppressed()
        let lost = Set(report.firstOK.keys).subtracting(suppressed)
        #expect(lost.isEmpty, "\(lost.count) readers got a 200 and are not suppressed")
    }

    /// 20,000 one-click POSTs (150 of the list's 300 readers spread among strangers, so their
    /// 200s come all through the load) while `digest send` mails the issue through
    /// a sendmail that records when it got each reader's message: every 200 is suppressed, no
    /// reader's message is handed over well after their 200 (the send looks at the store again
    /// before each one), and each other reader gets the issue exactly once.
    @Test func oneClickLoadDuringASendMailsNoReaderAfterTheir200() async throws {
        let list = try List(readers: 300)
        defer { list.remove() }
        let built = try await list.build()
        try #require(built.count == 300)
        let tokens = try UnsubscribeToken(secret: Self.secret)
        let leaving = Array(list.readers.suffix(150))  // last in send order: their 200s come during the send
        let readersFile = list.folder.appendingPathComponent("readers.tsv")
        let lines = (0..<20000).map { index -> String in
            let address =
                index % 128 == 0 && index / 128 < leaving.count ? leaving[index / 128] : "stranger\(index)@example.net"
            return "\(address)\t\(tokens.token(for: address))\n"
        }
        try Data(lines.joined().utf8).write(to: readersFile)
        let handed = list.folder.appendingPathComponent("handed-over.tsv")
        let sendmail = list.folder.appendingPathComponent("sendmail")
        // usage: sendmail LOG: appends "<To address>\t<time>" for each message, then keeps it a moment
        try """
        #!/bin/bash
        now=$(date +%s.%N)
        to=$(sed -n 's/^To: .*<\\(.*\\)>.*$/\\1/p; s/^To: \\([^<]*@[^ ]*\\)$/\\1/p' | head -1)
        printf '%s\\t%s\\n' "$to" "$now" >> "$1"
        sleep 0.01
        """.write(to: sendmail, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: sendmail.path)
        let serve = try await ServeProcess.start(["--state", list.state], secret: Self.secret, in: list.folder)
        async let load = runProcess(
            "/usr/bin/env",
            ["python3", TestFiles.serveScript("one_click_load.py"), String(serve.port), readersFile.path, "20000", "8"])
        try await Task.sleep(for: .milliseconds(300))
        let send = try await list.digest([
            "send", "--out", list.out.path, "--sendmail", "\(sendmail.path) \(handed.path)",
        ])
        let result = try await load
        _ = try await serve.stop()
        #expect(send.status == 0, "\(send.stderr)")
        try #require(result.status == 0, "one_click_load.py: \(result.stderr)")
        let report = try JSONDecoder().decode(LoadReport.self, from: result.stdout)
        #expect(Set(report.statuses.keys) == ["200"], "answers: \(report.statuses)")
        #expect(report.statuses["200"] == 20000)
        let suppressed = try await list.suppressed()
        #expect(Set(report.firstOK.keys).isSubset(of: suppressed), "every 200 is suppressed")
        var times: [String: [Double]] = [:]
        for line in try String(contentsOf: handed, encoding: .utf8).split(separator: "\n") {
            let fields = line.split(separator: "\t")
            guard fields.count == 2, let time = Double(fields[1]) else { continue }
            times[String(fields[0]), default: []].append(time)
        }
        for (reader, acknowledged) in report.firstOK {
            for time in times[reader] ?? [] {
                #expect(time < acknowledged + 2, "\(reader) was handed over \(time - acknowledged) s after their 200")
            }
        }
        for reader in list.readers.prefix(150) {
            #expect(times[reader]?.count == 1, "\(reader) got the issue once: \(times[reader] ?? [])")
        }
        let mailedLeavers = leaving.filter { times[$0] != nil }.count
        #expect(send.output.contains("Issue 1: \(150 + mailedLeavers) sent"), "\(send.output)")
        #expect(send.output.contains("\(150 - mailedLeavers) suppressed."), "the others were left out: \(send.output)")
    }

    /// `digest unsubscribes` on a Maildir holding a real request delivered by Postfix, one
    /// from a stranger and one malformed message.
    @Test func mailUnsubscribesFromAMaildir() async throws {
        try await Postfix.require()
        let list = try List(readers: 2)
        defer { list.remove() }
        let config = list.folder.appendingPathComponent("digest.yml")
        let unsubscribe = "leave-\(UUID().uuidString.prefix(8).lowercased())@digest.test"
        try Data(
            """
            name: Mail test
            from: Mail test <news@digest.test>
            unsubscribe: mailto:\(unsubscribe)?subject=unsubscribe
            subscribers: subscribers.csv
            out: digests

            """.utf8
        ).write(to: config)
        // The reader's request, through Postfix into the shared test Maildir.
        let messageID = "<\(UUID().uuidString)@serve.test>"
        let request = """
            From: Reader <\(list.readers[0])>
            To: \(unsubscribe)
            Subject: unsubscribe
            Message-ID: \(messageID)

            Please remove me.

            """
        let sent = try await runProcess(Postfix.sendmail, ["-t", "-oi"], input: Data(request.utf8))
        try #require(sent.status == 0, "sendmail: \(sent.stderr)")
        let delivered = try await Postfix.delivered(messageID: messageID, count: 1)
        try #require(delivered.count == 1, "Postfix did not deliver the request")
        // This list's own Maildir: that message, a stranger's, a malformed one.
        let maildir = list.folder.appendingPathComponent("Maildir")
        for sub in ["new", "cur", "tmp"] {
            try FileManager.default.createDirectory(
                at: maildir.appendingPathComponent(sub), withIntermediateDirectories: true)
        }
        try FileManager.default.copyItem(at: delivered[0], to: maildir.appendingPathComponent("new/1.postfix"))
        try Data("From: stranger@example.net\r\nTo: \(unsubscribe)\r\nSubject: unsubscribe\r\n\r\nx\r\n".utf8)
            .write(to: maildir.appendingPathComponent("new/2.stranger"))
        try Data([0xFF, 0xFE, 0x00, 0x41, 0x0A]).write(to: maildir.appendingPathComponent("new/3.garbage"))
        let result = try await list.digest(["unsubscribes", "--maildir", maildir.path])
        #expect(result.status == 2, "\(result.output)\(result.stderr)")
        #expect(result.output.contains("unsubscribed r•••@example.org (new/1.postfix)"))
        #expect(result.stderr.contains("new/2.stranger: s•••@example.net is not subscribed; left in place"))
        #expect(result.stderr.contains("new/3.garbage: unreadable"))
        #expect(!result.output.contains(list.readers[0]) && !result.stderr.contains("stranger@"))
        #expect(try await list.suppressed() == [list.readers[0]])
        let done = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent(".done/cur").path)
        #expect(done == ["1.postfix:2,S"])
        let left = try FileManager.default.contentsOfDirectory(atPath: maildir.appendingPathComponent("new").path)
            .sorted()
        #expect(left == ["2.stranger", "3.garbage"])
    }
}

/// What one_click_load.py prints.
struct LoadReport: Decodable {
    let statuses: [String: Int]
    let errors: Int
    let seconds: Double
    let firstOK: [String: Double]

    enum CodingKeys: String, CodingKey {
        case statuses, errors, seconds
        case firstOK = "first_ok"
    }
}
