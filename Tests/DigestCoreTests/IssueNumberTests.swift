import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Issue numbers: kept per window in the output folder's issue log.
struct IssueNumberTests {
    static func window(_ since: String, _ until: String) -> DateWindow {
        DateWindow(since: Day(iso: since)!, until: Day(iso: until)!)
    }

    @Test func twoBuildsOfTheSameWindowKeepOneNumberAndTheNextWindowGetsTheNext() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = IssueLog(folder: folder.path)
        let first = Self.window("2019-03-20", "2019-04-05")
        let issue = try #require(try log.number(for: first, numbering: .counter))
        #expect(issue == IssueNumber(number: 1))
        try log.record(issue, for: first)
        let again = try #require(try log.number(for: first, numbering: .counter))
        try log.record(again, for: first)
        #expect(again == issue)
        let next = Self.window("2019-04-06", "2019-04-20")
        #expect(try log.number(for: next, numbering: .counter) == IssueNumber(number: 2))
        #expect(try log.number(for: first, numbering: .counter) == IssueNumber(number: 1), "peeking records nothing")
    }

    @Test func aVolumeIsAYearAndItsNumbersStartAtOne() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let log = IssueLog(folder: folder.path)
        let december = Self.window("2019-12-20", "2019-12-27")
        try log.record(try #require(try log.number(for: december, numbering: .volume)), for: december)
        let january = Self.window("2019-12-28", "2020-01-03")
        let issue = try #require(try log.number(for: january, numbering: .volume))
        #expect(issue == IssueNumber(number: 1, volume: 2020))
        #expect(issue.label() == "Vol. 2020, No. 1")
        #expect(IssueNumber(number: 12).label() == "No. 12")
        #expect(try log.number(for: january, numbering: IssueNumbering.none) == nil)
    }

    @Test func aBrokenLogIsAnErrorNamingIt() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("issues.json").path
        try Data("not json".utf8).write(to: URL(fileURLWithPath: path))
        #expect {
            try IssueLog(folder: folder.path).number(for: Self.window("2019-03-20", "2019-04-05"), numbering: .counter)
        } throws: { error in
            "\(error)".contains(path)
        }
    }

    @Test func theNumberIsInTheSubjectAndBothBodies() throws {
        var settings = try LanguageTests.settings(locale: nil)
        settings.issue = IssueNumber(number: 3, volume: 2019)
        let message = try #require(try DigestBuild(settings: settings).run().message)
        #expect(message.subject.value == "Social innovation digest (Vol. 2019, No. 3), 20 March – 20 April 2019")
        #expect(message.text.contains("Vol. 2019, No. 3 · 20 March – 20 April 2019 · 10 items"))
        #expect(message.html.contains("Vol. 2019, No. 3 · 20 March – 20 April 2019</p>"))
        settings.subject = "Social innovation {issue}"
        let custom = try #require(try DigestBuild(settings: settings).run().message)
        #expect(custom.subject.value == "Social innovation Vol. 2019, No. 3")
    }

    @Test func withoutANumberNothingChanges() throws {
        let message = try #require(try DigestBuild(settings: LanguageTests.settings(locale: nil)).run().message)
        #expect(message.subject.value == "Social innovation digest, 20 March – 20 April 2019")
        #expect(!message.text.contains("No."))
    }

    @Test func numberingAndLocaleAreConfigurationKeys() throws {
        let configuration = try DigestConfiguration(yaml: "locale: fr_FR\nnumbering: volume\n", file: "d.yml")
        #expect(configuration.locale == "fr_FR" && configuration.numbering == .volume)
        var options = DigestConfiguration()
        options.numbering = .counter
        #expect(configuration.overridden(by: options).numbering == .counter)
        #expect(configuration.overridden(by: options).locale == "fr_FR")
        #expect {
            try DigestConfiguration(yaml: "name: x\nnumbering: roman\n", file: "d.yml")
        } throws: { error in
            "\(error)".hasPrefix("d.yml:2: “numbering” should be volume")
        }
    }
}
