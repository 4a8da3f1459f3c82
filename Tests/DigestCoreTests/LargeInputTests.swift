import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// A 2 MB summary and a 4 MB title cost about what a normal item costs: only what an item can
/// hold is converted, every field is cut to ``ItemLimits``, and no message quotes more than
/// 200 characters of the input.
struct LargeInputTests {
    static func build(_ feed: String) throws -> (DigestBuild.Outcome, Double) {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("big.xml").path
        try Data(feed.utf8).write(to: URL(fileURLWithPath: path))
        let settings = DigestBuild.Settings(
            sources: [DetectedSource(SourceSpec(path), readDay: Day(iso: "2019-04-20")!)],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-20")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Digest",
            from: try Mailbox(parsing: "Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2019-04-20T07:30:00Z")!)
        let started = Date()
        let outcome = try DigestBuild(settings: settings).run()
        return (outcome, Date().timeIntervalSince(started))
    }

    static func feed(title: String, summary: String) -> String {
        """
        <?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>
        <item><title>\(title)</title><link>https://big.example.org/1</link>
        <description>\(HTMLEscape.text(summary))</description><pubDate>Tue, 16 Apr 2019 12:00:00 GMT</pubDate></item>
        </channel></rss>
        """
    }

    @Test func aTwoMegabyteSummaryIsCutAndCheap() throws {
        let markup =
            "<p>" + String(repeating: "<b>bold</b> <i>word</i> <a href='https://x.example/a'>link</a> ", count: 35_000)
        #expect(markup.utf8.count > 2_000_000)
        let (outcome, seconds) = try Self.build(Self.feed(title: "Huge summary", summary: markup))
        // Under 1 s alone in a debug build (0.2 s in release); 2 s leaves room for the whole suite running beside it.
        #expect(seconds < 2, "a 2 MB summary took \(seconds) s")
        let message = try #require(outcome.message)
        #expect(message.bytes().count < 200_000)
        let item = try #require(outcome.digest.items.first)
        #expect(item.summary.count <= ItemLimits.summary + 2)
        #expect(item.summary.hasSuffix(" …"))
        #expect(outcome.diagnostics.map(\.problem) == ["the summary is longer than 20000 characters; cut there"])
        #expect(outcome.diagnostics.allSatisfy { $0.description.count <= 400 })
    }

    @Test func aFourMegabyteTitleIsCutAndCheap() throws {
        let title = String(repeating: "word ", count: 840_000)
        let (outcome, seconds) = try Self.build(Self.feed(title: title, summary: "short"))
        #expect(seconds < 2, "a 4 MB title took \(seconds) s")
        let item = try #require(outcome.digest.items.first)
        #expect(item.title.count <= ItemLimits.title + 2)
        #expect(try #require(outcome.message).bytes().count < 100_000)
        let warning = try #require(outcome.diagnostics.first)
        #expect(warning.problem == "the title is longer than 300 characters; cut there")
        #expect(warning.description.count <= 400)
    }

    @Test func aFourMegabyteTopicLineInAListingIsCut() throws {
        let topic = String(repeating: "topic ", count: 700_000)
        let item = Item(
            id: "x", title: "t", summary: "s", kind: .news, date: Day(iso: "2019-04-16")!, topics: [topic],
            origin: SourceLocation(file: "x"))
        #expect(item.topics[0].count <= ItemLimits.topic + 2)
    }
}
