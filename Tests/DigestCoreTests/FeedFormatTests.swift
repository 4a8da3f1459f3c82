import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// The formats and extensions of `Fixtures/feeds/wild`, field by field.
struct FeedFormatTests {
    static let readDay = Day(iso: "2024-05-01")!

    static func read(_ name: String) throws -> SourceReading {
        try FeedSource(location: TestFiles.fixture("feeds/wild/\(name)"), readDay: readDay).read()
    }

    @Test func rss090AndRss10AreReadAsRDF() throws {
        let old = try Self.read("rss090.rdf")
        #expect(old.items.map(\.title) == ["Ferry pier reopens", "Night market on the quay"])
        #expect(old.items.allSatisfy { $0.date == Self.readDay && $0.topics == ["Harbour Notes"] })
        #expect(old.items[0].link == "https://harbour.example.org/pier")

        let rdf = try Self.read("rss10.rdf")
        #expect(rdf.diagnostics.isEmpty)
        #expect(rdf.items.map(\.date) == [Day(iso: "2024-03-14"), Day(iso: "2024-03-13")])
        #expect(rdf.items[0].summary == "The **full** text of the upload note.")  // content:encoded
        #expect(rdf.items[0].topics == ["uploads"])  // dc:subject
        #expect(rdf.items[1].summary == "Upgrade *now*.")
        #expect(rdf.items[1].link == "https://packages.example.org/n/2")  // rdf:about
    }

