import DigestTestSupport
import Foundation
import Testing

/// `digest items`, `--explain`, `digest check`, and the exit status of a run that skipped input.
struct DeskCLITests {
    private func digest(_ arguments: [String]) async throws -> ProcessResult {
        try await runProcess(DigestCLITests.binaryPath, arguments, directory: TestFiles.packageRoot)
    }

    private func json(_ result: ProcessResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: result.stdout) as? [String: Any])
    }

    @Test func itemsPrintsOneLinePerSelectedItem() async throws {
        let result = try await digest(["items", "--since", "2019-04-01", "--until", "2019-04-20"])
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.output.split(separator: "\n")
        #expect(lines.count == 5)
        #expect(lines[0].hasPrefix("2019-04-16  news         cooperation"))
        #expect(lines[0].hasSuffix("Bologna is 22nd city to sign pledge to the EU Pillar of Social Rights"))
        #expect(result.output.contains("2019-04-05  publication  knowledge society  EUROCITIES principles"))
    }

    @Test func itemsAsJSON() async throws {
        let result = try await digest(["items", "--since", "2019-04-01", "--until", "2019-04-20", "--json"])
        #expect(result.status == 0, "\(result.stderr)")
        let object = try json(result)
        let items = try #require(object["items"] as? [[String: Any]])
        #expect(items.count == 5)
        #expect(
            items.map { $0["section"] as? String } == [
                "cooperation", "cooperation", "social innovation", "social innovation", "knowledge society",
            ])
        #expect(items[1]["kind"] as? String == "event" && items[1]["end"] as? String == "2019-04-04")
        #expect((object["window"] as? [String: Any])?["since"] as? String == "2019-04-01")
    }

    @Test func explainAsJSONGivesEveryItemAReasonAndStatus2ForTheMalformedOne() async throws {
        let result = try await digest([
            "items", "--since", "2019-04-01", "--until", "2019-04-10", "--explain", "--json",
            TestFiles.fixture("social-innovation-listing.txt"), TestFiles.fixture("explain/second-listing.txt"),
        ])
        #expect(result.status == 2, "a malformed item was skipped: \(result.stderr)")
        let decisions = try #require(try json(result)["decisions"] as? [[String: Any]])
        #expect(decisions.count == 13)
        var reasons: [String: Int] = [:]
        for decision in decisions { reasons[decision["reason"] as? String ?? "?", default: 0] += 1 }
        #expect(reasons == ["selected": 4, "before-window": 5, "after-window": 2, "duplicate": 1, "malformed": 1])
        let duplicate = try #require(decisions.first { $0["reason"] as? String == "duplicate" })
        let original = try #require(duplicate["duplicateOf"] as? [String: Any])
        #expect((original["source"] as? String)?.hasSuffix("social-innovation-listing.txt") == true)
        #expect(original["line"] as? Int == 39)
        let wakeUp = try #require(decisions.first { ($0["title"] as? String)?.hasPrefix("A wake up call") == true })
        #expect(wakeUp["days"] as? Int == 11 && wakeUp["included"] as? Bool == false)
        let malformed = try #require(decisions.first { $0["reason"] as? String == "malformed" })
        #expect((malformed["problem"] as? String)?.contains("31-02-2019") == true)
        #expect(malformed["line"] as? Int != nil)
    }

    @Test func explainForOneReaderSaysWhatTheirTopicsLeaveOut() async throws {
        let common = [
            "items", "--since", "2019-04-01", "--until", "2019-04-30", "--explain", "--subscribers",
            TestFiles.fixture("subscribers.csv"),
        ]
        let bob = try await digest(common + ["--reader", "BOB@example.org"])
        #expect(bob.status == 0, "\(bob.stderr)")
        #expect(bob.output.contains("no topic the reader follows"))
        #expect(bob.output.split(separator: "\n").filter { $0.hasPrefix("in ") }.count == 1)
        let nobody = try await digest(common + ["--reader", "nobody@example.org"])
        #expect(nobody.status == 1)
        #expect(nobody.stderr.contains("nobody@example.org"))
    }

    @Test func aBuildWithExplainPrintsTheReportOnStderrThenWritesAndChecks() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let result = try await digest([
            "--since", "2019-04-01", "--until", "2019-04-20", "--date", "2019-04-20", "--out", out.path, "--explain",
        ])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("out  2019-03-21  news         “A wake up call"))
        #expect(result.stderr.contains("11 days before the window"))
        #expect(result.output.contains("Check: 1 message, no problems."))
    }

    @Test func checkPassesWhatDigestWritesAndFailsABrokenMessage() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try await digest([
            "--since", "2019-03-20", "--until", "2019-04-20", "--date", "2019-04-20", "--out", out.path,
        ])
        let clean = try await digest(["check", "--out", out.path])
        #expect(clean.status == 0, "\(clean.stderr)")
        #expect(clean.output.contains("no problems"))
        #expect(clean.output.contains("(“Weekly digest, 20 March – 20 April 2019”)"))

        let file = out.appendingPathComponent("digest-2019-03-20-to-2019-04-20.eml")
        let original = try String(contentsOf: file, encoding: .utf8)
        let noDate = out.appendingPathComponent("no-date.eml")
        try original.replacingOccurrences(of: "Date: ", with: "X-Date: ").write(
            to: noDate, atomically: true, encoding: .utf8)
        let broken = try await digest(["check", noDate.path])
        #expect(broken.status == 1)
        #expect(broken.stderr.contains("no-date.eml"))
        #expect(broken.stderr.contains("error [date]"))
        #expect(broken.output.contains("Check: 1 message, 1 error, 0 warnings."))

        let noListID = out.appendingPathComponent("no-list-id.eml")
        try original.replacingOccurrences(of: "List-Id: ", with: "X-List-Id: ").write(
            to: noListID, atomically: true, encoding: .utf8)
        let warned = try await digest(["check", noListID.path])
        #expect(warned.status == 0, "warnings do not fail: \(warned.stderr)")
        #expect(warned.stderr.contains("warning [list-id]"))

        let missing = try await digest(["check", out.appendingPathComponent("absent.eml").path])
        #expect(missing.status == 1)
    }

    @Test func checkReadsTheWindowSubfoldersOfASubscriberRun() async throws {
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        _ = try await digest([
            "--since", "2019-04-01", "--until", "2019-04-30", "--out", out.path, "--subscribers",
            TestFiles.fixture("subscribers.csv"),
        ])
        let result = try await digest(["check", "--out", out.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("Check: 4 messages, no problems."))
    }

    @Test func helpDocumentsTheExitCodes() async throws {
        let help = try await digest(["--help"])
        #expect(help.output.contains("2 when done, but"))
        #expect(help.output.contains("digest items"))
        #expect(try await digest(["items", "--help"]).output.contains("--explain"))
        #expect(try await digest(["check", "--help"]).output.contains("Exit status"))
    }
}
