import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// What the state store keeps of a feed's answer, against a real HTTP server on 127.0.0.1: the
/// parsed document, used on a `304 Not Modified` instead of parsing the body again; a body or a
/// document it cannot use; and the pruning of answers no build used for 90 days.
struct KeptFeedAnswerTests {
    typealias Host = ConditionalGetTests.FeedHost

    /// A scratch folder's state file, and a cache in it.
    static func state() throws -> (folder: URL, path: String, cache: StateFeedCache) {
        let folder = try TestFiles.scratchFolder()
        let path = folder.appendingPathComponent("digest.sqlite").path
        return (folder, path, StateFeedCache(stateFile: path, messages: nil))
    }

    @Test func a304IsAnsweredFromTheKeptDocumentWithoutParsingAgain() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try Host(ConditionalGetTests.feed(["First light", "Second look"]))
        let (_, firstBytes) = try await ConditionalGetTests.build(host.url, cache: cache)
        let store = try StateStore.open(at: path, messages: nil)
        let kept = try #require(try store.feedValidators(for: host.url))
        #expect(kept.body == nil)  // parsed, so not kept
        #expect(kept.document?.format == FeedDocument.format)

        // Nothing left could be parsed into these items: the kept body is not a feed, and the
        // host's feed is gone too (it answers 304 to the kept tag and would send this otherwise).
        try store.setFeedValidators(
            kept.validators, body: Array("<not a feed".utf8), contentType: kept.contentType, document: kept.document,
            for: host.url)
        host.feed.value = Array("<not a feed either".utf8)
        let (second, secondBytes) = try await ConditionalGetTests.build(
            host.url, cache: StateFeedCache(stateFile: path, messages: nil))
        #expect(second.diagnostics.isEmpty && second.unreadable.isEmpty)
        #expect(secondBytes == firstBytes)
        #expect(host.conditional.count == 1 && host.server.requests.count == 2)
        withExtendedLifetime(host) {}
    }

    @Test func theKeptDocumentHoldsMarkdownSoA304ConvertsNothing() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try Host(ConditionalGetTests.feed(["Converted once"]))
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        let store = try StateStore.open(at: path, messages: nil)
        let kept = try #require(try store.feedValidators(for: host.url))
        var document = try #require(kept.document.flatMap(FeedDocument.init))
        guard case .feed(var prepared) = document.content else {
            Issue.record("not a feed")
            return
        }
        #expect(prepared.entries.map(\.summary) == ["About Converted once."])
        prepared.entries[0].summary = "What the *kept* document says."
        document.content = .feed(prepared)
        try store.setFeedValidators(kept.validators, body: nil, document: document.kept, for: host.url)

        let (outcome, _) = try await ConditionalGetTests.build(host.url, cache: cache)
        #expect(outcome.digest.items.map(\.summary) == ["What the *kept* document says."])
        #expect(host.conditional.count == 1)
        withExtendedLifetime(host) {}
    }

    @Test func whatDependsOnTheRunIsMadeAgainFromTheKeptDocument() async throws {
        let (folder, _, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try Host(
            Array(
                """
                <?xml version="1.0"?><rss version="2.0"><channel><title>Lab</title>
                <item><title>Undated</title><link>https://example.org/u</link></item></channel></rss>
                """.utf8))
        let url = host.url
        func read(topic: String, day: String) async throws -> [Item] {
            try await offThePool {
                try FeedSource(location: url, topic: topic, timeout: 5, readDay: Day(iso: day)!, cache: cache).read()
                    .items
            }
        }
        let first = try await read(topic: "lab", day: "2024-06-28")
        let second = try await read(topic: "science", day: "2024-06-30")
        #expect(host.conditional.count == 1)
        #expect(first.map(\.topics) == [["lab"]] && first.map(\.date) == [Day(iso: "2024-06-28")!])
        #expect(second.map(\.topics) == [["science"]] && second.map(\.date) == [Day(iso: "2024-06-30")!])
        withExtendedLifetime(host) {}
    }

    @Test func theKeptDocumentCarriesTheParsesWarnings() async throws {
        let (folder, _, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        // Not well-formed (a bare `&`, `&nbsp;`): read the way feed readers recover it, with a warning.
        let feed = Array(
            """
            <?xml version="1.0"?><rss version="2.0"><channel><title>Lab & co</title>
            <item><title>Tea&nbsp;time</title><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item></channel></rss>
            """.utf8)
        let host = try Host(feed)
        let (first, _) = try await ConditionalGetTests.build(host.url, cache: cache)
        let (again, _) = try await ConditionalGetTests.build(host.url, cache: cache)
        #expect(host.conditional.count == 1)
        #expect(first.digest.items.count == 1)
        #expect(again.digest.items.map(\.title) == first.digest.items.map(\.title))
        #expect(first.diagnostics.map(\.problem).first?.hasPrefix("the feed is not well-formed XML") == true)
        #expect(again.diagnostics == first.diagnostics)
        withExtendedLifetime(host) {}
    }

    @Test func aBodyAnOlderDigestKeptIsParsedOnceThenTheDocumentIsKept() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let feed = ConditionalGetTests.feed(["Kept as bytes"])
        let host = try Host(feed)
        // What digest kept before documents were: the host's current tag and its body.
        try StateStore.open(at: path, messages: nil).setFeedValidators(
            FeedValidators(etag: "\"v1\""), body: feed, contentType: "application/rss+xml", for: host.url)
        let (outcome, _) = try await ConditionalGetTests.build(host.url, cache: cache)
        #expect(outcome.digest.items.map(\.title) == ["Kept as bytes"])
        #expect(host.conditional.count == 1 && host.server.requests.count == 1)
        let kept = try #require(try StateStore.open(at: path, messages: nil).feedValidators(for: host.url))
        #expect(kept.body == nil && kept.document?.format == FeedDocument.format)
        #expect(kept.validators == FeedValidators(etag: "\"v1\"", lastModified: "Fri, 28 Jun 2024 08:00:00 GMT"))
        withExtendedLifetime(host) {}
    }

    @Test func aDocumentOfAnotherFormatIsNeverDecodedAndTheFeedIsFetchedWhole() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try Host(ConditionalGetTests.feed(["Read afresh"]))
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        let store = try StateStore.open(at: path, messages: nil)
        let kept = try #require(try store.feedValidators(for: host.url))
        // The same document, with another title, as another version of digest would have kept it.
        var stale = try #require(kept.document.flatMap(FeedDocument.init))
        guard case .feed(var parsed) = stale.content else { Issue.record("not a feed"); return }
        parsed.entries[0].title = "Parsed by another digest"
        stale.content = .feed(parsed)
        try store.setFeedValidators(
            kept.validators, body: nil,
            document: KeptDocument(format: "digest 0.0.1, document 1", bytes: stale.kept.bytes), for: host.url)

        let (outcome, _) = try await ConditionalGetTests.build(host.url, cache: cache)
        #expect(outcome.digest.items.map(\.title) == ["Read afresh"])
        #expect(host.conditional.isEmpty && host.server.requests.count == 2)  // asked for it whole
        #expect(try store.feedValidators(for: host.url)?.document == kept.document)
        withExtendedLifetime(host) {}
    }

    @Test func aDamagedKeptDocumentIsReportedAndTheFeedFetchedWhole() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try Host(ConditionalGetTests.feed(["Mended"]))
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        let store = try StateStore.open(at: path, messages: nil)
        let kept = try #require(try store.feedValidators(for: host.url))
        try store.setFeedValidators(
            kept.validators, body: nil, document: KeptDocument(format: FeedDocument.format, bytes: Array("{\"x".utf8)),
            for: host.url)

        let (outcome, _) = try await ConditionalGetTests.build(host.url, cache: cache)
        #expect(outcome.digest.items.map(\.title) == ["Mended"])
        #expect(outcome.diagnostics.map(\.problem) == ["the kept copy of the feed cannot be read"])
        #expect(host.conditional.count == 1 && host.server.requests.count == 3)
        #expect(try store.feedValidators(for: host.url)?.document == kept.document)
        withExtendedLifetime(host) {}
    }

    @Test func aPageIsKeptAsTheFeedItLinksTo() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = Array(
            """
            <!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/feed.xml">
            </head><body></body></html>
            """.utf8)
        let feed = ConditionalGetTests.feed(["Found from the page"])
        let server = try LoopbackServer { request in
            let tag = "\"\(request.path)\""
            if request.headers["if-none-match"] == tag { return .init(status: 304, headers: [("ETag", tag)]) }
            return request.path == "/"
                ? .init(headers: [("Content-Type", "text/html"), ("ETag", tag)], body: page)
                : .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", tag)], body: feed)
        }
        let url = server.url("/")
        for _ in 1...2 {
            let reading = try await offThePool {
                try FeedSource(location: url, timeout: 5, readDay: ConditionalGetTests.day, cache: cache).read()
            }
            #expect(reading.items.map(\.title) == ["Found from the page"] && reading.diagnostics.isEmpty)
        }
        #expect(server.requests.map(\.path) == ["/", "/feed.xml", "/", "/feed.xml"])
        #expect(server.requests.suffix(2).allSatisfy { $0.headers["if-none-match"] != nil })
        let kept = try #require(try StateStore.open(at: path, messages: nil).feedValidators(for: url))
        guard case .page(let link) = try #require(kept.document.flatMap(FeedDocument.init)).content else {
            Issue.record("the page is not kept as the feed it links to")
            return
        }
        #expect(link == server.url("/feed.xml") && kept.body == nil)
        withExtendedLifetime(server) {}
    }

    @Test func answersNoBuildUsedFor90DaysArePrunedAtTheFirstWrite() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try StateStore.open(at: path, messages: nil)
        let day: TimeInterval = 86_400
        let gone = "http://127.0.0.1:1/no-longer-configured.xml"
        let recent = "http://127.0.0.1:1/read-last-month.xml"
        try store.setFeedValidators(
            FeedValidators(etag: "\"a\""), body: [1], for: gone, at: Date(timeIntervalSinceNow: -91 * day))
        try store.setFeedValidators(
            FeedValidators(etag: "\"b\""), body: [2], for: recent, at: Date(timeIntervalSinceNow: -30 * day))
        #expect(StateFeedCache.unusedDays == 90)

        let host = try Host(ConditionalGetTests.feed(["Read now"]))
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        #expect(try store.feedValidators(for: gone) == nil)
        #expect(try store.feedValidators(for: recent)?.body == [2])
        #expect(try store.feedValidators(for: host.url) != nil)
        withExtendedLifetime(host) {}
    }

    @Test func a304RecordsItsUseAtMostOnceADay() async throws {
        let (folder, path, cache) = try Self.state()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try Host(ConditionalGetTests.feed(["Still there"]))
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        let store = try StateStore.open(at: path, messages: nil)
        let hourAgo = Date(timeIntervalSinceNow: -3600)
        try store.markFeedUsed(host.url, at: hourAgo)
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        let unchanged = try #require(try store.feedValidators(for: host.url)?.usedAt)
        #expect(abs(unchanged.timeIntervalSince(hourAgo)) < 0.01)  // a 304 within the day writes nothing

        let lastMonth = Date(timeIntervalSinceNow: -30 * 86_400)
        try store.markFeedUsed(host.url, at: lastMonth)
        _ = try await ConditionalGetTests.build(host.url, cache: cache)
        let used = try #require(try store.feedValidators(for: host.url)?.usedAt)
        #expect(-used.timeIntervalSinceNow < 600)
        #expect(host.conditional.count == 2)
        withExtendedLifetime(host) {}
    }
}
