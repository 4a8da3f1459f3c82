import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Every XML feed fixture of `Fixtures/feeds/wild` (written for digest), `Fixtures/feeds/feedparser`
/// (feedparser's own well-formed test feeds) and `Fixtures/feeds/gofeed` (gofeed's parser test
/// feeds), read by the real feedparser (Python) and by digest: the same number of entries, the
/// same titles, the same days.
struct FeedparserTableTests {
    static let folder = TestFiles.fixture("feeds/wild")
    static let readDay = Day(iso: "2024-05-01")!

    /// Days where feedparser is wrong and digest is not, with why (entry titles as keys).
    static let feedparserMisreads: [String: String] = [
        // Its ISO 8601 templates read `2024-107` as October; day 107 of 2024 is 16 April.
        "Date form 25": "2024-04-16",
        // Its Hungarian and Korean handlers come after the ISO 8601 one, which misreads them as 1 December.
        "Date form 28": "2024-04-16",
        "Date form 29": "2024-04-16",
    ]

    struct Expected: Decodable {
        struct Entry: Decodable {
            var title: String?
            var day: String?
            /// Whether it has a title or any text (digest skips one that has neither, with a warning).
            var text: Bool?
        }
        var version: String
        var bozo: Bool?
        var entries: [Entry]
    }

    static func feedparser(_ paths: [String]) async throws -> [String: Expected] {
        let script = TestFiles.packageRoot.appendingPathComponent("Tests/Support/feedparser_table.py").path
        let result = try await runProcess("/usr/bin/env", ["python3", script] + paths)
        try #require(
            result.status == 0,
            "python3 with feedparser failed (\(result.status)): \(result.stderr); run Scripts/setup --test")
        return try JSONDecoder().decode([String: Expected].self, from: result.stdout)
    }

    @Test func digestReadsWhatFeedparserReads() async throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.folder).filter { !$0.hasSuffix(".json") }
            .sorted()
        #expect(names.count >= 20)
        let paths = names.map { Self.folder + "/" + $0 }
        let expected = try await Self.feedparser(paths)
        var compared = 0
        for path in paths {
            let name = (path as NSString).lastPathComponent
            let wanted = try #require(expected[path], "feedparser said nothing about \(name)")
            #expect(!wanted.version.isEmpty, "feedparser does not read \(name) as a feed")
            let reading = try FeedSource(location: path, readDay: Self.readDay).read()
            #expect(reading.items.count == wanted.entries.count, "\(name): entry count")
            for (item, entry) in zip(reading.items, wanted.entries) {
                if let title = entry.title, !title.isEmpty {
                    #expect(item.title == title, "\(name): title")
                    #expect(!item.titleIsExcerpt)
                } else {
                    #expect(item.titleIsExcerpt, "\(name): an untitled entry gets a title from its text")
                }
                if let day = entry.day {
                    let want = Self.feedparserMisreads[item.title] ?? day
                    #expect(item.date == Day(iso: want), "\(name): day of “\(item.title)”")
                }
                compared += 1
            }
        }
        #expect(compared >= 60)
    }

    /// Test feeds whose only text digest does not show, by design, with why: digest skips their
    /// entries as having neither title nor text, with a warning.
    static let noTextForDigest: [String: String] = [
        // feedparser takes the title of an <image> nested inside <category> as the item's.
        "feedparser/rss/item_category_image.xml": "the only title is inside a category's image",
        // feedparser takes a media:title inside an <enclosure> as the item's (gofeed does not).
        "gofeed/rss/issue_217_enclosure_children.xml": "the only title is an enclosure's",
        "feedparser/rss/item_description_not_a_doctype2.xml": "the description is the markup `<!DOCTYPE`, no text",
        "feedparser/namespace/atommathml.xml": "MathML only", "feedparser/namespace/rss2.0mathml.xml": "MathML only",
        "feedparser/namespace/atomsvg.xml": "SVG only", "feedparser/namespace/atomsvgdesc.xml": "SVG only",
        "feedparser/namespace/atomsvgtitle.xml": "SVG only", "feedparser/namespace/atomxlink.xml": "SVG only",
        "feedparser/namespace/rss2.0svg.xml": "SVG only", "feedparser/namespace/rss2.0svg5.xml": "SVG only",
        "feedparser/namespace/rss2.0svgtitle.xml": "SVG only", "feedparser/namespace/rss2.0xlink.xml": "SVG only",
    ]

    /// Days feedparser converts to UTC where digest keeps the publisher's (entry titles as keys).
    static let feedparserConvertsToUTC: [String: String] = [
        // 2009-12-08T16:59:02-08:00 is the 9th in UTC.
        "bloffo bliff by te...": "2009-12-08"
    ]

    @Test(arguments: [("feedparser", 250), ("gofeed", 75)])
    func digestReadsPublicTestFeedsAsFeedparserDoes(suite: String, atLeast: Int) async throws {
        let folder = TestFiles.fixture("feeds/" + suite)
        let names = try FileManager.default.subpathsOfDirectory(atPath: folder).filter { $0.hasSuffix(".xml") }.sorted()
        #expect(names.count >= atLeast)
        let expected = try await Self.feedparser(names.map { folder + "/" + $0 })
        var compared = 0
        for name in names {
            let wanted = try #require(expected[folder + "/" + name], "feedparser said nothing about \(name)")
            #expect(!wanted.version.isEmpty && wanted.bozo == false, "feedparser does not read \(name) as a feed")
            let reading = try FeedSource(location: folder + "/" + name, readDay: Self.readDay).read()
            let shown =
                Self.noTextForDigest[suite + "/" + name] == nil ? wanted.entries.filter { $0.text == true } : []
            #expect(reading.items.count == shown.count, "\(name): entry count")
            let skipped = reading.diagnostics.filter { $0.problem.hasSuffix("has neither a title nor any text") }
            #expect(skipped.count == wanted.entries.count - shown.count, "\(name): \(reading.diagnostics)")
            for (item, entry) in zip(reading.items, shown) {
                if let title = entry.title, !title.isEmpty {
                    #expect(item.title == title, "\(name): title")
                } else {
                    #expect(item.titleIsExcerpt, "\(name): an untitled entry gets a title from its text")
                }
                if let day = entry.day {
                    let want = Self.feedparserConvertsToUTC[item.title] ?? day
                    #expect(item.date == Day(iso: want), "\(name): day of “\(item.title)”")
                }
                compared += 1
            }
        }
        #expect(compared >= atLeast)
    }
}
