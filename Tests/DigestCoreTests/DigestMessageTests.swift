import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// The whole pipeline on the seed, checked against a golden file and Python's strict parser.
struct DigestMessageTests {
    static func build(since: String = "2019-03-20", until: String = "2019-04-20", sources: [String]? = nil) throws
        -> DigestBuild.Outcome
    {
        let settings = DigestBuild.Settings(
            sources: (sources ?? [TestFiles.fixture("social-innovation-listing.txt")]).map(ListingSource.init(path:)),
            selection: Selection(window: DateWindow(since: Day(iso: since)!, until: Day(iso: until)!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "Social innovation digest",
            from: try Mailbox(parsing: "Eurocities Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2019-04-20T07:30:00Z")!)
        return try DigestBuild(settings: settings).run()
    }

    @Test func theSeedDigestMatchesTheGoldenFile() throws {
        let message = try #require(try Self.build().message)
        try Golden.assertMatches(message.bytes(lineEnding: .crlf), file: "social-innovation.eml")
    }

    @Test func theSameInputsGiveTheSameBytes() throws {
        let first = try #require(try Self.build().message).bytes()
        let second = try #require(try Self.build().message).bytes()
        #expect(first == second)
    }

    @Test func pythonsStrictParserAcceptsTheDigest() async throws {
        let outcome = try Self.build()
        let message = try #require(outcome.message)
        let parsed = try await MailInspection.of(bytes: message.bytes())
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.top_type == "multipart/alternative")
        let parts = try #require(parsed.parts)
        #expect(parts.map(\.type) == ["text/plain", "text/html"])
        #expect(parts.allSatisfy { $0.charset == "utf-8" })
        #expect(parsed.values("MIME-Version") == ["1.0"])
        for name in ["Date", "From", "To", "Subject", "Message-ID"] {
            #expect(parsed.values(name).count == 1, "one \(name)")
        }
        #expect(parsed.values("Subject").first == "Social innovation digest, 20 March – 20 April 2019")
        // Titles may wrap (with a hanging indent): compare with runs of white space as one space.
        let plain = parts[0].unflowed.split(whereSeparator: \.isWhitespace).joined(separator: " ")
        for item in outcome.digest.items {
            #expect(plain.contains(item.title), "text part has \(item.title)")
            #expect(parts[1].unescaped.contains(item.title), "HTML part has \(item.title)")
        }
        #expect(outcome.digest.items.count == 10)
        #expect(parsed.longest_line ?? 999 <= 78)
    }

    @Test func theTextBodyIsWrappedAt72Columns() throws {
        let message = try #require(try Self.build().message)
        for line in message.text.split(separator: "\n") where !line.hasPrefix("http") {
            #expect(line.trimmingCharacters(in: .whitespaces).count <= 72, "\(line)")
        }
    }

    @Test func aTitleWithCRLFCannotAddAHeader() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let listing = folder.appendingPathComponent("evil.txt")
        try "page\n\nHello\r\nBcc: victim@example.org\n\nSummary.\n\nnews\n\npublication date: 01-04-2019\n"
            .write(to: listing, atomically: true, encoding: .utf8)
        let settings = DigestBuild.Settings(
            sources: [ListingSource(path: listing.path)],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-01")!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "x",
            subject: "Hello\r\nBcc: victim@example.org",
            from: try Mailbox(parsing: "a@example.org"), to: [try Mailbox(parsing: "b@example.org")],
            date: MailDate(iso: "2019-04-01")!)
        let message = try #require(try DigestBuild(settings: settings).run().message)
        let parsed = try await MailInspection.of(bytes: message.bytes())
        #expect(parsed.defects.isEmpty)
        #expect(parsed.values("Bcc").isEmpty)
        #expect(parsed.values("Subject") == ["Hello Bcc: victim@example.org"])
    }

    @Test func aMalformedItemIsSkippedAndTheRestStillMakesADigest() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = try String(contentsOfFile: TestFiles.fixture("social-innovation-listing.txt"), encoding: .utf8)
        let broken = seed.replacingOccurrences(of: "publication date: 16-04-2019", with: "publication date: 31-02-2019")
        let file = folder.appendingPathComponent("broken.txt")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        let outcome = try Self.build(sources: [file.path])
        #expect(outcome.diagnostics.count == 1)
        #expect(outcome.diagnostics.first?.location.line == 27)
        #expect(outcome.digest.items.count == 9)
        #expect(outcome.message != nil)
    }

    @Test func anEmptySelectionMakesNoMessage() throws {
        let outcome = try Self.build(since: "2020-01-01", until: "2020-01-31")
        #expect(outcome.message == nil)
        #expect(outcome.itemsRead == 0, "only items of the window are built")
    }

    @Test func aTemplateSyntaxErrorNamesFileLineAndColumn() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try "{{#sections}}\n{{label}\n{{/sections}}\n".write(
            to: folder.appendingPathComponent(TemplateSet.htmlName), atomically: true, encoding: .utf8)
        try "ok\n".write(to: folder.appendingPathComponent(TemplateSet.textName), atomically: true, encoding: .utf8)
        do {
            _ = try TemplateSet(folder: folder.path)
            Issue.record("a broken template must not load")
        } catch {
            guard case .templateSyntax(let location, _, _) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(location.file.hasSuffix(TemplateSet.htmlName))
            #expect(location.line == 2)
        }
    }

    @Test func aMissingTemplateIsAnError() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        #expect(throws: DigestError.missingTemplate(path: folder.appendingPathComponent(TemplateSet.htmlName).path)) {
            try TemplateSet(folder: folder.path)
        }
    }
}
