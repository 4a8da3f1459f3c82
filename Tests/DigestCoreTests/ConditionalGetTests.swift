import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Conditional GET through the state store: a build remembers each http(s) feed's ETag and
/// Last-Modified with what it parsed, asks "has it changed?" next time, and uses what it kept on
/// a `304 Not Modified` (``KeptFeedAnswerTests``), against a real HTTP server on 127.0.0.1.
struct ConditionalGetTests {
    static let day = Day(iso: "2024-06-30")!

    /// An RSS feed of `titles`, one item a day from 21 June 2024.
    static func feed(_ titles: [String]) -> [UInt8] {
        let items = titles.enumerated().map { index, title in
            "<item><title>\(title)</title><link>https://example.org/\(index)</link>"
                + "<description>About \(title).</description>"
                + "<pubDate>\(21 + index) Jun 2024 12:00:00 GMT</pubDate></item>"
        }
        return Array(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Lab</title>\(items.joined())</channel></rss>"
                .utf8)
    }

    /// A feed host whose feed is `feed.value`, tagged `etag.value`; it answers 304 when asked
    /// with that tag (or, when `byDate`, with its Last-Modified date).
    final class FeedHost: Sendable {
        let feed: LockedBox<[UInt8]>
        let etag: LockedBox<String?>
        let lastModified: LockedBox<String?>
        let server: LoopbackServer

        init(_ feed: [UInt8], contentType: String = "application/rss+xml") throws {
            let box = LockedBox(feed)
            let etag = LockedBox<String?>("\"v1\"")
            let lastModified = LockedBox<String?>("Fri, 28 Jun 2024 08:00:00 GMT")
            self.feed = box
            self.etag = etag
            self.lastModified = lastModified
            server = try LoopbackServer { request in
                var headers = [("Content-Type", contentType)]
                if let tag = etag.value { headers.append(("ETag", tag)) }
                if let date = lastModified.value { headers.append(("Last-Modified", date)) }
                let matches =
                    etag.value != nil
                    ? request.headers["if-none-match"] == etag.value
                    : request.headers["if-modified-since"].map { $0 == lastModified.value } ?? false
                if matches { return .init(status: 304, headers: headers.filter { $0.0 != "Content-Type" }) }
                return .init(headers: headers, body: box.value)
            }
        }

        var url: String { server.url("/feed.xml") }
        /// The requests that carried a validator.
        var conditional: [LoopbackServer.Request] {
            server.requests.filter { $0.headers["if-none-match"] != nil || $0.headers["if-modified-since"] != nil }
        }
    }

    static func settings(_ url: String, cache: any FeedCache) throws -> DigestBuild.Settings {
        DigestBuild.Settings(
            sources: [DetectedSource(SourceSpec(url, topic: "lab"), timeout: 5, readDay: day, feedCache: cache)],
            selection: Selection(window: DateWindow(since: Day(iso: "2024-06-20")!, until: day)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Digest",
            from: try Mailbox(parsing: "Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2024-06-30T07:30:00Z")!)
    }

    /// A build's outcome and its message's bytes.
    static func build(_ url: String, cache: any FeedCache) async throws -> (DigestBuild.Outcome, [UInt8]) {
        let settings = try settings(url, cache: cache)
        let outcome = try await offThePool { try DigestBuild(settings: settings).run() }
        let message = try #require(outcome.message)
        return (outcome, message.bytes(lineEnding: .crlf))
    }

    @Test func aSecondBuildAsksConditionallyAndBuildsTheSameIssueFromTheKeptBody() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try FeedHost(Self.feed(["First light", "Second look"]))
        let cache = StateFeedCache(
            stateFile: folder.appendingPathComponent("digest.sqlite").path, messages: folder.path)

        let (first, firstBytes) = try await Self.build(host.url, cache: cache)
        #expect(first.diagnostics.isEmpty)
        #expect(first.digest.items.map(\.title) == ["Second look", "First light"])
        #expect(host.conditional.isEmpty)
        let kept = try #require(try cache.keptAnswer(for: host.url))
        #expect(kept.validators == FeedValidators(etag: "\"v1\"", lastModified: "Fri, 28 Jun 2024 08:00:00 GMT"))
        #expect(kept.body == nil && kept.document?.format == FeedDocument.format)

        let (second, secondBytes) = try await Self.build(
            host.url,
            cache: StateFeedCache(
                stateFile: folder.appendingPathComponent("digest.sqlite").path, messages: folder.path))
        #expect(second.diagnostics.isEmpty)
        #expect(secondBytes == firstBytes)
        let asked = try #require(host.conditional.first)
        #expect(host.conditional.count == 1 && host.server.requests.count == 2)
        #expect(asked.headers["if-none-match"] == "\"v1\"")
        #expect(asked.headers["if-modified-since"] == "Fri, 28 Jun 2024 08:00:00 GMT")
        withExtendedLifetime(host) {}
    }

