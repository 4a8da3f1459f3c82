import DigestTestSupport
import Foundation
import Testing

/// What `digest` prints about a feed's encoding: its own sentences, never libxml2's.
struct FeedEncodingCLITests {
    @Test func anEncodingErrorIsNeverLibxml2sOwnOutput() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = folder.appendingPathComponent("w.xml")
        // Declared windows-1252, with 0x8D, a byte windows-1252 leaves undefined: libxml2 used to
        // print "encoding error : input conversion failed" and "I/O error : encoder error" on
        // standard error, and the rest of the feed was lost.
        let bytes =
            Array(
                "<?xml version=\"1.0\" encoding=\"windows-1252\"?><rss version=\"2.0\"><channel><title>t</title>".utf8)
            + Array("<item><title>Odd ".utf8) + [0x8D]
            + Array(" byte</title><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item></channel></rss>".utf8)
        try Data(bytes).write(to: feed)
        let result = try await runProcess(
            DigestCLITests.binaryPath, ["items", "--since", "2024-06-01", "--until", "2024-06-30", feed.path],
            directory: folder)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.output.contains("Odd byte"))
        #expect(!result.stderr.contains("encoding error") && !result.stderr.contains("I/O error"), "\(result.stderr)")
        #expect(result.stderr.isEmpty, "\(result.stderr)")
    }
}
