import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// What the library writes for a run: the message, its record, the issue log, the mbox; one
/// message per reader and the ones to check; the archive's configured folders and language.
struct IssueDeliveryTests {
    private func settings(since: String = "2019-04-01", until: String = "2019-04-30") throws -> DigestBuild.Settings {
        DigestBuild.Settings(
            sources: [ListingSource(path: TestFiles.fixture("social-innovation-listing.txt"))],
            selection: Selection(window: DateWindow(since: Day(iso: since)!, until: Day(iso: until)!)),
            templates: try TemplateSet(folder: TestFiles.templates), name: "City digest",
            from: try Mailbox(parsing: "City digest <digest@city.example>"), to: [], date: MailDate(iso: "2019-05-01")!)
    }

    @Test func aNumberedIssueWritesItsMessageRecordLogEntryAndMbox() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = try settings()
        settings.issue = IssueNumber(number: 7)
        let mbox = folder.appendingPathComponent("issue.mbox").path
        let written = try DigestBuild(settings: settings).write(into: folder.path, lineEnding: .lf, mbox: mbox)
        let path = try #require(written.path)
        #expect(path == folder.appendingPathComponent("digest-2019-04-01-to-2019-04-30.eml").path)
        #expect(written.toCheck == [path])
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(
            files == [
                "digest-2019-04-01-to-2019-04-30.eml", "digest-2019-04-01-to-2019-04-30.json", "issue.mbox",
                IssueLog.fileName,
            ])
        #expect(!(try Data(contentsOf: URL(fileURLWithPath: path))).contains(13), "LF line endings as asked")
        let record = try #require(IssueRecord.read(besideMessage: path))
        #expect(record.issue == IssueNumber(number: 7) && record.items.count == written.outcome.digest.items.count)
        let window = settings.selection.window
        #expect(try IssueLog(folder: folder.path).number(for: window, numbering: .counter) == IssueNumber(number: 7))
        let mboxText = try String(contentsOfFile: mbox, encoding: .utf8)
        #expect(mboxText.hasPrefix("From ") && mboxText.contains("\nSubject: "))
    }

    @Test func anEmptySelectionWritesNothing() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = try settings(since: "2030-01-01", until: "2030-01-07")
        settings.issue = IssueNumber(number: 1)
        let written = try DigestBuild(settings: settings).write(into: folder.path)
        #expect(written.path == nil && written.toCheck.isEmpty)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).isEmpty)
    }

    @Test func personalMessagesGoIntoTheWindowFolderAndOneOfEachKindIsChecked() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var settings = try settings()
        settings.issue = IssueNumber(number: 3)
        let personalization = DigestBuild.Personalization(
            subscribers: SubscriberList(path: TestFiles.fixture("subscribers.csv")),
            unsubscribeLink: try UnsubscribeLinkTemplate("https://city.example/u?e={email}&t={token}"),
            token: try UnsubscribeToken(secret: "correct horse battery staple 42"))
        let written = try DigestBuild(settings: settings).writePersonal(personalization, into: folder.path)
        #expect(written.folder == folder.appendingPathComponent("2019-04-01-to-2019-04-30").path)
        let messages = try FileManager.default.contentsOfDirectory(atPath: written.folder)
        #expect(messages.count == written.outcome.written && messages.count == 4)
        #expect(!written.toCheck.isEmpty && written.toCheck.count <= messages.count)
        #expect(written.toCheck.allSatisfy { $0.hasPrefix(written.folder + "/") })
        #expect(
            try IssueLog(folder: folder.path).number(for: settings.selection.window, numbering: .counter)
                == IssueNumber(number: 3))
    }

    @Test func theArchiveTakesTheConfiguredFolderNameAndLanguage() throws {
        let templates = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: templates) }
        var configuration = DigestConfiguration()
        configuration.out = "issues"
        configuration.name = "City digest"
        configuration.locale = "fr_FR"
        configuration.templates = templates.path
        // Templates without a strings folder: the words come from the shipped templates.
        let archive = try WebArchive(
            configuration: configuration, messages: nil, out: "site", locale: nil, shippedTemplates: TestFiles.templates
        )
        #expect(archive.messages == "issues" && archive.name == "City digest" && archive.language.code == "fr")
        let plain = try WebArchive(
            configuration: nil, messages: "mine", out: "site", locale: nil, shippedTemplates: TestFiles.templates)
        #expect(plain.messages == "mine" && plain.language == .english)
        #expect(throws: DigestError.self) {
            try WebArchive(
                configuration: nil, messages: nil, out: "site", locale: "xx_XX", shippedTemplates: TestFiles.templates)
        }
    }
}