    @Test func aChangedFeedIsReadAgainAndItsNewValidatorsKept() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try FeedHost(Self.feed(["First light"]))
        let cache = StateFeedCache(stateFile: folder.appendingPathComponent("state.sqlite").path, messages: nil)
        _ = try await Self.build(host.url, cache: cache)

        host.feed.value = Self.feed(["First light", "Second look", "Third time"])
        host.etag.value = "W/\"v2\""
        let (changed, _) = try await Self.build(host.url, cache: cache)
        #expect(changed.digest.items.map(\.title) == ["Third time", "Second look", "First light"])
        #expect(host.conditional.count == 1)
        #expect(try cache.keptAnswer(for: host.url)?.validators.etag == "W/\"v2\"")
        #expect(try cache.keptAnswer(for: host.url)?.document != nil)

        // Asked with the new tag, it answers 304: the new feed is read from the store.
        let (again, _) = try await Self.build(host.url, cache: cache)
        #expect(again.digest.items.count == 3)
        #expect(host.conditional.last?.headers["if-none-match"] == "W/\"v2\"")
        #expect(host.server.requests.count == 3)
        withExtendedLifetime(host) {}
    }

    @Test func lastModifiedAloneIsEnough() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try FeedHost(Self.feed(["Dated"]))
        host.etag.value = nil
        let cache = StateFeedCache(stateFile: folder.appendingPathComponent("digest.sqlite").path, messages: nil)
        let (first, bytes) = try await Self.build(host.url, cache: cache)
        let (second, again) = try await Self.build(host.url, cache: cache)
        #expect(first.digest.items.count == 1 && second.digest.items.count == 1 && again == bytes)
        #expect(host.conditional.map { $0.headers["if-none-match"] } == [nil])
        #expect(host.conditional.first?.headers["if-modified-since"] == "Fri, 28 Jun 2024 08:00:00 GMT")
        withExtendedLifetime(host) {}
    }

    @Test func validatorsKeptWithoutABodyAreNotSentSoTheFeedIsFetchedWhole() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let host = try FeedHost(Self.feed(["Whole again"]))
        let path = folder.appendingPathComponent("digest.sqlite").path
        // A row with the host's current tag but no body (as an older digest might leave it):
        // sending the tag would earn a 304 with nothing to read.
        try StateStore.open(at: path, messages: nil).setFeedValidators(
            FeedValidators(etag: "\"v1\""), body: nil, for: host.url)
        let (outcome, _) = try await Self.build(host.url, cache: StateFeedCache(stateFile: path, messages: nil))
        #expect(outcome.digest.items.map(\.title) == ["Whole again"])
        #expect(host.conditional.isEmpty)
        #expect(try StateStore.open(at: path, messages: nil).feedValidators(for: host.url)?.document != nil)
        withExtendedLifetime(host) {}
    }

    @Test func a304ToAPlainRequestIsAClearError() async throws {
        let server = try LoopbackServer { _ in .init(status: 304) }
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let cache = StateFeedCache(stateFile: folder.appendingPathComponent("digest.sqlite").path, messages: nil)
        let url = server.url("/feed.xml")
        await #expect {
            try await offThePool {
                try FeedSource(location: url, timeout: 5, readDay: Self.day, cache: cache).read()
            }
        } throws: { error in
            (error as? DigestError)?.description.contains(
                "the server answered 304 Not Modified to a request that was not conditional") == true
        }
        withExtendedLifetime(server) {}
    }

    @Test func theKeptContentTypeStillNamesTheCharset() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let latin = Array(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>Caf\u{E9}</title><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item></channel></rss>"
                .unicodeScalars.map { UInt8($0.value) })
        let host = try FeedHost(latin, contentType: "text/xml; charset=ISO-8859-1")
        let cache = StateFeedCache(stateFile: folder.appendingPathComponent("digest.sqlite").path, messages: nil)
        _ = try await Self.build(host.url, cache: cache)
        let (outcome, _) = try await Self.build(host.url, cache: cache)
        #expect(host.conditional.count == 1)
        #expect(outcome.digest.items.map(\.title) == ["Café"])
        #expect(outcome.diagnostics.isEmpty)  // not guessed: the kept header said so
        withExtendedLifetime(host) {}
    }

    @Test func aDamagedStateFileIsReportedAndTheFeedStillRead() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("digest.sqlite").path
        try Data("not a database, just text that is long enough to be looked at".utf8).write(
            to: URL(fileURLWithPath: path))
        let host = try FeedHost(Self.feed(["Still read"]))
        let (outcome, _) = try await Self.build(host.url, cache: StateFeedCache(stateFile: path, messages: nil))
        #expect(outcome.digest.items.map(\.title) == ["Still read"])
        let note = try #require(outcome.diagnostics.first)
        #expect(note.problem.hasPrefix("the kept validators cannot be read"))
        #expect(note.skipped == "the conditional request (the whole feed was fetched)")
        withExtendedLifetime(host) {}
    }

    @Test func everyAddressIsAskedOnItsOwnThroughAPageOrAList() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let page = Array(
            """
            <!DOCTYPE html><html><head><title>Lab</title>
            <link rel="alternate" type="application/rss+xml" href="/a.xml"></head><body></body></html>
            """.utf8)
        let a = Self.feed(["From the page"])
        let b = Self.feed(["From the list"])
        let server = try LoopbackServer { request in
            let tag = "\"\(request.path)-1\""
            if request.headers["if-none-match"] == tag { return .init(status: 304, headers: [("ETag", tag)]) }
            switch request.path {
            case "/": return .init(headers: [("Content-Type", "text/html"), ("ETag", tag)], body: page)
            case "/list.opml":
                let list = """
                    <opml version="2.0"><body><outline text="Lab" xmlUrl="http://127.0.0.1:\(request.headers["host"]?.split(separator: ":").last ?? "")/b.xml"/></body></opml>
                    """
                return .init(headers: [("Content-Type", "text/x-opml"), ("ETag", tag)], body: Array(list.utf8))
            case "/a.xml": return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", tag)], body: a)
            default: return .init(headers: [("Content-Type", "application/rss+xml"), ("ETag", tag)], body: b)
            }
        }
        let cache = StateFeedCache(stateFile: folder.appendingPathComponent("digest.sqlite").path, messages: nil)
        for round in 1...2 {
            for path in ["/", "/list.opml"] {
                let url = server.url(path)
                let reading = try await offThePool {
                    try FeedSource(location: url, timeout: 5, readDay: Self.day, cache: cache).read()
                }
                #expect(
                    reading.items.map(\.title) == [path == "/" ? "From the page" : "From the list"], "round \(round)")
                #expect(reading.diagnostics.isEmpty)
            }
        }
        #expect(
            server.requests.map(\.path) == [
                "/", "/a.xml", "/list.opml", "/b.xml", "/", "/a.xml", "/list.opml", "/b.xml",
            ])
        #expect(server.requests.suffix(4).allSatisfy { $0.headers["if-none-match"] == "\"\($0.path)-1\"" })
        #expect(server.requests.prefix(4).allSatisfy { $0.headers["if-none-match"] == nil })
        withExtendedLifetime(server) {}
    }

    @Test func aBuildOfLocalFilesNeverCreatesTheStateFile() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("digest.sqlite").path
        let cache = StateFeedCache(stateFile: path, messages: folder.path)
        #expect(try cache.keptAnswer(for: "http://127.0.0.1:1/feed.xml") == nil)
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
