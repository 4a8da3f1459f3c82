import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// An entry's picture: Media RSS, image enclosures, `media:thumbnail` when there is no other,
/// JSON Feed's `image`; https only, no tracking pixels; drawn in the HTML part no wider than
/// the column, with alt text, linked like the title.
struct FeedImageTests {
    static let day = Day(iso: "2024-06-30")!

    static func read(_ text: String, name: String = "feed.xml") throws -> [Item] {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        let reading = try FeedSource(location: path, readDay: day).read()
        #expect(reading.diagnostics.isEmpty, "\(reading.diagnostics)")
        return reading.items
    }

    static func rss(_ items: String) -> String {
        """
        <?xml version="1.0"?>
        <rss version="2.0" xmlns:m="http://search.yahoo.com/mrss/">
        <channel><title>Lab</title><link>https://lab.example.org/</link>
        \(items)
        </channel></rss>
        """
    }

    @Test func aYouTubeEntryTakesItsGroupsThumbnail() throws {
        let items = try Self.read(
            """
            <?xml version="1.0" encoding="UTF-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
            <title>Channel</title>
            <entry><id>yt:video:abc</id><title>Rooftop gardens, a tour</title>
            <link rel="alternate" href="https://www.youtube.com/watch?v=abc"/>
            <published>2024-06-25T10:00:00+00:00</published>
            <media:group><media:title>Rooftop gardens, a tour</media:title>
            <media:content url="https://www.youtube.com/v/abc?version=3" type="application/x-shockwave-flash" width="640" height="390"/>
            <media:thumbnail url="https://i1.ytimg.com/vi/abc/hqdefault.jpg" width="480" height="360"/>
            <media:description>A walk over three roofs.</media:description></media:group>
            </entry></feed>
            """, name: "yt.xml")
        let image = try #require(items.first?.image)
        #expect(image.url == "https://i1.ytimg.com/vi/abc/hqdefault.jpg")
        #expect(image.width == 480 && image.height == 360)
        #expect(image.alt == "Rooftop gardens, a tour")  // no description of its own: the title
        #expect(items.first?.summary == "A walk over three roofs.")
    }

