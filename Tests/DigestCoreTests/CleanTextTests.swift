import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// No text from a source can break the build or reach a reader as a control character, a
/// script's code or template syntax.
struct CleanTextTests {
    static func build(_ sources: [String]) throws -> DigestBuild.Outcome {
        let settings = DigestBuild.Settings(
            sources: sources.map { DetectedSource(SourceSpec($0), readDay: Day(iso: "2019-04-20")!) },
            selection: Selection(window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2019-04-20")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Digest",
            from: try Mailbox(parsing: "Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2019-04-20T07:30:00Z")!)
        return try DigestBuild(settings: settings).run()
    }

    @Test func controlCharactersScriptsTemplateTagsAndBareLinksFromAListing() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var text = try String(contentsOfFile: TestFiles.sample, encoding: .utf8)
        text = text.replacingOccurrences(
            of: "15 cities learn from Toulouse", with: "15 cities {{learn}} from\u{7} Toulouse\u{1B}[31m")
        text = text.replacingOccurrences(
            of: "How can cities support Roma",
            with: "Mail mailto:editor@example.org or read https://www.example.org/page. <script>alert('x')</script>"
                + "Bell\u{7}, NUL\u{0}, CR\r alone. How can cities support Roma")
        let path = folder.appendingPathComponent("listing.txt").path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let outcome = try Self.build([path])
        let message = try #require(outcome.message)
        #expect(MessageCheck.findings(in: message.bytes()) == [])
        let item = try #require(outcome.digest.items.first { $0.title.contains("Toulouse") })
        #expect(item.title.hasPrefix("15 cities {\u{2060}{learn}\u{2060}} from Toulouse how to support"))
        #expect(!CleanText.hasControls(item.summary))
        #expect(!item.summary.contains("alert"))
        #expect(item.summary.contains("<mailto:editor@example.org>"))
        #expect(item.summary.contains("<https://www.example.org/page>."))
        for body in [message.html, message.text] {
            #expect(!body.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\t" && $0 != "\r" })
            #expect(!body.contains("alert("))
        }
    }

    @Test func controlCharactersAndTemplateTagsFromAJSONFeed() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("feed.json").path
        let json = #"""
            {"version": "https://jsonfeed.org/version/1.1", "title": "T\u0007",
             "items": [{"id": "1", "title": "Ring\u0007 {{bell}}", "content_text": "Esc\u001b[1m bold",
                        "tags": ["ta\u0000g"], "date_published": "2019-04-10T12:00:00Z"}]}
            """#
        try Data(json.utf8).write(to: URL(fileURLWithPath: path))
        let outcome = try Self.build([path])
        let item = try #require(outcome.digest.items.first)
        #expect(item.title == "Ring {\u{2060}{bell}\u{2060}}")
        #expect(item.summary == "Esc bold")
        #expect(item.topics == ["tag"])
        #expect(MessageCheck.findings(in: try #require(outcome.message).bytes()) == [])
    }

    @Test(
        arguments: [
            ("plain", "plain"),
            ("a\u{0}b\u{7}c\u{1B}[0;31md", "abcd"),
            ("tab\tand\nnewline", "tab\tand\nnewline"),
            ("crlf\r\nline", "crlf\nline"),
            ("bare\rcr", "bare\ncr"),
            ("c1\u{85}\u{9F}", "c1"),
            ("del\u{7F}", "del"),
        ])
    func controlCharactersAreRemoved(input: String, output: String) {
        #expect(CleanText.removingControls(input) == output)
    }
}
