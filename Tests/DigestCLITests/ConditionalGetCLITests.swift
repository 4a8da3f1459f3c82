import DigestTestSupport
import Foundation
import Testing

/// `digest` twice over a feed on a real HTTP server: the second run asks conditionally, with the
/// validators the first kept in the state file, and writes the same message from the kept body.
struct ConditionalGetCLITests {
    static let feed = Array(
        """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Lab</title>
        <item><title>Kept between runs</title><link>https://example.org/kept</link>
        <description>Read once, then asked about.</description><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item>
        </channel></rss>
        """.utf8)

    static func server() throws -> LoopbackServer {
        try LoopbackServer { request in
            request.headers["if-none-match"] == "\"lab-1\""
                ? .init(status: 304, headers: [("ETag", "\"lab-1\"")])
                : .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", "\"lab-1\"")], body: Self.feed)
        }
    }

    static func digest(_ arguments: [String], in folder: URL) async throws -> ProcessResult {
        try await runProcess(DigestCLITests.binaryPath, arguments, directory: folder)
    }

    @Test func theSecondBuildIsAnsweredNotModifiedAndWritesTheSameMessage() async throws {
        let server = try Self.server()
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let arguments = [
            "--since", "2024-06-20", "--until", "2024-06-30", "--date", "2024-06-30", "--out", out.path,
            "--templates", TestFiles.templates, server.url("/lab.xml"),
        ]
        let first = try await Self.digest(arguments, in: out)
        #expect(first.status == 0, "\(first.stderr)")
        let message = out.appendingPathComponent("digest-2024-06-20-to-2024-06-30.eml")
        let written = try Data(contentsOf: message)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("digest.sqlite").path))

        let second = try await Self.digest(arguments, in: out)
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.output.contains("Wrote "))
        #expect(try Data(contentsOf: message) == written)
        #expect(server.requests.map { $0.headers["if-none-match"] } == [nil, "\"lab-1\""])
        withExtendedLifetime(server) {}
    }

    @Test func explainingAsksAsTheBuildDoesSoTheFeedIsFetchedWholeOnce() async throws {
        let server = try Self.server()
        let out = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let run = try await Self.digest(
            [
                "--since", "2024-06-20", "--until", "2024-06-30", "--date", "2024-06-30", "--out", out.path,
                "--templates", TestFiles.templates, "--explain", server.url("/lab.xml"),
            ], in: out)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stderr.contains("in   2024-06-21"))
        // The explanation's request keeps the answer; the build's is answered 304 from it.
        #expect(server.requests.map { $0.headers["if-none-match"] } == [nil, "\"lab-1\""])
        withExtendedLifetime(server) {}
    }

    @Test func theStateKeyOfDigestYmlChoosesTheFile() async throws {
        let server = try Self.server()
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data(
            """
            templates: \(TestFiles.templates)
            state: memory/lab.sqlite
            sources:
              - url: \(server.url("/lab.xml"))
            """.utf8
        ).write(to: folder.appendingPathComponent("digest.yml"))
        let arguments = ["--since", "2024-06-20", "--until", "2024-06-30", "--date", "2024-06-30", "--stdout"]
        for _ in 0..<2 {
            let run = try await Self.digest(arguments, in: folder)
            #expect(run.status == 0, "\(run.stderr)")
            #expect(run.output.contains("Kept between runs"))
        }
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("memory/lab.sqlite").path))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("digests/digest.sqlite").path))
        #expect(server.requests.map { $0.headers["if-none-match"] } == [nil, "\"lab-1\""])
        withExtendedLifetime(server) {}
    }
}