    @Test func anImageOfItsOwnComesBeforeTheThumbnail() throws {
        let items = try Self.read(
            Self.rss(
                """
                <item><title>Media content</title><link>https://lab.example.org/1</link>
                <m:thumbnail url="https://cdn.example.org/1-small.jpg" width="120" height="90"/>
                <m:content url="https://cdn.example.org/1-large.jpg" medium="image" width="3000" height="2000">
                <m:title>The pier at dawn</m:title></m:content>
                <m:content url="https://cdn.example.org/1-medium.jpg" type="image/jpeg" width="800" height="533"/>
                </item>
                <item><title>Enclosure</title>
                <enclosure url="https://cdn.example.org/2.png" type="image/png" length="1000"/>
                <m:thumbnail url="https://cdn.example.org/2-thumb.jpg"/></item>
                <item><title>Podcast</title>
                <enclosure url="https://cdn.example.org/3.mp3" type="audio/mpeg" length="1000"/>
                <m:thumbnail url="https://cdn.example.org/3-thumb.jpg"/></item>
                <item><title>Nothing</title><description>No picture.</description></item>
                """))
        #expect(
            items.map(\.image?.url) == [
                "https://cdn.example.org/1-medium.jpg",  // the widest of at most 1,072 px
                "https://cdn.example.org/2.png", "https://cdn.example.org/3-thumb.jpg", nil,
            ])
        #expect(items[0].image?.alt == "Media content")  // 1-medium has no title of its own
        #expect(items[0].image?.width == 800)
    }

    @Test func onlyHTTPSImagesAndNoTrackingPixels() throws {
        let items = try Self.read(
            Self.rss(
                """
                <item><title>Plain http</title><m:thumbnail url="http://cdn.example.org/a.jpg"/></item>
                <item><title>Pixel</title>
                <m:content url="https://track.example.org/p.gif" medium="image" width="1" height="1"/>
                <m:thumbnail url="https://cdn.example.org/b.jpg" width="200" height="100"/></item>
                <item><title>Script</title><m:thumbnail url="javascript:alert(1)"/></item>
                <item><title>Relative</title><m:thumbnail url="/img/c.jpg"/></item>
                <item><title>Unprefixed</title><thumbnail url="https://cdn.example.org/d.jpg"/></item>
                """))
        #expect(
            items.map(\.image?.url) == [
                nil, "https://cdn.example.org/b.jpg", nil, "https://lab.example.org/img/c.jpg", nil,
            ])
    }

    @Test func jsonFeedItemsTakeTheirImageElseTheirBanner() throws {
        let items = try Self.read(
            """
            {"version": "https://jsonfeed.org/version/1.1", "title": "Micro", "home_page_url": "https://micro.example.org/",
             "items": [
              {"id": "1", "title": "With image", "content_text": "a", "date_published": "2024-06-25T10:00:00Z",
               "image": "/i/1.jpg", "banner_image": "https://micro.example.org/b/1.jpg"},
              {"id": "2", "title": "With banner", "content_text": "b", "date_published": "2024-06-25T10:00:00Z",
               "image": "http://micro.example.org/i/2.jpg", "banner_image": "https://micro.example.org/b/2.jpg"},
              {"id": "3", "title": "Wrong type", "content_text": "c", "date_published": "2024-06-25T10:00:00Z",
               "image": 7}
             ]}
            """, name: "feed.json")
        #expect(
            items.map(\.image?.url) == [
                "https://micro.example.org/i/1.jpg", "https://micro.example.org/b/2.jpg", nil,
            ])
    }

    @Test func aMarkdownNoteNamesItsImageInItsFrontMatter() throws {
        func note(_ front: String) -> Result<Item, Diagnostic> {
            FrontMatter.item(
                "---\ntitle: Tram line opens\ndate: 2024-06-25\n\(front)---\nThe line opens.\n", file: "notes/tram.md",
                topic: "notes")
        }
        let pictured = try note("image: https://example.org/t9.jpg\nimage-alt: The first tram\n").get()
        #expect(pictured.image == ItemImage(url: "https://example.org/t9.jpg", alt: "The first tram", fallbackAlt: ""))
        #expect(try note("image: https://example.org/t9.jpg\n").get().image?.alt == "Tram line opens")
        #expect(try note("").get().image == nil)
        guard case .failure(let problem) = note("image: http://example.org/t9.jpg\n") else {
            Issue.record("a plain-http image is refused")
            return
        }
        #expect(
            problem.description
                == "notes/tram.md:4: image “http://example.org/t9.jpg” is not an absolute https address (an email loads no other); skipped item “Tram line opens”"
        )
    }

    @Test func theImageIsDrawnNoWiderThanTheColumnWithAltTextAndLinkedLikeTheTitle() throws {
        let wide = try #require(
            ItemImage(
                url: "https://cdn.example.org/pier.jpg?w=1600&h=900", alt: nil, fallbackAlt: "Pier \"reopens\"",
                width: 1600, height: 900))
        let unsized = try #require(ItemImage(url: "https://cdn.example.org/u.jpg", alt: "Market", fallbackAlt: "x"))
        let items = [
            Item(
                id: "a", title: "Pier \"reopens\"", summary: "The ferry is back.", kind: .news, date: Self.day,
                topics: ["harbour"], link: "https://lab.example.org/pier", origin: SourceLocation(file: "f"),
                image: wide),
            Item(
                id: "b", title: "Market", summary: "Stalls.", kind: .news, date: Self.day, topics: ["harbour"],
                origin: SourceLocation(file: "f"), image: unsized),
        ]
        let message = try Self.message(items)
        let html = message.html
        #expect(
            html.contains(
                "<a href=\"https://lab.example.org/pier\" style=\"text-decoration:none;\"><img src=\"https://cdn.example.org/pier.jpg?w=1600&amp;h=900\" alt=\"Pier &quot;reopens&quot;\" width=\"536\" height=\"302\" style=\"display:block;max-width:100%;height:auto;border:0;width:536px;\"></a>"
            ))
        #expect(
            html.contains(
                "<img src=\"https://cdn.example.org/u.jpg\" alt=\"Market\" width=\"100%\" style=\"display:block;width:100%;max-width:100%;height:auto;border:0;\">"
            ))
        #expect(!message.text.contains("cdn.example.org"))  // the text part has no pictures
        let findings = MessageCheck.findings(in: message.bytes(lineEnding: .crlf))
        #expect(findings.isEmpty, "\(findings)")
    }

    /// Alt text from a feed with a `"` and a combining mark after it stays inside its
    /// attribute: the message has no `onerror` attribute, only its escaped text.
    @Test func altTextWithAQuoteAndACombiningMarkStaysInsideTheAttribute() throws {
        let image = try #require(
            ItemImage(url: "https://cdn.example.org/p.jpg", alt: "Pier\"\u{301} onerror=\"alert(1)", fallbackAlt: ""))
        let item = Item(
            id: "a", title: "Pier", summary: "The ferry is back.", kind: .news, date: Self.day, topics: ["harbour"],
            origin: SourceLocation(file: "f"), image: image)
        let message = try Self.message([item])
        #expect(message.html.contains("alt=\"Pier&quot;\u{301} onerror=&quot;alert(1)\""))
        #expect(!message.html.contains("onerror=\""))
        let findings = MessageCheck.findings(in: message.bytes(lineEnding: .crlf))
        #expect(findings.isEmpty, "\(findings)")
    }

    @Test func anItemReadTwiceKeepsTheImageOfEitherCopy() {
        let image = ItemImage(url: "https://cdn.example.org/a.jpg", alt: nil, fallbackAlt: "A")
        let plain = Item(
            id: "1", title: "A", summary: "Long enough summary.", kind: .news, date: Self.day, topics: ["t"],
            link: "https://lab.example.org/a", origin: SourceLocation(file: "one"))
        let pictured = Item(
            id: "2", title: "A", summary: "Short.", kind: .news, date: Self.day, topics: ["t"],
            link: "https://lab.example.org/a", origin: SourceLocation(file: "two"), image: image)
        let kept = Deduplication.collapse([plain, pictured])
        #expect(kept.count == 1 && kept[0].origin.file == "one" && kept[0].image == image)
        #expect(kept[0].summary == "Long enough summary.")
    }

    @Test func imagesCountAgainstTheHTMLBudget() throws {
        // 40 pictured items with a budget that fits only some: the cut leaves the message under it.
        let items = (1...40).map { index in
            Item(
                id: "i\(index)", title: "Item \(index)",
                summary: String(repeating: "Words and more words. ", count: 40),
                kind: .news, date: Self.day, topics: ["t"], link: "https://lab.example.org/\(index)",
                origin: SourceLocation(file: "f"),
                image: ItemImage(
                    url: "https://cdn.example.org/\(index)/" + String(repeating: "p", count: 300) + ".jpg", alt: nil,
                    fallbackAlt: "Item \(index)", width: 480, height: 360))
        }
        let budget = 40 * 1024
        let message = try Self.message(items, budget: budget)
        #expect(message.html.utf8.count <= budget)
        #expect(message.html.contains("<img src=\"https://cdn.example.org/1/"))
    }

    static func message(_ items: [Item], budget: Int = DigestRenderer.defaultBudget) throws -> MailMessage {
        var settings = DigestBuild.Settings(
            sources: [PreparedSource(items: items)],
            selection: Selection(window: DateWindow(since: Day(iso: "2024-06-20")!, until: day)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Digest",
            from: try Mailbox(parsing: "Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2024-06-30T07:30:00Z")!)
        settings.htmlBudget = budget
        return try #require(try DigestBuild(settings: settings).run().message)
    }

    /// Items already made, as a source.
    struct PreparedSource: ItemSource {
        var items: [Item]
        var name: String { "prepared" }
        func read() throws(DigestError) -> SourceReading { SourceReading(items: items) }
    }
}
