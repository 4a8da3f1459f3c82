import DigestTestSupport
import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The issue as the unit, as an editor's cron job runs it: `digest --since last` and
/// `digest send` against a real state file, with a stand-in sendmail that records what it got.
struct IssueSendTests {
    /// A list in a scratch folder: its listing, subscribers, output folder and a recording sendmail.
    struct List {
        let folder: URL
        var out: URL { folder.appendingPathComponent("digests") }
        var got: URL { folder.appendingPathComponent("got") }
        var listing: URL { folder.appendingPathComponent("listing.txt") }
        var subscribers: URL { folder.appendingPathComponent("subscribers.csv") }
        var state: URL { out.appendingPathComponent("digest.sqlite") }

        init() throws {
            folder = try TestFiles.scratchFolder()
            try FileManager.default.createDirectory(at: got, withIntermediateDirectories: true)
            let script = folder.appendingPathComponent("sendmail")
            // usage: sendmail DIR DELAY [GATE]: keeps each message as DIR/<to>.<time>.eml after
            // DELAY seconds; while the file GATE exists, it first says so (GATE.waiting) and waits.
            try """
            #!/bin/bash
            body=$(cat)
            if [ -n "$3" ] && [ -e "$3" ]; then
                touch "$3.waiting"
                while [ -e "$3" ]; do sleep 0.02; done
            fi
            sleep "$2"
            to=$(printf '%s\\n' "$body" | sed -n 's/^To: .*<\\(.*\\)>.*$/\\1/p; s/^To: \\([^<]*@[^ ]*\\)$/\\1/p' | head -1)
            # like Postfix's sendmail -t: no recipient in the headers (an empty input) is an error
            [ -n "$to" ] || { echo "No recipient addresses found in message header" >&2; exit 1; }
            printf '%s\\n' "$body" > "$1/$to.$(date +%s%N).$$.eml"
            """.write(to: script, atomically: true, encoding: .utf8)
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script.path)
        }

        func remove() { try? FileManager.default.removeItem(at: folder) }

        func sendmail(delay: Double = 0, gate: URL? = nil) -> String {
            "\(folder.appendingPathComponent("sendmail").path) \(got.path) \(delay)"
                + (gate.map { " \($0.path)" } ?? "")
        }

        func writeListing(_ items: [(title: String, date: String)]) throws {
            var text = "cooperation\n\nThe network's news.\n\n"
            for item in items {
                text += "\(item.title)\n\nAbout \(item.title).\n\nnews\n\npublication date: \(item.date)\n\n"
            }
            try text.write(to: listing, atomically: true, encoding: .utf8)
        }

        func writeSubscribers(_ addresses: [String]) throws {
            let rows = addresses.map { "\($0),Reader,\n" }.joined()
            try ("email,name,topics\n" + rows).write(to: subscribers, atomically: true, encoding: .utf8)
        }

        func digest(_ arguments: [String]) async throws -> ProcessResult {
            try await runProcess(DigestCLITests.binaryPath, arguments, directory: folder)
        }

        /// How many messages each address got.
        func received() throws -> [String: Int] {
            var counts: [String: Int] = [:]
            for name in try FileManager.default.contentsOfDirectory(atPath: got.path) {
                let address = name.components(separatedBy: ".").dropLast(3).joined(separator: ".")
                counts[address, default: 0] += 1
            }
            return counts
        }

