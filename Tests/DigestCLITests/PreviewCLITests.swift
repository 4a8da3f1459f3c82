import DigestTestSupport
import Foundation
import Testing

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

/// `digest preview` run as a user would: it prints its URL, serves, and stops on Ctrl-C.
@Suite(.serialized) struct PreviewCLITests {
    /// A running `digest preview` and what it printed so far.
    final class Running: @unchecked Sendable {
        let process = Process()
        private let output = Pipe()
        private let errors = Pipe()
        private let lock = NSLock()
        private var printed = Data()

        init(_ arguments: [String], environment: [String: String]) throws {
            process.executableURL = URL(fileURLWithPath: Self.binary)
            process.arguments = arguments
            process.currentDirectoryURL = TestFiles.packageRoot
            process.environment = environment
            process.standardOutput = output
            process.standardError = errors
            output.fileHandleForReading.readabilityHandler = { [weak self] handle in
                let data = handle.availableData
                guard let self else { return }
                lock.lock()
                printed += data
                lock.unlock()
            }
            try process.run()
        }

        var stdout: String {
            lock.lock()
            defer { lock.unlock() }
            return String(decoding: printed, as: UTF8.self)
        }

        /// Waits for a line of stdout that contains `text`.
        func waitFor(_ text: String, seconds: Double = 20) async throws -> String? {
            for _ in 0..<Int(seconds * 20) {
                if let line = stdout.split(separator: "\n").first(where: { $0.contains(text) }) { return String(line) }
                if !process.isRunning { break }
                try await Task.sleep(for: .milliseconds(50))
            }
            return nil
        }