    @Test func elementsAreMatchedByNamespaceNotByName() throws {
        let reading = try Self.read("rss20-extensions.xml")
        #expect(
            reading.items.map(\.title) == [
                "Episode 12: Gardens on rooftops", "Episode 11: Tool libraries", "Episode 10: Repair cafés",
            ])
        let twelve = reading.items[0]
        #expect(twelve.summary == "The real description.")
        #expect(twelve.topics == ["gardens"])
        #expect(twelve.link == "https://radio.example.org/ep/12")  // the permalink guid
        // iTunes only when nothing else describes it; Media RSS inside a group.
        #expect(reading.items[1].summary == "Only the iTunes summary describes this one.")
        #expect(reading.items[2].summary == "Described inside a media group.")
        // The channel title is reduced from HTML like item titles; the atom:link before <link> is ignored.
        #expect(reading.items[1].topics == ["Radio Commons"])
    }

    @Test func namespacedRSSAtom03AndAtomWithoutNamespace() throws {
        #expect(try Self.read("rss20-namespaced.xml").items.map(\.title) == ["Namespaced item"])
        let draft = try Self.read("atom03.xml")
        #expect(draft.items.map(\.title) == ["Escaped content", "Base64 content", "XML <mode>"])
        #expect(draft.items[0].summary == "Hello *world*.")
        #expect(draft.items[0].date == Day(iso: "2024-02-19"))
        #expect(draft.items[1].summary == "Decoded from **base64**.")
        #expect(draft.items[2].summary == "Inline **XHTML**.")
        #expect(draft.items[2].date == Day(iso: "2024-02-17"))  // created
        let bare = try Self.read("atom-no-namespace.xml")
        #expect(bare.items.map(\.title) == ["Still an Atom entry"])
        #expect(bare.items[0].summary == "Read anyway.")
    }

    @Test func atomBase64ContentAndYouTubeMediaGroups() throws {
        let atom = try Self.read("atom10-content.xml")
        #expect(atom.items[0].summary == "Plain text hidden in base64.")
        #expect(atom.items[1].date == Day(iso: "2024-01-20"))
        #expect(atom.items[0].topics == ["Lab notes"])
        let video = try Self.read("youtube.xml")
        #expect(
            video.items[0].summary
                == "The council debates the transport budget.\n\nSecond paragraph of the description.")
    }

    @Test func untitledItemsAreTitledByTheirText() throws {
        let rss = try Self.read("rss092-untitled.xml")
        #expect(rss.diagnostics.isEmpty)
        #expect(
            rss.items.map(\.title) == [
                "Planted the first tomatoes of the year today.",
                "A very long thought without any full stop that keeps going and going well past…",
            ])
        #expect(rss.items.allSatisfy { $0.titleIsExcerpt })
        let json = try Self.read("jsonfeed11-untitled.json")
        #expect(json.items.map(\.title) == ["Morning walk along the canal.", "A titled post"])
        #expect(json.items.map(\.titleIsExcerpt) == [true, false])
        #expect(try Self.read("jsonfeed10.json").items.map(\.title) == ["Swifts are back", "Nest boxes"])
    }

    @Test func twoPostsWithTheSameTitleOnTheSameDayStayTwo() throws {
        let reading = try Self.read("identity.xml")
        #expect(reading.items.count == 2)
        #expect(Deduplication.collapse(reading.items).count == 2)
        // The same post read twice (the same guid) is one.
        #expect(Deduplication.collapse(reading.items + reading.items).count == 2)
    }

    @Test func brokenFeedsAreRecoveredWithAWarning() throws {
        for (name, title, mended) in [
            (
                "recover-leading-whitespace.xml", "Leading whitespace is forgiven",
                "whitespace before the XML declaration"
            ),
            ("recover-entities.xml", "Crème\u{A0}brûlée night — Friday", "HTML entities"),
            ("recover-bare-ampersand.xml", "Wood & metal workshop", "a bare “&”"),
            ("recover-control-characters.xml", "Bell and escape[31m inside", "control characters"),
        ] {
            let reading = try Self.read(name)
            #expect(reading.items.map(\.title) == [title], "\(name)")
            let warning = try #require(reading.diagnostics.first, "\(name) is recovered silently")
            #expect(warning.problem.contains("is not well-formed XML"))
            #expect(warning.problem.contains(mended), "\(name): \(warning.problem)")
        }
        // The blank lines before `<?xml` still count: the item is named by the line it is on.
        let blank = Array(
            "\n\r\n \r<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title>\n<item><title>On line 5</title><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item>\n</channel></rss>"
                .utf8)
        let lines = try FeedSource(location: "blank.xml", readDay: Self.readDay).parse(blank, address: nil)
        #expect(lines.items.map(\.origin.line) == [5])
        #expect(lines.diagnostics.first?.problem.contains("whitespace before the XML declaration") == true)
        let entities = try Self.read("recover-entities.xml")
        #expect(entities.items[0].summary == "Tickets €5 \\& up.")
        #expect(entities.items[0].topics == ["Café Society"])
    }

    @Test func charsetsFromTheDeclarationTheBOMAndDetection() throws {
        #expect(try Self.read("charset-koi8r-declared.xml").items.map(\.title) == ["Открытие библиотеки"])
        #expect(try Self.read("charset-windows1252-declared.xml").items.map(\.title) == ["It’s a “test” – really"])
        #expect(try Self.read("charset-utf16-bom.xml").items.map(\.title) == ["Zwölf Boxkämpfer"])
        let latin = try Self.read("charset-latin1-undeclared.xml")
        #expect(latin.items.map(\.title) == ["Fête de la musique à Lyon"])
        #expect(
            latin.diagnostics.map(\.problem) == ["the feed declares no encoding but is not UTF-8; read as windows-1252"]
        )
    }

    /// An RSS feed whose one title is `Café “quoted” €5 and ` 0x8D ` after` in windows-1252:
    /// 0x8D is one of the five bytes windows-1252 leaves undefined.
    static func windows1252(declaring declaration: String) -> [UInt8] {
        Array("\(declaration)<rss version=\"2.0\"><channel><title>t</title><item><title>Caf".utf8) + [0xE9, 0x20, 0x93]
            + Array("quoted".utf8) + [0x94, 0x20, 0x80] + Array("5 and ".utf8) + [0x8D]
            + Array(
                " after</title><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item><item><title>Second</title></item></channel></rss>"
                    .utf8)
    }

    @Test func windows1252sUndefinedBytesDoNotCutTheFeed() throws {
        // iconv stopped at 0x8D, and the rest of the feed was lost; browsers read it as U+008D.
        for declaration in ["<?xml version=\"1.0\" encoding=\"windows-1252\"?>", "<?xml version=\"1.0\"?>", ""] {
            let reading = try FeedSource(location: "w.xml", readDay: Self.readDay).parse(
                Self.windows1252(declaring: declaration), address: nil)
            #expect(reading.items.map(\.title) == ["Café “quoted” €5 and after", "Second"], "\(declaration)")
            #expect(
                reading.diagnostics.map(\.problem)
                    == (declaration.contains("windows-1252")
                        ? [] : ["the feed declares no encoding but is not UTF-8; read as windows-1252"]))
        }
        let served = try FeedSource(location: "w.xml", readDay: Self.readDay).parse(
            Self.windows1252(declaring: ""), address: nil, httpCharset: "windows-1252")
        #expect(served.items.map(\.title) == ["Café “quoted” €5 and after", "Second"])
        #expect(served.diagnostics.isEmpty)
    }

    @Test func anUnknownEncodingIsRefusedInASentence() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("feed.xml").path
        try Data("<?xml version=\"1.0\" encoding=\"x-martian\"?><rss version=\"2.0\"><channel/></rss>".utf8)
            .write(to: URL(fileURLWithPath: path))
        #expect {
            try FeedSource(location: path, readDay: Self.readDay).read()
        } throws: { error in
            (error as? DigestError)?.description.contains(
                "its XML declaration names “x-martian”, an encoding digest cannot read") == true
        }
    }

    @Test func aFeedWithTheWrongRootSaysWhatItIs() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("feed.xml").path
        try Data("<feed xmlns=\"http://example.com/not-atom\"><entry/></feed>".utf8).write(
            to: URL(fileURLWithPath: path))
        #expect {
            try FeedSource(location: path, readDay: Self.readDay).read()
        } throws: { error in
            (error as? DigestError)?.description.contains(
                "whose root element is <feed> in the namespace “http://example.com/not-atom”; Atom needs the namespace “http://www.w3.org/2005/Atom”"
            ) == true
        }
    }
}
