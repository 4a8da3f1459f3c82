import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// Feeds over http from a real server on 127.0.0.1, started inside each test. A fetch blocks
/// for up to its timeout, so each runs on a thread of its own, not on the test's pool thread.
struct HTTPSourceTests {
    static let readDay = Day(iso: "2019-04-21")!

    /// Reads `source` on a thread of its own.
    private func fetched(_ source: some ItemSource) async -> Result<SourceReading, DigestError> {
        await onThreadOfItsOwn { Result { () throws(DigestError) in try source.read() } }
    }

    @Test func aFeedURLIsFetchedAndResolvedAgainstItsAddress() async throws {
        let atom = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestFiles.fixture("feeds/feed.json"))))
        let server = try LoopbackServer(contentType: "application/feed+json", body: atom)
        let reading = try await fetched(
            DetectedSource(SourceSpec(server.url("/notes/feed.json")), timeout: 5, readDay: Self.readDay)
        ).get()
        #expect(reading.items.map(\.title) == ["Tram line opens", "Ferry timetable"])
        #expect(reading.diagnostics.count == 2)
        withExtendedLifetime(server) {}
    }

    @Test func anErrorStatusIsAClearError() async throws {
        let server = try LoopbackServer(status: 404, body: Array("gone".utf8))
        let result = await fetched(FeedSource(location: server.url(), timeout: 5, readDay: Self.readDay))
        #expect {
            try result.get()
        } throws: { error in
            guard case .fetchFailed(let url, let reason) = error as? DigestError else { return false }
            return url == server.url() && reason.hasPrefix("the server answered 404")
        }
        withExtendedLifetime(server) {}
    }

    @Test func aHostThatDoesNotAnswerTimesOut() async throws {
        let server = try LoopbackServer(silent: true)
        let source = FeedSource(location: server.url(), timeout: 1, readDay: Self.readDay)
        // Timed on the fetching thread: how soon this task resumes after it depends on the load.
        let (result, seconds) = await onThreadOfItsOwn {
            let started = Date()
            let result = Result { () throws(DigestError) in try source.read() }
            return (result, Date().timeIntervalSince(started))
        }
        #expect(throws: DigestError.fetchFailed(url: server.url(), reason: "the host did not answer within 1 second")) {
            try result.get()
        }
        #expect(seconds < 10)
        withExtendedLifetime(server) {}
    }

    @Test func aRefusedConnectionIsAClearError() async throws {
        var port: UInt16 = 0
        do {
            let server = try LoopbackServer()
            port = server.port
        }  // Closed: nothing listens there now.
        let result = await fetched(
            FeedSource(location: "http://127.0.0.1:\(port)/feed", timeout: 2, readDay: Self.readDay))
        #expect(throws: DigestError.self) { try result.get() }
    }
}