        /// Sends SIGINT (Ctrl-C) and waits for the process to end; returns its status. One that
        /// has not ended after a minute (a loaded machine takes a few seconds, not that) is
        /// terminated, and its status says so.
        func interrupt() async throws -> Int32 {
            process.interrupt()
            let deadline = ContinuousClock.now + .seconds(60)
            while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(25)) }
            if process.isRunning { process.terminate() }
            let process = process
            try await offThePool { process.waitUntilExit() }
            return process.terminationStatus
        }
    }

    static let window = ["--since", "2019-03-20", "--until", "2019-04-20", "--date", "2019-04-20"]

    /// The environment without a display or a browser, so nothing opens on a developer's screen.
    static var headless: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for name in ["DISPLAY", "WAYLAND_DISPLAY", "BROWSER"] { environment[name] = nil }
        return environment
    }

    /// The URL a running preview printed.
    private func baseURL(_ line: String) throws -> String {
        String(line[try #require(line.range(of: "http://127\\.0\\.0\\.1:[0-9]+/", options: .regularExpression))])
    }

    private func fetch(_ url: String) async throws -> (Int, String) {
        let (data, response) = try await URLSession.shared.data(from: URL(string: url)!)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test func itPrintsItsLoopbackURLServesTheDigestAndStopsCleanlyOnCtrlC() async throws {
        let running = try Running(["preview", "--port", "0"] + Self.window, environment: Self.headless)
        let line = try #require(try await running.waitFor("http://"), "no URL printed: \(running.stdout)")
        let url = try #require(line.range(of: "http://127\\.0\\.0\\.1:[0-9]+/", options: .regularExpression))
        #expect(line.hasPrefix("Previewing 1 message at http://127.0.0.1:"))
        let (status, index) = try await fetch(String(line[url]) + "")
        #expect(status == 200)
        #expect(index.contains("Weekly digest, 20 March – 20 April 2019"))
        let (pageStatus, page) = try await fetch(String(line[url]) + "messages/1")
        #expect(pageStatus == 200)
        #expect(page.contains("<pre class=\"text\">Weekly digest\n"))
        #expect(try await running.interrupt() == 0)
        #expect(running.stdout.hasSuffix("Stopped the preview.\n"))
    }

    @Test func openSaysWhyNoBrowserOpensWithoutADisplay() async throws {
        let running = try Running(["preview", "--port", "0", "--open"] + Self.window, environment: Self.headless)
        let line = try await running.waitFor("Not opening a browser")
        #expect(
            line
                == "Not opening a browser: there is no display here (neither DISPLAY nor WAYLAND_DISPLAY is set). Open the URL yourself."
        )
        #expect(try await running.interrupt() == 0)
    }

    @Test func openStartsTheBrowserNamedByTheBrowserVariable() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = folder.appendingPathComponent("opened.txt").path
        let script = folder.appendingPathComponent("fake-browser").path
        // The log appears whole (written aside, then renamed), so its existence is the condition to wait for.
        try "#!/bin/sh\necho \"$1\" > '\(log).part' && mv '\(log).part' '\(log)'\n".write(
            toFile: script, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        var environment = Self.headless
        environment["BROWSER"] = script
        let running = try Running(["preview", "--port", "0", "--open"] + Self.window, environment: environment)
        #expect(try await running.waitFor("Opened it with") != nil)
        let deadline = ContinuousClock.now + .seconds(60)
        while !FileManager.default.fileExists(atPath: log), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let opened = try String(contentsOfFile: log, encoding: .utf8)
        #expect(opened.hasPrefix("http://127.0.0.1:"))
        #expect(running.stdout.contains(opened.trimmingCharacters(in: .newlines)))
        #expect(try await running.interrupt() == 0)
    }

    @Test func aTakenPortIsAnErrorThatSaysWhatToDo() async throws {
        let first = try Running(["preview", "--port", "0"] + Self.window, environment: Self.headless)
        let line = try #require(try await first.waitFor("http://"))
        let port = try #require(line.split(separator: ":").dropFirst(2).first?.prefix { $0.isNumber })
        let second = try await runProcess(
            Running.binary, ["preview", "--port", String(port)] + Self.window, directory: TestFiles.packageRoot)
        #expect(second.status == 1)
        #expect(second.stderr.contains("Cannot serve the preview on 127.0.0.1:\(port): the port is already in use"))
        #expect(try await first.interrupt() == 0)
    }

    @Test func editingASourceRefreshesThePreview() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = folder.appendingPathComponent("listing.txt")
        try FileManager.default.copyItem(atPath: TestFiles.sample, toPath: listing.path)
        let running = try Running(
            ["preview", "--port", "0"] + Self.window + [listing.path], environment: Self.headless)
        let line = try #require(try await running.waitFor("http://"))
        let base = try baseURL(line)
        let (_, before) = try await fetch(base + "version")
        let text = try String(contentsOf: listing, encoding: .utf8)
        try text.replacingOccurrences(of: "Bologna is 22nd city", with: "Bologna is the 22nd city").write(
            to: listing, atomically: true, encoding: .utf8)
        // The rebuild is waited for, up to a minute (how fast it comes is PreviewServerTests' to say).
        var after = before
        let deadline = ContinuousClock.now + .seconds(60)
        while after == before, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(50))
            after = try await fetch(base + "version").1
        }
        #expect(after != before, "no rebuild within a minute of editing the source")
        #expect(try await fetch(base + "messages/1").1.contains("Bologna is the 22nd city"))
        #expect(try await running.interrupt() == 0)
    }

    @Test func aBrokenTemplateAtStartStillServesAPageThatSaysWhere() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["digest.html.mustache", "digest.txt.mustache"] {
            try FileManager.default.copyItem(
                atPath: TestFiles.templates + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        let html = folder.appendingPathComponent("digest.html.mustache")
        // Line 2 closes a section under another name.
        try ("<p>\n{{#sections}}{{/items}}\n" + String(contentsOf: html, encoding: .utf8)).write(
            to: html, atomically: true, encoding: .utf8)
        let running = try Running(
            ["preview", "--port", "0", "--templates", folder.path] + Self.window, environment: Self.headless)
        let line = try #require(try await running.waitFor("http://"))
        let base = try baseURL(line)
        let (status, index) = try await fetch(base)
        #expect(status == 200)
        #expect(index.contains("The digest did not build"))
        #expect(index.contains("<code>\(html.path)</code>, line 2, column"))
        #expect(try await running.interrupt() == 0)
    }

    /// A `digest.yml` in a scratch folder whose output folder (and so state file) is in it.
    private func scratchConfiguration() throws -> (folder: URL, config: String) {
        let folder = try TestFiles.scratchFolder()
        let config = folder.appendingPathComponent("digest.yml")
        try "out: \(folder.appendingPathComponent("digests").path)\n".write(
            to: config, atomically: true, encoding: .utf8)
        return (folder, config.path)
    }

    @Test func aSubscriberListPreviewsEveryReadersMessageAndPrintsTheChosenOne() async throws {
        let (folder, config) = try scratchConfiguration()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = TestFiles.fixture("subscribers.csv")
        let april = ["--since", "2019-04-01", "--until", "2019-04-30", "--date", "2019-04-30"]
        let running = try Running(
            ["preview", "--port", "0", "--config", config, "--subscribers", list, "--reader", "ZOE@example.org"]
                + april, environment: Self.headless)
        let line = try #require(try await running.waitFor("Previewing"), "nothing printed: \(running.stdout)")
        #expect(line.hasPrefix("Previewing 4 personal messages for 5 readers of \(list) (1 gets none) at http://"))
        let chosen = try #require(try await running.waitFor("The message of "))
        #expect(chosen.hasPrefix("The message of z•••@example.org: http://127.0.0.1:"), "no full address printed")
        #expect(chosen.hasSuffix("/messages/3"))
        let start = try #require(chosen.range(of: "http://")).lowerBound
        let url = String(chosen[start...])
        let (status, page) = try await fetch(url)
        #expect(status == 200)
        #expect(page.contains("Reader: <strong>Łukasiewicz, Zoë &lt;zoe@example.org&gt;</strong>"))
        #expect(page.contains("<option value=\"/messages/3\" selected>"))
        let (_, index) = try await fetch(try baseURL(line))
        #expect(index.contains("<li>Carla &lt;carla@example.org&gt;: nothing in their topics in this window</li>"))
        #expect(try await running.interrupt() == 0)
    }

    @Test func aReaderWithoutAMessageIsSaidAndAnUnknownOneIsAnError() async throws {
        let (folder, config) = try scratchConfiguration()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = TestFiles.fixture("subscribers.csv")
        let april = ["--since", "2019-04-01", "--until", "2019-04-30"]
        let carla = try Running(
            ["preview", "--port", "0", "--config", config, "--subscribers", list, "--reader", "carla@example.org"]
                + april, environment: Self.headless)
        let said = try #require(try await carla.waitFor("gets no message"), "\(carla.stdout)")
        #expect(
            said
                == "c•••@example.org gets no message: nothing in their topics in this window; the index lists every reader."
        )
        let served = try #require(try await carla.waitFor("Previewing"))
        #expect(
            try await fetch(try baseURL(served)).1.contains("<h2 id=\"no-message\">1 reader without a message</h2>"))
        #expect(try await carla.interrupt() == 0)

        let unknown = try await runProcess(
            Running.binary,
            ["preview", "--port", "0", "--config", config, "--subscribers", list, "--reader", "nobody@example.org"]
                + april, directory: TestFiles.packageRoot)
        #expect(unknown.status == 64)
        #expect(unknown.stderr.contains("--reader n•••@example.org is not a reader of \(list) (5 readers there)."))
        let noList = try await runProcess(
            Running.binary, ["preview", "--port", "0", "--config", config, "--reader", "ana@example.org"] + april,
            directory: TestFiles.packageRoot)
        #expect(noList.status == 64)
        #expect(noList.stderr.contains("--reader picks a reader of the subscriber list: give --subscribers FILE"))
    }

    @Test func previewHelpNamesItsOptionsAndTheRootStillBuilds() async throws {
        let help = try await runProcess(Running.binary, ["preview", "--help"])
        #expect(help.status == 0)
        for option in ["--port", "--open", "--reader", "--since", "--templates"] {
            #expect(help.output.contains(option))
        }
        #expect(help.output.contains("USAGE: digest preview"))
        let root = try await runProcess(Running.binary, ["--help"])
        #expect(root.output.contains("preview"))
        let build = try await runProcess(
            Running.binary, ["--since", "2019-03-20", "--until", "2019-04-20", "--stdout"])
        #expect(build.status == 0)
        #expect(build.output.contains("multipart/alternative"))
    }
}

extension PreviewCLITests.Running {
    /// The built `digest` executable.
    static var binary: String {
        let beside = Bundle.main.bundleURL.appendingPathComponent("digest").path
        return FileManager.default.isExecutableFile(atPath: beside)
            ? beside : TestFiles.packageRoot.appendingPathComponent(".build/debug/digest").path
    }
}
