import DigestTestSupport
import Foundation
import Testing

/// `digest archive`, `--numbering` and `--locale`, through the built binary.
/// Serialized: each test waits on child processes (python3, digest), and running them side by side
/// would hold every thread of the test pool on a two-core machine.
@Suite(.serialized) struct ArchiveCLITests {
    private func digest(_ arguments: [String]) async throws -> ProcessResult {
        try await runProcess(DigestCLITests.binaryPath, arguments, directory: TestFiles.packageRoot)
    }

    private func subject(_ file: URL) async throws -> String {
        try await inspect(file.path).values("Subject").first ?? ""
    }

    private func inspect(_ path: String) async throws -> MailInspection {
        try await MailInspection.of(file: path)
    }

    private func inspect(bytes: Data) async throws -> MailInspection {
        try await MailInspection.of(bytes: Array(bytes))
    }

    @Test func numberedBuildsThenAnArchiveOfThem() async throws {
        let root = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("digests")
        let first = ["--since", "2019-03-20", "--until", "2019-04-05", "--date", "2019-04-06"]
        let second = ["--since", "2019-04-06", "--until", "2019-04-20", "--date", "2019-04-20"]
        for window in [first, first, second] {
            let result = try await digest(window + ["--out", out.path, "--numbering", "counter"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        #expect(
            try await subject(out.appendingPathComponent("digest-2019-03-20-to-2019-04-05.eml"))
                == "Weekly digest (No. 1), 20 March – 5 April 2019")
        #expect(
            try await subject(out.appendingPathComponent("digest-2019-04-06-to-2019-04-20.eml"))
                == "Weekly digest (No. 2), 6–20 April 2019")
        let printed = try await digest(second + ["--out", out.path, "--numbering", "counter", "--stdout"])
        let text = try await inspect(bytes: printed.stdout).parts?.first?.text ?? ""
        #expect(text.contains("No. 2 · 6–20 April 2019"), "--stdout shows the window's number")

        let archive = root.appendingPathComponent("site")
        let result = try await digest(["archive", "--messages", out.path, "--out", archive.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("Archived 2 issues") && result.output.contains("1 event"))
        let files = try FileManager.default.contentsOfDirectory(atPath: archive.path).sorted()
        #expect(
            files == [
                "digest-2019-03-20-to-2019-04-05.html", "digest-2019-04-06-to-2019-04-20.html", "events.ics",
                "feed.atom", "index.html",
            ])
    }

    @Test func archiveOfAFolderWithABrokenMessageNamesIt() async throws {
        let root = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("Content-Type: multipart/alternative\r\n\r\nno boundary\r\n".utf8)
            .write(to: root.appendingPathComponent("broken.eml"))
        let result = try await digest([
            "archive", "--messages", root.path, "--out", root.appendingPathComponent("a").path,
        ])
        #expect(result.status == 1)
        #expect(result.stderr.contains("broken.eml: its multipart/alternative body names no boundary"))
        let help = try await digest(["archive", "--help"])
        #expect(help.output.contains("--out") && help.output.contains("events.ics"))
        let overview = try await digest(["--help"])
        let words = overview.output.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        #expect(words.contains("'digest archive --help'"))
    }

    @Test func localeFormatsDatesAndAnUnknownOneListsTheKnown() async throws {
        let common = ["--since", "2019-03-20", "--until", "2019-04-20", "--date", "2019-04-20", "--stdout"]
        let french = try await digest(common + ["--locale", "fr_FR"])
        #expect(french.status == 0, "\(french.stderr)")
        let parsed = try await inspect(bytes: french.stdout)
        let text = try #require(parsed.parts?.first?.text)
        #expect(text.contains("Événement · 4 avril 2019"))
        #expect(parsed.values("Subject").first == "Weekly digest, 20 mars – 20 avril 2019")
        let unknown = try await digest(common + ["--locale", "xx_XX"])
        #expect(unknown.status == 1)
        #expect(unknown.stderr.contains("“xx_XX”") && unknown.stderr.contains("de, en, fr, pl"))
        let wrong = try await digest(common + ["--numbering", "roman"])
        #expect(wrong.status == 64)
    }
}
