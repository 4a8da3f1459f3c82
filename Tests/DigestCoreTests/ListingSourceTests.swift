import DigestCore
import DigestTestSupport
import Foundation
import Testing

struct ListingSourceTests {
    /// DESIGN.md's table of the seed, newest first: date, kind, title start, topics, event end.
    static let expected: [(String, ItemKind, String, [String])] = [
        ("2019-04-19", .news, "15 cities learn from Toulouse", ["social innovation"]),
        ("2019-04-16", .news, "Bologna is 22nd city", ["cooperation"]),
        ("2019-04-05", .publication, "EUROCITIES principles on citizen data", ["knowledge society"]),
        ("2019-04-04", .event, "Regulating the urban commons", ["cooperation", "culture"]),
        ("2019-04-02", .news, "Key takeaways", ["social innovation"]),
        ("2019-03-28", .publication, "Open Access Government", ["social innovation"]),
        ("2019-03-25", .news, "74 cities have already signed", ["cooperation"]),
        ("2019-03-22", .publication, "Cities Today", ["cooperation"]),
        ("2019-03-22", .news, "Join our webinar", ["cooperation", "culture"]),
        (
            "2019-03-21", .news, "A wake up call",
            ["cooperation", "culture", "economy", "environment", "knowledge society", "mobility"]
        ),
    ]

    @Test func seedReadsAsTheTenItemsOfTheDesign() throws {
        let reading = try ListingSource(path: TestFiles.fixture("social-innovation-listing.txt")).read()
        #expect(reading.diagnostics.isEmpty)
        #expect(reading.items.count == 10)
        for (date, kind, title, topics) in Self.expected {
            let matches = reading.items.filter { $0.title.hasPrefix(title) }
            try #require(matches.count == 1, "one item titled \(title)…")
            let item = matches[0]
            #expect(item.date == Day(iso: date), "\(title)")
            #expect(item.kind == kind, "\(title)")
            #expect(item.topics == topics, "\(title)")
            #expect(!item.summary.isEmpty, "\(title)")
            #expect(!item.title.contains("\n"))
        }
        let event = try #require(reading.items.first { $0.kind == .event })
        #expect(event.end == Day(iso: "2019-04-04"))
        #expect(reading.items.allSatisfy { $0.kind == .event || $0.end == nil })
    }

    @Test func theFirstItemIsToldFromThePageIntro() throws {
        let reading = try ListingSource(path: TestFiles.fixture("social-innovation-listing.txt")).read()
        let first = try #require(reading.items.first)
        #expect(first.title == "15 cities learn from Toulouse how to support Roma to access adequate housing")
        #expect(first.summary.hasPrefix("How can cities support Roma"))
        #expect(first.origin.line == 11)
    }

    @Test func multiParagraphSummariesAndNoBreakSpacesSurvive() throws {
        let listing = """
            page topic

            Intro paragraph ends like a sentence.

              •\u{00A0}\u{00A0}transport\u{00A0}

            Trams return

            First paragraph.

            Second paragraph with *emphasis*.

            event

            start date: 01-05-2019
            end date: 03-05-2019

            """
        let reading = try read(listing)
        let item = try #require(reading.items.first)
        #expect(reading.diagnostics.isEmpty)
        #expect(item.topics == ["transport"])
        #expect(item.title == "Trams return")
        #expect(item.summary == "First paragraph.\n\nSecond paragraph with *emphasis*.")
        #expect(item.date == Day(iso: "2019-05-01"))
        #expect(item.end == Day(iso: "2019-05-03"))
    }

    @Test func aMalformedDateIsReportedWithItsLineAndSkipped() throws {
        let listing = """
            page

            Good one

            Text.

            news

            publication date: 01-03-2019

            Bad one

            Text.

            publication

            publication date: 31-02-2019

            Good two

            Text.

            news

            publication date: 02-03-2019
            """
        let reading = try read(listing, name: "bad.txt")
        #expect(reading.items.map(\.title) == ["Good one", "Good two"])
        let diagnostic = try #require(reading.diagnostics.first)
        #expect(reading.diagnostics.count == 1)
        #expect(diagnostic.location.line == 17)
        #expect(diagnostic.location.file.hasSuffix("bad.txt"))
        #expect(diagnostic.description.contains("31-02-2019"))
        #expect(diagnostic.description.contains("Bad one"))
    }

