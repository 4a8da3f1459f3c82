import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Feeds over http from a real server on 127.0.0.1, started inside each test.
struct HTTPSourceTests {
    static let readDay = Day(iso: "2019-04-21")!

    @Test func aFeedURLIsFetchedAndResolvedAgainstItsAddress() throws {
        let atom = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestFiles.fixture("feeds/feed.json"))))
        let server = try LoopbackServer(contentType: "application/feed+json", body: atom)
        let reading = try DetectedSource(SourceSpec(server.url("/notes/feed.json")), timeout: 5, readDay: Self.readDay)
            .read()
        #expect(reading.items.map(\.title) == ["Tram line opens", "Ferry timetable"])
        #expect(reading.diagnostics.count == 2)
        withExtendedLifetime(server) {}
    }

    @Test func anErrorStatusIsAClearError() throws {
        let server = try LoopbackServer(status: 404, body: Array("gone".utf8))
        #expect {
            try FeedSource(location: server.url(), timeout: 5, readDay: Self.readDay).read()
        } throws: { error in
            guard case .fetchFailed(let url, let reason) = error as? DigestError else { return false }
            return url == server.url() && reason.hasPrefix("the server answered 404")
        }
        withExtendedLifetime(server) {}
    }

    @Test func aHostThatDoesNotAnswerTimesOut() throws {
        let server = try LoopbackServer(silent: true)
        let started = Date()
        #expect(throws: DigestError.fetchFailed(url: server.url(), reason: "the host did not answer within 1 second")) {
            try FeedSource(location: server.url(), timeout: 1, readDay: Self.readDay).read()
        }
        #expect(Date().timeIntervalSince(started) < 10)
        withExtendedLifetime(server) {}
    }

    @Test func aRefusedConnectionIsAClearError() throws {
        var port: UInt16 = 0
        do {
            let server = try LoopbackServer()
            port = server.port
        }  // Closed: nothing listens there now.
        #expect(throws: DigestError.self) {
            try FeedSource(location: "http://127.0.0.1:\(port)/feed", timeout: 2, readDay: Self.readDay).read()
        }
    }
}
