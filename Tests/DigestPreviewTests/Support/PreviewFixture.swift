import DigestCore
import DigestPreview
import DigestTestSupport
import Foundation

/// A preview of the seed listing, built from a copy of the shipped templates that a test may
/// break or edit, served on a free loopback port.
struct PreviewFixture {
    /// The folder holding the copy of the templates.
    let templates: URL
    /// The library the server serves.
    let library: PreviewLibrary
    /// The running server.
    let server: PreviewServer
    /// Where it listens.
    let address: PreviewServer.Address

    /// An HTTP client for it.
    var http: LoopbackHTTP { LoopbackHTTP(port: address.port) }

    /// The HTML template in the copy.
    var htmlTemplate: URL { templates.appendingPathComponent(TemplateSet.htmlName) }

    /// Builds the seed digest for the given recipients (one message each) and starts serving it.
    static func start(recipients: [String] = ["Readers <readers@example.org>"]) async throws -> PreviewFixture {
        try await start { folder throws(DigestError) in
            var messages: [PreviewMessage] = []
            for recipient in recipients {
                let settings = try seedSettings(templates: folder, to: recipient)
                messages += PreviewContent(outcome: try DigestBuild(settings: settings).run()).messages
            }
            return PreviewContent(messages: messages)
        }
    }

    /// The settings of the seed digest (20 March – 20 April 2019) through the templates in
    /// `folder`, to `recipient`.
    static func seedSettings(templates folder: String, to recipient: String = "Readers <readers@example.org>")
        throws(DigestError) -> DigestBuild.Settings
    {
        DigestBuild.Settings(
            sources: [ListingSource(path: TestFiles.fixture("social-innovation-listing.txt"))],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2019-04-20")!)),
            templates: try TemplateSet(folder: folder), name: "Social innovation digest",
            from: try Mailbox(parsing: "Eurocities Digest <digest@example.org>"),
            to: [try Mailbox(parsing: recipient)], date: MailDate(iso: "2019-04-20T07:30:00Z")!)
    }

    /// Serves what `build` makes from a copy of the shipped templates (its argument: the
    /// copy's folder), watching the copy.
    static func start(build: @escaping @Sendable (String) throws(DigestError) -> PreviewContent) async throws
        -> PreviewFixture
    {
        let templates = try TestFiles.scratchFolder()
        for name in [TemplateSet.htmlName, TemplateSet.textName] {
            try FileManager.default.copyItem(
                atPath: TestFiles.templates + "/" + name, toPath: templates.appendingPathComponent(name).path)
        }
        let folder = templates.path
        let library = await PreviewLibrary.load { () throws(DigestError) -> PreviewContent in try build(folder) }
        let server = PreviewServer(
            library: library, port: 0, watching: [folder], pollInterval: .milliseconds(100))
        let address = try await server.start()
        return PreviewFixture(templates: templates, library: library, server: server, address: address)
    }

    /// Stops the server and removes the copy.
    func stop() async {
        await server.stop()
        try? FileManager.default.removeItem(at: templates)
    }

    /// Polls `/version` until it differs from `version`; returns how long that took, or nil
    /// after `limit` (long: a test that wants it fast says how fast).
    func waitForNewBuild(after version: String, limit: Duration = .seconds(60)) async throws -> Duration? {
        let clock = ContinuousClock()
        let start = clock.now
        while clock.now - start < limit {
            if try await http.get("/version").body != version { return clock.now - start }
            try await Task.sleep(for: .milliseconds(50))
        }
        return nil
    }
}
