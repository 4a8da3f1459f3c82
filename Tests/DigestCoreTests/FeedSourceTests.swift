import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

struct FeedSourceTests {
    static let readDay = Day(iso: "2019-04-21")!

    static func read(_ name: String, topic: String? = nil) throws -> SourceReading {
        try FeedSource(location: TestFiles.fixture("feeds/\(name)"), topic: topic, readDay: readDay).read()
    }

    @Test func rssReadsDatesEntitiesCDATAContentEncodedAndRelativeLinks() throws {
        let reading = try Self.read("rss.xml")
        #expect(
            reading.items.map(\.title) == [
                "Bike lanes & buses: Lyon’s plan", "Open data week", "Undated notice", "Dublin Core dated",
            ])
        let lyon = reading.items[0]
        #expect(lyon.date == Day(iso: "2019-04-16"))
        #expect(lyon.topics == ["mobility", "environment"])
        #expect(lyon.link == "https://citylab.example.org/news/lyon-plan")
        // content:encoded wins over description; the relative link resolves against the item's link.
        #expect(lyon.summary.contains("**doubles**"))
        #expect(lyon.summary.contains("[bike lanes](<https://citylab.example.org/news/lanes.html>)"))
        #expect(lyon.summary.contains("- 40 km new\n- Safer *crossings*"))
        #expect(lyon.summary.contains("First line\\\nSecond line"))
        #expect(lyon.origin.line == 8)

        let openData = reading.items[1]
        #expect(openData.date == Day(iso: "2019-04-08"))  // two-digit year, named zone
        #expect(openData.summary == "Five days of **open data** \\& maps.")  // &amp;amp; is an escaped &amp;
        #expect(openData.topics == ["City Lab & Friends"])  // untagged: the feed's title

        // No date: the channel's lastBuildDate.
        #expect(reading.items[2].date == Day(iso: "2019-04-20"))
        #expect(reading.items[2].summary == "Plain text with 5 \\< 6 and \\*stars\\*.")
        #expect(reading.items[3].date == Day(iso: "2019-04-02"))