    @Test(arguments: [
        ("newsletter\n\npublication date: 01-03-2019", "kind line"),
        ("event\n\npublication date: 01-03-2019", "start date"),
        ("news\n\nstart date: 01-03-2019", "publication date"),
        ("event\n\nstart date: 05-03-2019\nend date: 01-03-2019", "before start date"),
        ("news", "not followed by a date line"),
        ("news\n\npublication date: 01-03-2019\npublication date: 02-03-2019", "a second “publication date” line"),
        ("event\n\nstart date: 01-03-2019\npublication date: 01-03-2019", "start date"),
        ("event\n\nstart date: 01-03-2019\nend date: 02-03-2019\nend date: 03-03-2019", "a second “end date” line"),
    ])
    func structuralProblemsAreReported(tail: String, expected: String) throws {
        let listing =
            "page\n\nTitle line\n\nSummary.\n\n\(tail)\n\nNext\n\nOk.\n\nnews\n\npublication date: 01-03-2019\n"
        let reading = try read(listing)
        let diagnostic = try #require(reading.diagnostics.first, "a diagnostic for \(tail)")
        #expect(diagnostic.problem.contains(expected), "\(diagnostic)")
        #expect(diagnostic.location.line != nil)
        #expect(reading.items.map(\.title) == ["Next"], "the item after the bad one is still read")
    }

    /// Date labels in any case; a date block with a line that is not a date is text; the tags
    /// of an item the window leaves out still count among the listing's topics.
    @Test func dateLabelsTextAmongDatesAndTheTopicsOfSkippedItems() throws {
        let listing = """
            page

              •  energy

            Old item

            Summary.

            news

            Publication DATE: 01-01-2019

              •  transport

            Kept item

            Summary.

            event

            START date: 02-03-2019
            End Date: 04-03-2019

            Late item

            Summary.

            news

            publication date: 05-03-2019
            and a line that is not a date

            news

            publication date: 06-03-2019
            """
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("listing.txt")
        try listing.write(to: file, atomically: true, encoding: .utf8)
        let window = DateWindow(since: Day(iso: "2019-03-01")!, until: Day(iso: "2019-03-31")!)
        let reading = try ListingSource(path: file.path).read(keeping: window)
        // The kind line before the mixed block is reported; the mixed block is the next item's title.
        let mixedTitle = "publication date: 05-03-2019 and a line that is not a date"
        #expect(reading.items.map(\.title) == ["Kept item", mixedTitle])
        #expect(reading.items.first?.end == Day(iso: "2019-03-04"))
        #expect(reading.topics.isSuperset(of: ["energy", "transport"]))
        let diagnostic = try #require(reading.diagnostics.first)
        #expect(diagnostic.problem.contains("not followed by a date line"), "\(diagnostic)")
    }

    @Test func textAfterTheLastItemIsReported() throws {
        let reading = try read("page\n\nTitle\n\nText.\n\nnews\n\npublication date: 01-03-2019\n\nDangling paragraph\n")
        #expect(reading.items.count == 1)
        #expect(reading.diagnostics.first?.problem.contains("no kind and date lines") == true)
        #expect(reading.diagnostics.first?.location.line == 11)
    }

    @Test func aFileThatIsNotUTF8NamesItsLine() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("latin1.txt")
        try Data("page\n\nTitle\n".utf8 + [0x63, 0x61, 0x66, 0xE9, 0x0A]).write(to: file)
        #expect(throws: DigestError.notUTF8(SourceLocation(file: file.path, line: 4))) {
            try ListingSource(path: file.path).read()
        }
    }

    @Test func aMissingFileIsAnError() {
        #expect(throws: DigestError.self) { try ListingSource(path: "/nonexistent/listing.txt").read() }
    }

    @Test func crlfFilesReadLikeLFFiles() throws {
        let seed = try String(contentsOfFile: TestFiles.fixture("social-innovation-listing.txt"), encoding: .utf8)
        let reading = try read(seed.replacingOccurrences(of: "\n", with: "\r\n"))
        #expect(reading.items.count == 10)
        #expect(reading.items.allSatisfy { !$0.title.contains("\r") && !$0.summary.contains("\r") })
    }

    private func read(_ text: String, name: String = "listing.txt") throws -> SourceReading {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent(name)
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try ListingSource(path: file.path).read()
    }
}
