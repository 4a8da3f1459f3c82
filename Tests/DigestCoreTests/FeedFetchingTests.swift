import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Fetching feeds from a real HTTP server on 127.0.0.1: redirects, gzip, charsets, autodiscovery.
struct FeedFetchingTests {
    static let readDay = Day(iso: "2024-05-01")!

    static func fixture(_ name: String) throws -> [UInt8] {
        try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestFiles.fixture("feeds/wild/\(name)"))))
    }

    static func read(_ url: String) async throws -> SourceReading {
        try await offThePool { try FeedSource(location: url, timeout: 5, readDay: readDay).read() }
    }

    @Test func theUserAgentNamesDigestAndItsVersion() async throws {
        let feed = try Self.fixture("rss10.rdf")
        let server = try LoopbackServer { _ in .init(headers: [("Content-Type", "application/rdf+xml")], body: feed) }
        let reading = try await Self.read(server.url("/news.rdf"))
        #expect(reading.items.count == 2)
        let agent = try #require(server.requests.first?.headers["user-agent"])
        #expect(agent.hasPrefix("digest/\(DigestVersion.current)"))
        withExtendedLifetime(server) {}
    }

    @Test func theContentTypeCharsetIsHonoured() async throws {
        let latin = Array(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>t</title><item><title>Caf\u{E9} cr\u{E8}me</title><pubDate>Fri, 21 Jun 2024 12:00:00 GMT</pubDate></item></channel></rss>"
                .unicodeScalars.map { UInt8($0.value) })
        let server = try LoopbackServer { _ in
            .init(headers: [("Content-Type", "text/xml; charset=ISO-8859-1")], body: latin)
        }
        let reading = try await Self.read(server.url("/feed"))
        #expect(reading.items.map(\.title) == ["Café crème"])
        #expect(reading.diagnostics.isEmpty)  // not guessed: the server said so
        withExtendedLifetime(server) {}
    }

    @Test func redirectsAreFollowedOnlyToHTTP() async throws {
        let feed = try Self.fixture("identity.xml")
        let server = try LoopbackServer { request in
            switch request.path {
            case "/moved": .init(status: 301, headers: [("Location", "/feed.xml")])
            case "/to-file": .init(status: 302, headers: [("Location", "file:///etc/passwd")])
            case "/to-https": .init(status: 302, headers: [("Location", "https://127.0.0.1:1/feed.xml")])
            default: .init(headers: [("Content-Type", "application/rss+xml")], body: feed)
            }
        }
        #expect(try await Self.read(server.url("/moved")).items.count == 2)
        await #expect {
            try await Self.read(server.url("/to-file"))
        } throws: { error in
            guard case .fetchFailed(_, let reason) = error as? DigestError else { return false }
            return reason == "the server redirected to “file:///etc/passwd”, which is not an http(s) address"
        }
        // An https target is followed (nothing listens there, so the connection is refused, not a 404).
        await #expect {
            try await Self.read(server.url("/to-https"))
        } throws: { error in
            guard case .fetchFailed(_, let reason) = error as? DigestError else { return false }
            return !reason.contains("404") && !reason.contains("redirected")
        }
        withExtendedLifetime(server) {}
    }

    @Test func gzipAnswersAreDecompressed() async throws {
        let feed = try Self.fixture("rss20-extensions.xml")
        let zipped = try await runProcess("/usr/bin/env", ["gzip", "-c"], input: Data(feed))
        try #require(zipped.status == 0, "gzip failed: \(zipped.stderr)")
        let body = [UInt8](zipped.stdout)
        let server = try LoopbackServer { _ in
            .init(headers: [("Content-Type", "application/rss+xml"), ("Content-Encoding", "gzip")], body: body)
        }
        let reading = try await Self.read(server.url("/feed.xml"))
        #expect(reading.items.count == 3)
        #expect(server.requests.first?.headers["accept-encoding"]?.contains("gzip") == true)
        withExtendedLifetime(server) {}
    }

    @Test func anHTMLPageLeadsToItsFeed() async throws {
        let feed = try Self.fixture("atom10-content.xml")
        let page = Array(
            """
            <!DOCTYPE html><html><head><title>Lab</title>
            <link rel="stylesheet" href="/style.css">
            <link rel="alternate" type="application/atom+xml" title="Lab feed" href="/feeds/lab.atom">
            </head><body><p>Welcome</p></body></html>
            """.utf8)
        let server = try LoopbackServer { request in
            request.path == "/feeds/lab.atom"
                ? .init(headers: [("Content-Type", "application/atom+xml")], body: feed)
                : .init(headers: [("Content-Type", "text/html; charset=utf-8")], body: page)
        }
        let reading = try await Self.read(server.url("/"))
        #expect(reading.items.map(\.title) == ["Base64 text entry", "Published wins over updated"])
        #expect(server.requests.map(\.path) == ["/", "/feeds/lab.atom"])
        // Each item names the line of the feed it is on, in the feed, not in the page.
        #expect(reading.items.allSatisfy { $0.origin.file == server.url("/feeds/lab.atom") && $0.origin.line != nil })
        withExtendedLifetime(server) {}
    }

    @Test func anHTMLPageWithoutAFeedLinkIsAClearError() async throws {
        let server = try LoopbackServer { _ in
            .init(headers: [("Content-Type", "text/html")], body: Array("<html><body>Hi</body></html>".utf8))
        }
        await #expect {
            try await Self.read(server.url("/"))
        } throws: { error in
            (error as? DigestError)?.description.contains("an HTML page without a <link rel=\"alternate\">") == true
        }
        withExtendedLifetime(server) {}
    }

    @Test func anOPMLListIsReadAsItsFeeds() async throws {
        let rss = try Self.fixture("rss10.rdf")
        let atom = try Self.fixture("atom-no-namespace.xml")
        let server = try LoopbackServer { request in
            switch request.path {
            case "/a.rdf": .init(body: rss)
            case "/b.atom": .init(body: atom)
            default: .init(status: 404)
            }
        }
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let opml = folder.appendingPathComponent("subscriptions.opml").path
        try Data(
            """
            <?xml version="1.0"?>
            <opml version="2.0"><head><title>Mine</title></head><body>
              <outline text="News"><outline type="rss" text="A" xmlUrl="\(server.url("/a.rdf"))"/></outline>
              <outline type="rss" text="B" xmlUrl="\(server.url("/b.atom"))"/>
              <outline type="rss" text="Gone" xmlUrl="\(server.url("/gone"))"/>
            </body></opml>
            """.utf8
        ).write(to: URL(fileURLWithPath: opml))
        let reading = try await offThePool {
            try DetectedSource(SourceSpec(opml), timeout: 5, readDay: Self.readDay).read()
        }
        #expect(
            reading.items.map(\.title) == ["libtiles 2.4 uploaded", "Security note for mapview", "Still an Atom entry"])
        #expect(reading.diagnostics.count == 1)
        #expect(reading.diagnostics.first?.problem.contains("the server answered 404") == true)
        withExtendedLifetime(server) {}
    }

    @Test func waitingForASilentHostCostsNoCPU() async throws {
        let server = try LoopbackServer(silent: true)
        let url = server.url("/feed.xml")
        let (cpu, wall, error) = try await offThePool { () -> (Double, Double, String) in
            // The transfer runs on this thread: its own CPU time is what waiting costs.
            let (cpu, wall) = (threadCPUSeconds(), Date())
            var message = ""
            do {
                _ = try FeedSource(location: url, timeout: 2, readDay: Self.readDay).read()
            } catch {
                message = "\(error)"
            }
            return (threadCPUSeconds() - cpu, Date().timeIntervalSince(wall), message)
        }
        #expect(error.contains("the host did not answer within 2 seconds"))
        #expect(wall >= 1.9)
        #expect(cpu < 0.1, "waiting \(wall) s for a silent host cost \(cpu) s of CPU")
        withExtendedLifetime(server) {}
    }

    @Test func ftpAndFileURLsAreNotPaths() throws {
        #expect {
            try DetectedSource(SourceSpec("ftp://ftp.example.org/feed.xml"), readDay: Self.readDay).read()
        } throws: { error in
            (error as? DigestError)?.description.contains(
                "it is a ftp: address; digest reads http(s) feeds and local paths") == true
        }
        let reading = try DetectedSource(
            SourceSpec("file://" + TestFiles.fixture("feeds/wild/identity.xml")), readDay: Self.readDay
        ).read()
        #expect(reading.items.count == 2)
    }
}
