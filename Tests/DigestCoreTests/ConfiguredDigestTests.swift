import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// A configuration pointing at a Markdown folder and two feed files makes one digest that
/// mixes them under the configured topics, windows and caps.
struct ConfiguredDigestTests {
    static func outcome(_ yaml: String, since: String = "2019-04-01", until: String = "2019-04-21") throws
        -> DigestBuild.Outcome
    {
        let folder = TestFiles.fixture("")
        let configuration = try DigestConfiguration(yaml: yaml, file: "digest.yml", folder: folder)
        let settings = try configuration.settings(
            since: Day(iso: since)!, until: Day(iso: until)!, date: MailDate(iso: until)!, defaultSources: [],
            defaultTemplates: TestFiles.templates)
        return try DigestBuild(settings: settings).run()
    }

    @Test func notesAndTwoFeedsMixUnderTheConfiguredTopics() throws {
        let outcome = try Self.outcome(
            """
            sources: [notes, feeds/rss.xml, feeds/feed.json]
            topics:
              - name: transport
                label: Getting around
              - mobility
            """)
        let digest = outcome.digest
        #expect(digest.sections.prefix(2).map(\.label) == ["Getting around", "mobility"])
        let transport = digest.sections[0].items.map(\.title)
        // The same tram news from the notes and the JSON feed: same title and date? No: different
        // titles, so both stay; each under its first configured topic.
        #expect(transport.contains("Tram line T9 opens"))
        #expect(transport.contains("Tram line opens"))
        #expect(digest.sections[1].items.map(\.title).contains("Bike lanes & buses: Lyon’s plan"))
        #expect(outcome.diagnostics.count == 3 + 1 + 2)  // notes, rss, json
        let text = try #require(outcome.message).bytes(lineEnding: .lf)
        #expect(String(decoding: text, as: UTF8.self).contains("Getting around"))
    }

    @Test func aTopicCapCutsTheSectionAndSaysHowManyMore() async throws {
        let outcome = try Self.outcome(
            """
            sources: [feeds/rss.xml]
            topics:
              - name: City Lab & Friends
                cap: 1
            """)
        let section = try #require(outcome.digest.sections.first)
        #expect(section.items.count == 1)
        #expect(section.omitted == 2)
        let mail = try await MailInspection.of(bytes: try #require(outcome.message).bytes(lineEnding: .crlf))
        let text = try #require(mail.parts?.first { $0.type == "text/plain" }).text
        #expect(text.contains("… and 2 more in City Lab & Friends."))
    }

    @Test func aTopicWindowKeepsOnlyItsLastDays() throws {
        let outcome = try Self.outcome(
            """
            sources: [feeds/rss.xml]
            topics:
              - name: City Lab & Friends
                window-days: 3
            """)
        // Of the untagged items (8 April, 20 April, 2 April), only 20 April is in the last 3 days.
        let section = try #require(outcome.digest.sections.first { $0.topic == "City Lab & Friends" })
        #expect(section.items.map(\.title) == ["Undated notice"])
        // Tagged items are in their own sections, with the whole window.
        #expect(outcome.digest.items.contains { $0.title.hasPrefix("Bike lanes") })
    }

    @Test func commandLineSourcesAreToldApartByContent() throws {
        let scratch = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        // A feed and a listing with misleading names.
        let feed = scratch.appendingPathComponent("feed.txt")
        try FileManager.default.copyItem(atPath: TestFiles.fixture("feeds/atom.xml"), toPath: feed.path)
        let listing = scratch.appendingPathComponent("listing.xml.bak")
        try FileManager.default.copyItem(atPath: TestFiles.sample, toPath: listing.path)
        let json = scratch.appendingPathComponent("feed")
        try FileManager.default.copyItem(atPath: TestFiles.fixture("feeds/feed.json"), toPath: json.path)
        let empty = scratch.appendingPathComponent("empty.xml")
        try Data().write(to: empty)
        let day = Day(iso: "2019-04-21")!
        #expect(try DetectedSource(SourceSpec(feed.path), readDay: day).kind() == .xmlFeed)
        #expect(try DetectedSource(SourceSpec(listing.path), readDay: day).kind() == .listing)
        #expect(try DetectedSource(SourceSpec(json.path), readDay: day).kind() == .jsonFeed)
        #expect(try DetectedSource(SourceSpec(TestFiles.fixture("notes")), readDay: day).kind() == .markdownFolder)
        #expect(try DetectedSource(SourceSpec(TestFiles.fixture("notes/tram.md")), readDay: day).kind() == .markdown)
        #expect(try DetectedSource(SourceSpec(feed.path), readDay: day).read().items.count == 3)
        #expect(try DetectedSource(SourceSpec(listing.path), readDay: day).read().items.count == 10)
        let emptyReading = try DetectedSource(SourceSpec(empty.path), readDay: day).read()
        #expect(emptyReading.diagnostics.map(\.description) == ["\(empty.path): the file is empty; skipped the source"])
        #expect(throws: DigestError.unreadable(path: "/nonexistent/x", reason: "no such file or folder")) {
            try DetectedSource(SourceSpec("/nonexistent/x"), readDay: day).read()
        }
    }
}

struct DuplicateAcrossSourcesTests {
    @Test func theSameItemFromTwoSourcesAppearsOnceWithTheRicherSummary() throws {
        let origin = SourceLocation(file: "a")
        let day = Day(iso: "2019-04-16")!
        let short = Item(
            id: "1", title: "Tram opens", summary: "Short.", kind: .news, date: day, topics: ["a"],
            link: "https://x.example/tram", origin: origin)
        let rich = Item(
            id: "2", title: "Tram line opens", summary: "A longer, richer summary.", kind: .news, date: day,
            topics: ["b"], link: "https://x.example/tram", origin: SourceLocation(file: "b"))
        let sameTitle = Item(
            id: "3", title: "TRAM OPENS", summary: "Longest summary of the three, by far.", kind: .news, date: day,
            topics: ["c"], origin: SourceLocation(file: "c"))
        let digest = Selection(window: DateWindow(since: day, until: day)).digest(from: [short, rich, sameTitle])
        #expect(digest.items.count == 1)
        let kept = try #require(digest.items.first)
        #expect(kept.id == "1")
        #expect(kept.topics == ["a"])
        #expect(kept.summary == "Longest summary of the three, by far.")
    }
}
