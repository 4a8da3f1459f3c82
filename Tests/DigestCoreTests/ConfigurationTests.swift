import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

struct ConfigurationTests {
    @Test func everyKeyIsRead() throws {
        let path = TestFiles.fixture("config-every-key.yml")
        let folder = (path as NSString).deletingLastPathComponent
        let configuration = try DigestConfiguration.load(path: path)
        #expect(configuration.name == "City Lab Weekly")
        #expect(configuration.subject == "City Lab Weekly: the news")
        #expect(configuration.from == "City Lab <news@citylab.example.org>")
        #expect(configuration.to == ["Readers <readers@citylab.example.org>", "archive@citylab.example.org"])
        #expect(configuration.list.id == "City Lab Weekly <weekly.citylab.example.org>")
        #expect(configuration.list.unsubscribe == ["https://citylab.example.org/unsubscribe"])
        #expect(configuration.upcomingDays == 14)
        #expect(configuration.templates == folder + "/../../../Templates")
        #expect(configuration.out == folder + "/out/digests")
        #expect(configuration.strict == false)
        #expect(configuration.timeout == 5)
        #expect(
            configuration.sources == [
                SourceSpec(folder + "/feeds/rss.xml"), SourceSpec(folder + "/notes", topic: "notes"),
                SourceSpec("https://citylab.example.org/feed.json", topic: "remote"),
            ])
        #expect(
            configuration.topics == [
                TopicPlan.Topic(name: "mobility"),
                TopicPlan.Topic(name: "commons", label: "Urban commons", cap: 1, windowDays: 7),
            ])
        let settings = try configuration.settings(
            since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-21")!, date: MailDate(iso: "2019-04-21")!,
            defaultSources: [], defaultTemplates: "unused")
        #expect(
            settings.list
                == (try MailingList(
                    id: "weekly.citylab.example.org", name: "City Lab Weekly",
                    unsubscribe: ["https://citylab.example.org/unsubscribe"])))
        #expect(settings.selection.window.upcomingEventDays == 14)
        #expect(settings.to.count == 2)
        #expect(settings.sources.map(\.name) == configuration.sources?.map(\.location))
    }

    @Test func theCommandLineOverridesTheFile() throws {
        let file = try DigestConfiguration(yaml: "name: File\nout: a\nsources: [x.txt]\ntopics: [t]\n", file: "d.yml")
        var options = DigestConfiguration()
        options.name = "Option"
        options.sources = [SourceSpec("y.txt")]
        let merged = file.overridden(by: options)
        #expect(merged.name == "Option")
        #expect(merged.out == "a")
        #expect(merged.sources == [SourceSpec("y.txt")])
        #expect(merged.topics == [TopicPlan.Topic(name: "t")])
    }

    @Test(arguments: [
        ("nmae: x\n", "d.yml:1: unknown key “nmae”; the keys allowed here are name, subject"),
        (
            "name: x\ntopics:\n  - name: a\n    cpa: 3\n",
            "d.yml:4: unknown key “cpa”; the keys allowed here are name, label, window-days, cap."
        ),
        (
            "sources:\n  - path: a\n    topc: b\n",
            "d.yml:3: unknown key “topc”; the keys allowed here are path, url, topic, required, base-url."
        ),
        ("upcoming-days: soon\n", "d.yml:1: “upcoming-days” should be a whole number from 0 to 3650, not “soon”."),
        ("topics:\n  - name: a\n    cap: 0\n", "d.yml:3: “cap” should be a whole number from 1 to 1000, not “0”."),
        ("name:\n  - a\n", "d.yml:2: “name” should be a single text value"),
        ("strict: maybe\n", "d.yml:1: “strict” should be true or false, not “maybe”."),
        ("from: not an address\n", "d.yml:1: “from” should be a mailbox"),
        ("unsubscribe: javascript:alert(1)\n", "d.yml:1: “unsubscribe” should be an https:, http: or mailto: URL"),
        ("list-id: no dots here\n", "d.yml:1: “list-id” should be a list identifier"),
        ("sources:\n  - url: ftp://x\n", "d.yml:2: “url” should be an http:// or https:// address."),
        ("topics: [a, A]\n", "d.yml:1: “topics” should be a list of different topics"),
        ("name: a\nname: b\n", "d.yml:2: “name” should be a key that appears only once."),
        ("name: [unclosed\n", "d.yml:2: this is not valid YAML"),
        ("- just\n- a list\n", "d.yml:1: this is not valid YAML (the configuration should be a mapping"),
    ])
    func problemsNameTheKeyAndTheLine(yaml: String, message: String) {
        do {
            _ = try DigestConfiguration(yaml: yaml, file: "d.yml")
            Issue.record("no error for \(yaml)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error)")
        }
    }

    @Test func anEmptyFileSetsNothing() throws {
        #expect(try DigestConfiguration(yaml: "# only a comment\n", file: "d.yml") == DigestConfiguration())
    }

    /// The shipped example runs the sample exactly as no file at all does.
    @Test func theShippedExampleMatchesTheDefaults() throws {
        let root = TestFiles.packageRoot.path
        let example = try DigestConfiguration.load(path: root + "/digest.example.yml")
        #expect(example.name == DigestConfiguration.Defaults.name)
        #expect(example.from == DigestConfiguration.Defaults.from)
        #expect(example.to == [DigestConfiguration.Defaults.to])
        #expect(example.upcomingDays == DigestConfiguration.Defaults.upcomingDays)
        #expect(example.out == root + "/" + DigestConfiguration.Defaults.out)
        #expect(example.sources == [SourceSpec(root + "/Samples/social-innovation-listing.txt")])
        #expect(example.templates == root + "/Templates")
        #expect(example.topics.isEmpty)
        #expect(example.list == ListSettings())
    }
}