        let problem = try #require(reading.diagnostics.first)
        #expect(reading.diagnostics.count == 1)
        #expect(problem.location.line == 34)
        #expect(problem.description.contains("pubDate “Someday in April” is not an RFC 822 or RFC 3339 date"))
        #expect(problem.description.contains("skipped item “Bad date item”"))
    }

    @Test func rssUntaggedItemsTakeTheConfiguredTopic() throws {
        let reading = try Self.read("rss.xml", topic: "city lab")
        #expect(reading.items[1].topics == ["city lab"])
        #expect(reading.items[0].topics == ["mobility", "environment"])
    }

    @Test func atomReadsTextConstructsBasesAndCategories() throws {
        let reading = try Self.read("atom.xml")
        #expect(reading.diagnostics.isEmpty)
        #expect(reading.items.map(\.title) == ["Commons assembly in Ghent", "An XHTML entry", "Text entry"])
        let ghent = reading.items[0]
        #expect(ghent.date == Day(iso: "2019-04-12"))  // published, in its own zone, with fractions
        #expect(ghent.link == "https://blog.example.net/posts/2019/ghent.html")
        #expect(ghent.topics == ["Urban commons", "culture"])
        #expect(ghent.summary.contains("[report](<https://blog.example.net/posts/2019/report.pdf>)"))
        #expect(ghent.summary.contains("[about us](<https://blog.example.net/about>)"))
        let xhtml = reading.items[1]
        #expect(xhtml.date == Day(iso: "2019-04-10"))
        #expect(xhtml.summary == "Lists:\n\n1. one\n2. two")
        #expect(xhtml.topics == ["Urban Commons Blog"])
        let text = reading.items[2]
        #expect(text.date == Day(iso: "2019-04-18"))  // the feed's updated
        #expect(text.summary == "A \\<plain\\> text summary \\& more.")
    }

    @Test func jsonFeedReadsItemsAndReportsBadOnesByIndex() throws {
        let reading = try Self.read("feed.json")
        #expect(reading.items.map(\.title) == ["Tram line opens", "Ferry timetable"])
        let tram = reading.items[0]
        #expect(tram.topics == ["mobility", "transport"])
        #expect(tram.summary == "The [T9 line](<https://notes.example.com/lines/t9>) opens \\& runs *every* 5 minutes.")
        #expect(reading.items[1].summary == "New timetable.\n\nSecond paragraph.")
        #expect(reading.items[1].topics == ["Mobility Notes"])
        #expect(reading.diagnostics.count == 2)
        #expect(reading.diagnostics[0].description.contains("item 3: “title” should be a string"))
        #expect(reading.diagnostics[1].description.contains("item 4: date_published “15/04/2019”"))
    }

    @Test func aTruncatedFeedIsRecoveredWithAWarningThatNamesItsLine() throws {
        let text = try String(contentsOfFile: TestFiles.fixture("feeds/rss.xml"), encoding: .utf8)
        let cut = String(text.prefix(900))
        let reading = try FeedSource(location: "cut.xml", readDay: Self.readDay).parse(Array(cut.utf8), address: nil)
        #expect(reading.items.map(\.title) == ["Bike lanes & buses: Lyon’s plan"])
        let warning = try #require(reading.diagnostics.first)
        #expect(warning.location.file == "cut.xml")
        #expect(warning.problem.hasPrefix("the feed is not well-formed XML at line 16: "))
    }

    @Test func aDocumentNothingCanBeReadFromIsAnErrorWithItsLine() throws {
        #expect {
            try FeedSource(location: "cut.xml", readDay: Self.readDay).parse(Array("<\n\n<<".utf8), address: nil)
        } throws: { error in
            guard case .malformedFeed(let location, _) = error as? DigestError else { return false }
            return location.file == "cut.xml" && location.line != nil
        }
    }

    @Test func anHTMLPageOrOtherXMLIsNotAFeed() throws {
        let html = Array("<!DOCTYPE html><html><body><p>hi</p></body></html>".utf8)
        #expect(throws: DigestError.self) {
            try FeedSource(location: "page.xml", readDay: Self.readDay).parse(html, address: nil)
        }
        let other = Array("<?xml version=\"1.0\"?><catalog/>".utf8)
        #expect(
            throws: DigestError.unknownSourceKind(
                path: "x.xml",
                found:
                    "an XML document whose root element is <catalog> in no namespace; a feed’s root is <rss>, <rdf:RDF> or <feed>"
            )
        ) {
            try FeedSource(location: "x.xml", readDay: Self.readDay).parse(other, address: nil)
        }
    }

    @Test func anEntityBombIsRefused() throws {
        let bomb = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
            <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
            <rss version="2.0"><channel><title>t</title><item><title>x &d;</title>
            <pubDate>Tue, 16 Apr 2019 09:30:00 GMT</pubDate></item></channel></rss>
            """
        do {
            let reading = try FeedSource(location: "bomb.xml", readDay: Self.readDay).parse(
                Array(bomb.utf8), address: nil)
            #expect(!reading.items.contains { $0.title.contains("aaaa") })
        } catch {
            guard case .malformedFeed(let location, _) = error else { throw error }
            #expect(location.file == "bomb.xml")
        }
    }

    @Test func externalEntitiesAreNeverLoaded() throws {
        let feed = """
            <?xml version="1.0"?>
            <!DOCTYPE rss [<!ENTITY ext SYSTEM "file:///etc/passwd">]>
            <rss version="2.0"><channel><title>t</title><item><title>x &ext; y</title>
            <pubDate>Tue, 16 Apr 2019 09:30:00 GMT</pubDate></item></channel></rss>
            """
        let reading = try FeedSource(location: "ext.xml", readDay: Self.readDay).parse(Array(feed.utf8), address: nil)
        #expect(reading.items.map(\.title) == ["x y"])
    }
}