        /// The messages `address` got, in no particular order.
        func bodies(of address: String) throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: got.path).filter { $0.hasPrefix(address + ".") }
                .map { try String(contentsOf: got.appendingPathComponent($0), encoding: .utf8) }
        }
    }

    private static let window = ["--since", "2026-11-01", "--until", "2026-11-25", "--date", "2026-11-25"]

    /// Writes the one-item listing and `readers`, and builds issue 1 for them, as most of these
    /// tests begin.
    private static func buildIssue(_ list: List, for readers: [String]) async throws {
        try list.writeListing([("Housing pledge", "20-11-2026")])
        try list.writeSubscribers(readers)
        let build = window + ["--subscribers", list.subscribers.path, "--out", list.out.path, list.listing.path]
        try #require(try await list.digest(build).status == 0)
    }

    @Test func aRebuildOfASentIssueStopsUnlessRevisedAndARevisionReachesEachReaderOnce() async throws {
        let list = try List()
        defer { list.remove() }
        try list.writeListing([("Housing pledge", "20-11-2026")])
        let readers = ["ana@example.org", "bob@example.net", "cy@example.com"]
        try list.writeSubscribers(readers)
        let build = Self.window + ["--subscribers", list.subscribers.path, "--out", list.out.path, list.listing.path]
        let first = try await list.digest(build)
        try #require(first.status == 0, "\(first.stderr)")
        #expect(first.output.contains("recorded as issue 1"))
        let send = ["send", "--out", list.out.path, "--sendmail", list.sendmail()]
        let sent = try await list.digest(send)
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(sent.output.contains("Issue 1: 3 sent, 0 already sent before, 0 failed, 0 suppressed."))
        try list.writeListing([("Housing pledge", "20-11-2026"), ("Corrected figures", "21-11-2026")])
        let rebuild = try await list.digest(build)
        #expect(rebuild.status == 1)
        #expect(rebuild.stderr.contains("Issue 1 has already been sent to 3 readers"))
        #expect(rebuild.stderr.contains("--revise"))
        #expect(try await list.digest(send).output.contains("0 sent, 3 already sent before"), "nothing new to send")
        let revised = try await list.digest(build + ["--revise"])
        #expect(revised.status == 0, "\(revised.stderr)")
        #expect(revised.output.contains("issue 1 revised (revision 2)"))
        let again = try await list.digest(send)
        #expect(again.output.contains("Issue 1: 3 sent, 0 already sent before"), "\(again.output)")
        #expect(try list.received() == Dictionary(uniqueKeysWithValues: readers.map { ($0, 2) }))
        for reader in readers {
            #expect(try list.bodies(of: reader).filter { $0.contains("Corrected figures") }.count == 1)
        }
        let status = try await list.digest(["status", "--state", list.state.path])
        #expect(status.output.contains("rev 2  sent  3 built: 3 sent"), "\(status.output)")
    }

    @Test func aReaderRemovedFromTheListAndAStaleFileAreNeverSent() async throws {
        let list = try List()
        defer { list.remove() }
        try list.writeListing([("Housing pledge", "20-11-2026")])
        try list.writeSubscribers(["ana@example.org", "bob@example.net", "gone@example.com"])
        let build = Self.window + ["--subscribers", list.subscribers.path, "--out", list.out.path, list.listing.path]
        try #require(try await list.digest(build).status == 0)
        try list.writeSubscribers(["ana@example.org", "bob@example.net"])
        let rebuilt = try await list.digest(build)
        #expect(rebuilt.output.contains("issue 1 rebuilt"), "\(rebuilt.output)\(rebuilt.stderr)")
        let window = list.out.appendingPathComponent("2026-11-01-to-2026-11-25")
        // The rebuilt folder took the earlier one's place whole: the removed reader's message is gone.
        #expect(!FileManager.default.fileExists(atPath: window.appendingPathComponent("gone@example.com.eml").path))
        #expect(FileManager.default.fileExists(atPath: window.appendingPathComponent("ana@example.org.eml").path))
        let siblings = try FileManager.default.contentsOfDirectory(atPath: list.out.path)
        #expect(!siblings.contains { $0.contains(".building-") }, "\(siblings)")
        let old = try Data(contentsOf: window.appendingPathComponent("ana@example.org.eml"))
        try old.write(to: list.out.appendingPathComponent("digest-2026-10-01-to-2026-10-07.eml"))
        let sent = try await list.digest(["send", "--out", list.out.path, "--sendmail", list.sendmail()])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try list.received() == ["ana@example.org": 1, "bob@example.net": 1])
    }

    @Test func sinceLastTwiceHoldsExactlyTheNewItemsIncludingALateOneOfTheLastDay() async throws {
        let list = try List()
        defer { list.remove() }
        let empty = try await list.digest(["--since", "last", "--out", list.out.path, list.listing.path])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("records no issue yet"), "\(empty.stderr)")
        #expect(empty.stderr.contains("digest --since YYYY-MM-DD"))
        try list.writeListing([("Early news", "20-11-2026"), ("Last day news", "25-11-2026")])
        let to = ["--to", "readers@example.org", "--out", list.out.path, list.listing.path]
        try #require(try await list.digest(Self.window + to).status == 0)
        try #require(
            try await list.digest(["send", "--out", list.out.path, "--sendmail", list.sendmail()]).status == 0)
        try list.writeListing([
            ("Early news", "20-11-2026"), ("Last day news", "25-11-2026"), ("Late on the last day", "25-11-2026"),
            ("Next week news", "28-11-2026"),
        ])
        let second = try await list.digest(["--since", "last", "--until", "2026-12-01", "--date", "2026-12-01"] + to)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(
            second.output.contains("digest-2026-11-25-to-2026-12-01.eml (2 items in 1 section)"), "\(second.output)")
        #expect(second.output.contains("recorded as issue 2"))
        let message = try String(
            contentsOf: list.out.appendingPathComponent("digest-2026-11-25-to-2026-12-01.eml"), encoding: .utf8)
        #expect(message.contains("Late on the last day") && message.contains("Next week news"))
        #expect(!message.contains("Early news") && !message.contains("Last day news"))
        let third = try await list.digest(["--since", "last", "--until", "2026-12-01", "--date", "2026-12-01"] + to)
        #expect(third.status == 0)
        #expect(third.output.contains("issue 2 rebuilt"), "an unsent issue is rebuilt, not doubled: \(third.output)")
    }

    /// SIGKILL five times at random moments during a send of 200 messages with a slow sendmail,
    /// then a rerun: each reader got exactly one message, plus at most one for each further
    /// attempt the state store records for them (a message in flight at two kills in a row is
    /// handed over three times; the record says so), and only the attempts open at a kill are
    /// ever made again: the message handed over, and the next one, whose attempt begins while
    /// that one is on the wire.
    @Test func killedFiveTimesEveryReaderGetsOneMessageOrAReportedSecond() async throws {
        let list = try List()
        defer { list.remove() }
        let readers = (0..<200).map { "reader\($0)@example.org" }
        try await Self.buildIssue(list, for: readers)
        let send = ["send", "--out", list.out.path, "--sendmail", list.sendmail(delay: 0.01)]
        var resent: [String: Int] = [:]
        for _ in 0..<5 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DigestCLITests.binaryPath)
            process.arguments = send
            process.currentDirectoryURL = list.folder
            let errors = list.folder.appendingPathComponent("stderr-\(UUID().uuidString).txt")
            _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: errors)
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            try await Task.sleep(for: .milliseconds(Int.random(in: 150...600)))
            kill(process.processIdentifier, SIGKILL)
            try await offThePool { process.waitUntilExit() }
            countResends(in: try String(contentsOf: errors, encoding: .utf8), into: &resent)
        }
        try await Task.sleep(for: .milliseconds(300))  // an orphaned sendmail finishes
        let status = try await list.digest(["status", "--state", list.state.path])
        let last = try await list.digest(send)
        #expect(last.status == 0, "\(last.stderr)")
        countResends(in: last.stderr, into: &resent)
        let received = try list.received()
        #expect(received.count == readers.count, "every reader got the issue")
        let attempts = try await Self.attempts(stateFile: list.state.path)
        for (reader, times) in received where times != 1 {
            #expect(
                times <= attempts[reader, default: 0],
                "\(reader) got \(times) copies, the store records \(attempts[reader, default: 0]) attempts")
        }
        #expect(
            attempts.values.map { $0 - 1 }.reduce(0, +) <= 10, "at most the two attempts open at each kill, again")
        for (reader, count) in resent {
            #expect(attempts[reader, default: 0] > count, "\(reader)'s reported resends are recorded attempts")
        }
        let inFlight = Self.inFlight(status.output)
        #expect(inFlight <= 2, "at most two attempts open at a kill: \(status.output)")
        #expect(
            inFlight == Self.resends(in: last.stderr), "the rerun reports each delivery status showed in flight")
        let final = try await list.digest(["status", "--state", list.state.path])
        #expect(final.output.contains("200 built: 200 sent"), "\(final.output)")
        let record = possibleCopies(
            inStatus: try await list.digest(["status", "--state", list.state.path, "--issue", "1"]).output)
        for (reader, times) in received where times != 1 {
            #expect(
                times <= record[reader, default: 1],
                "\(reader) got \(times) copies; digest status --issue 1 says \(record[reader, default: 1])")
        }
    }

    /// sendmail gets standard input, output and error and no other descriptor: not one digest
    /// inherited (here the socket Foundation's Process gives each child to see it end, which
    /// had made the wait for a killed digest send last as long as its orphaned sendmail).
    @Test func sendmailInheritsNoDescriptorButTheStandardThree() async throws {
        let list = try List()
        defer { list.remove() }
        try await Self.buildIssue(list, for: ["reader@example.org"])
        let probe = list.folder.appendingPathComponent("probe-sendmail")
        let seen = list.folder.appendingPathComponent("descriptors.txt")
        // bash itself keeps its script open as 255.
        try "#!/bin/bash\ncat > /dev/null\nls /proc/$$/fd | grep -v '^255$' > '\(seen.path)'\n".write(
            to: probe, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: probe.path)
        let sent = try await list.digest(["send", "--out", list.out.path, "--sendmail", probe.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        let descriptors = try String(contentsOf: seen, encoding: .utf8).split(separator: "\n").map(String.init)
        #expect(descriptors == ["0", "1", "2"], "sendmail had \(descriptors)")
    }

    /// Two runs killed in turn while sendmail holds the same message (each such sendmail then
    /// delivers it), then a run to the end: the reader has three copies, and both the last
    /// run's report and `digest status --issue 1` say up to three, though the second killed
    /// run never got to report its resend.
    @Test func twoKillsDuringOneDeliveryAreBothInTheRecord() async throws {
        let list = try List()
        defer { list.remove() }
        try await Self.buildIssue(list, for: ["ana@example.org"])
        let gate = list.folder.appendingPathComponent("gate")
        let waiting = gate.appendingPathExtension("waiting").path
        defer { try? FileManager.default.removeItem(at: gate) }
        for kill in 1...2 {
            FileManager.default.createFile(atPath: gate.path, contents: nil)
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DigestCLITests.binaryPath)
            process.arguments = ["send", "--out", list.out.path, "--sendmail", list.sendmail(gate: gate)]
            process.currentDirectoryURL = list.folder
            process.standardError = FileHandle.nullDevice
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            let deadline = Date().addingTimeInterval(120)
            while !FileManager.default.fileExists(atPath: waiting), Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(FileManager.default.fileExists(atPath: waiting), "send \(kill) never reached sendmail")
            Glibc.kill(process.processIdentifier, SIGKILL)
            try await offThePool { process.waitUntilExit() }
            try FileManager.default.removeItem(atPath: waiting)
            try FileManager.default.removeItem(at: gate)
            // The orphaned sendmail delivers what it holds, as a relay that took it would.
            while try list.received()["ana@example.org", default: 0] < kill, Date() < deadline {
                try await Task.sleep(for: .milliseconds(20))
            }
            try #require(try list.received()["ana@example.org"] == kill)
        }
        let last = try await list.digest(["send", "--out", list.out.path, "--sendmail", list.sendmail()])
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stderr.contains("2 earlier sends were interrupted; sent again"), "\(last.stderr)")
        #expect(try list.received() == ["ana@example.org": 3])
        let status = try await list.digest(["status", "--state", list.state.path, "--issue", "1"])
        #expect(
            status.output.contains(
                "ana@example.org\tsent\t2 earlier sends were interrupted: may have it up to 3 times"),
            "\(status.output)")
        #expect(possibleCopies(inStatus: status.output) == ["ana@example.org": 3])
    }

    @Test func aSecondSendOfTheSameIssueRefusesWhileTheFirstRuns() async throws {
        let list = try List()
        defer { list.remove() }
        let readers = (0..<20).map { "reader\($0)@example.org" }
        try await Self.buildIssue(list, for: readers)
        // The first send's first sendmail waits at the gate until the second send has been
        // refused, so the first is mid-send however slowly either runs.
        let gate = list.folder.appendingPathComponent("gate")
        FileManager.default.createFile(atPath: gate.path, contents: nil)
        let send = ["send", "--out", list.out.path, "--sendmail", list.sendmail(gate: gate)]
        async let first = list.digest(send)
        // Declared after `first`, so it runs before `first` is awaited should the test stop early.
        defer { try? FileManager.default.removeItem(at: gate) }
        let waiting = gate.appendingPathExtension("waiting").path
        let deadline = Date().addingTimeInterval(120)
        while !FileManager.default.fileExists(atPath: waiting), Date() < deadline {
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(FileManager.default.fileExists(atPath: waiting), "the first send never reached sendmail")
        let second = try await list.digest(send)
        try FileManager.default.removeItem(at: gate)
        #expect(second.status == 1, "\(second.output)")
        #expect(second.stderr.contains("Another digest send of this issue is running"), "\(second.stderr)")
        #expect(try await first.status == 0)
        #expect(try list.received() == Dictionary(uniqueKeysWithValues: readers.map { ($0, 1) }))
    }

    @Test func aLostOrDamagedStateFileIsAClearErrorAndNothingIsSent() async throws {
        let list = try List()
        defer { list.remove() }
        try await Self.buildIssue(list, for: ["ana@example.org"])
        let tables = try await runProcess(
            "/usr/bin/env",
            [
                "python3", "-c",
                "import sqlite3,sys; print(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute(\"select name from sqlite_master where type='table'\")))",
                list.state.path,
            ])
        #expect(
            tables.output.contains("'delivery'") && tables.output.contains("'issue'"),
            "\(tables.output)\(tables.stderr)")
        let send = ["send", "--out", list.out.path, "--sendmail", list.sendmail()]
        try FileManager.default.moveItem(at: list.state, to: list.folder.appendingPathComponent("backup.sqlite"))
        let lost = try await list.digest(send)
        #expect(lost.status == 1)
        #expect(lost.stderr.contains("is missing"), "\(lost.stderr)")
        try Data("not a database at all, just text".utf8).write(to: list.state)
        let damaged = try await list.digest(send)
        #expect(damaged.status == 1)
        #expect(damaged.stderr.contains("cannot be used"), "\(damaged.stderr)")
        #expect(try list.received().isEmpty)
    }

    @Test func checkAndSendUseTheConfiguredFolderAndOnlyTheIssuesMessages() async throws {
        let list = try List()
        defer { list.remove() }
        try list.writeListing([("Housing pledge", "20-11-2026")])
        try "out: letters\nto: readers@example.org\n".write(
            to: list.folder.appendingPathComponent("digest.yml"), atomically: true, encoding: .utf8)
        let built = try await list.digest(Self.window + [list.listing.path])
        #expect(built.status == 0, "\(built.stderr)")
        let letters = list.folder.appendingPathComponent("letters")
        try Data("Subject: a stale test\r\n\r\nno parts\r\n".utf8)
            .write(to: letters.appendingPathComponent("digest-2026-10-01-to-2026-10-07.eml"))
        let check = try await list.digest(["check"])
        #expect(check.status == 0, "only the issue's message is checked: \(check.output)\(check.stderr)")
        #expect(check.output.contains("1 message"), "\(check.output)")
        let send = try await list.digest(["send", "--sendmail", list.sendmail()])
        #expect(send.status == 0, "\(send.stderr)")
        #expect(send.output.contains("Issue 1: 1 sent"))
        #expect(try list.received() == ["readers@example.org": 1])
    }

    @Test func quietPrintsNothingButProblems() async throws {
        let list = try List()
        defer { list.remove() }
        try list.writeListing([("Housing pledge", "20-11-2026")])
        let to = ["--to", "readers@example.org", "--out", list.out.path, list.listing.path]
        let build = try await list.digest(Self.window + to + ["--quiet"])
        #expect(build.status == 0 && build.output.isEmpty && build.stderr.isEmpty, "\(build.output)\(build.stderr)")
        let send = try await list.digest(["send", "--quiet", "--out", list.out.path, "--sendmail", list.sendmail()])
        #expect(send.status == 0 && send.output.isEmpty, "\(send.output)")
        #expect(try list.received() == ["readers@example.org": 1])
    }

    /// The attempts the state file records per reader, read with Python's sqlite3.
    static func attempts(stateFile: String) async throws -> [String: Int] {
        let query = """
            import sqlite3, sys
            rows = sqlite3.connect(sys.argv[1]).execute(
                "SELECT recipient, count(attempt.id) FROM delivery JOIN attempt ON attempt.delivery_id = delivery.id "
                "GROUP BY delivery.id")
            for recipient, count in rows: print(f"{recipient}\\t{count}")
            """
        let result = try await runProcess("/usr/bin/env", ["python3", "-c", query, stateFile])
        try #require(result.status == 0, "\(result.stderr)")
        var counts: [String: Int] = [:]
        for line in result.output.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            if fields.count == 2, let count = Int(fields[1]) { counts[String(fields[0]), default: 0] += count }
        }
        return counts
    }

    /// The `N in flight` of a `digest status` line.
    static func inFlight(_ status: String) -> Int {
        guard let range = status.range(of: " in flight") else { return -1 }
        return Int(status[..<range.lowerBound].split(separator: " ").last ?? "") ?? -1
    }

    static func resends(in text: String) -> Int {
        text.components(separatedBy: resendReport).count - 1
    }

}
