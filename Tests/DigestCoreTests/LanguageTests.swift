import DigestCore
import DigestTestSupport
import Foundation
import Testing

/// Dates and the templates' words in the reader's language.
struct LanguageTests {
    static func settings(locale: String?, templates: String = TestFiles.templates) throws -> DigestBuild.Settings {
        DigestBuild.Settings(
            sources: [ListingSource(path: TestFiles.fixture("social-innovation-listing.txt"))],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2019-04-20")!)),
            templates: try TemplateSet(folder: templates, locale: locale), name: "Social innovation digest",
            from: try Mailbox(parsing: "Eurocities Digest <digest@example.org>"),
            to: [try Mailbox(parsing: "Readers <readers@example.org>")], date: MailDate(iso: "2019-04-20T07:30:00Z")!)
    }

    static func message(_ locale: String?) throws -> MailMessage {
        try #require(try DigestBuild(settings: settings(locale: locale)).run().message)
    }

    @Test func fillReplacesEachNamedPlaceOnceAndKeepsTheUnknownOnes() {
        let values = ["day": "1er", "month": "mars", "domain": "{day}.example"]
        #expect(ReaderLanguage.fill("{day} {month} {day}", values) == "1er mars 1er")
        #expect(ReaderLanguage.fill("Lire sur {domain}", values) == "Lire sur {day}.example")  // not filled again
        #expect(ReaderLanguage.fill("{year} {{month}} {", values) == "{year} {mars} {")
        #expect(ReaderLanguage.fill("} ni {rien", values) == "} ni {rien")
        #expect(ReaderLanguage.fill("Zürich, le {day}·", values) == "Zürich, le 1er·")
        #expect(ReaderLanguage.fill("", values).isEmpty)
    }

    @Test func aFrenchBuildShowsFrenchDatesWhereTheEnglishOneShowsEnglish() throws {
        let english = try Self.message(nil)
        let french = try Self.message("fr_FR")
        #expect(english.text.contains("Event · 4 April 2019"))
        #expect(english.html.contains("4 April 2019"))
        #expect(french.text.contains("Événement · 4 avril 2019"))
        #expect(french.html.contains("4 avril 2019"))
        #expect(!french.text.contains("April 2019") && !french.html.contains("April 2019"))
        #expect(french.subject.value == "Social innovation digest, 20 mars – 20 avril 2019")
        // The punctuation is the strings file's: a no-break space before the colon, in both parts.
        #expect(french.text.contains("Dans ce numéro\u{A0}:") && french.text.contains("Aussi dans\u{A0}:"))
        #expect(french.html.contains("10 articles dans ce numéro\u{A0}:") && french.html.contains("Aussi dans\u{A0}:"))
        #expect(!french.text.contains("numéro:") && !french.html.contains("numéro:"))
        #expect(french.html.contains("<html lang=\"fr\" dir=\"ltr\""))
        #expect(french.html.contains("Vous recevez Social innovation digest parce que vous y êtes abonné"))
    }

    @Test func germanAndPolishSpotChecks() throws {
        let german = try Self.message("de_DE")
        #expect(german.text.contains("Veranstaltung · 4. April 2019"))
        #expect(german.text.contains("20. März – 20. April 2019 · 10 Beiträge"))
        let polish = try Self.message("pl_PL")
        #expect(polish.text.contains("Wydarzenie · 4 kwietnia 2019"))
        #expect(polish.text.contains("20 marca – 20 kwietnia 2019"))
        #expect(polish.html.contains("Aktualność"))
    }

    @Test(arguments: [
        ("en", "2019-04-04", "2019-04-06", "4–6 April 2019"),
        ("en", "2019-03-30", "2019-04-02", "30 March – 2 April 2019"),
        ("de", "2019-04-04", "2019-04-06", "4.–6. April 2019"),
        ("de", "2019-03-30", "2019-04-02", "30. März – 2. April 2019"),
        ("fr", "2019-04-01", "2019-04-03", "1er–3 avril 2019"),
        ("pl", "2019-12-30", "2020-01-02", "30 grudnia 2019 – 2 stycznia 2020"),
    ])
    func rangesFollowTheLanguagesPatterns(locale: String, since: String, until: String, expected: String) throws {
        let templates = try TemplateSet(folder: TestFiles.templates, locale: locale)
        let digest = Digest(
            window: DateWindow(since: Day(iso: since)!, until: Day(iso: until)!),
            sections: [
                .init(
                    topic: "t", label: "t",
                    items: [
                        Item(
                            id: "x", title: "X", summary: "s", kind: .news, date: Day(iso: since)!, topics: ["t"],
                            origin: SourceLocation(file: "f"))
                    ])
            ])
        let renderer = DigestRenderer(templates: templates)
        let bodies = renderer.render(
            digest, masthead: .init(name: "N", subject: "S"), items: renderer.renderItems(of: digest))
        #expect(bodies.text.contains(expected), "\(bodies.text)")
    }

    @Test(arguments: [
        ("en", 1, "1 item"), ("en", 2, "2 items"), ("en", 0, "0 items"),
        ("fr", 0, "0 article"), ("fr", 1, "1 article"), ("fr", 2, "2 articles"),
        ("de", 1, "1 Beitrag"), ("de", 3, "3 Beiträge"),
        ("pl", 1, "1 pozycja"), ("pl", 2, "2 pozycje"), ("pl", 4, "4 pozycje"), ("pl", 5, "5 pozycji"),
        ("pl", 12, "12 pozycji"), ("pl", 22, "22 pozycje"), ("pl", 25, "25 pozycji"), ("pl", 104, "104 pozycje"),
    ])
    func countsTakeTheLanguagesPluralForm(locale: String, count: Int, expected: String) throws {
        let language = try TemplateSet(folder: TestFiles.templates, locale: locale).language
        #expect(language.counted("items", count) == expected)
    }

    @Test func oneItemReadsAsOneItemInTheBodiesAndTheHeader() throws {
        let outcome = try DigestMessageTests.build(since: "2019-04-16", until: "2019-04-16")
        let message = try #require(outcome.message)
        #expect(outcome.digest.items.count == 1)
        #expect(message.text.contains("16 April 2019 · 1 item\n"), "\(message.text.prefix(200))")
        #expect(message.html.contains(">1 item in this issue:</p>"))
        #expect(!message.text.contains("1 items") && !message.html.contains("1 items"))
    }

    @Test func localizedWordsAreNeverUpperCasedByCSS() throws {
        let french = try Self.message("fr_FR")
        #expect(!french.html.contains("text-transform:uppercase"))
        #expect(!french.html.contains("text-transform: uppercase"))
    }

    @Test func anOlderStringsFileWithOneFormAndNoPunctuationStillLoads() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Data("items: articoli\nhello: Ciao\nomittedBefore: \"… e\"\n".utf8)
            .write(to: folder.appendingPathComponent("it.yml"))
        let language = try ReaderLanguage.load(locale: "it", folder: folder.path)
        #expect(language.counted("items", 3) == "3 articoli")
        try Data("items:\n  one: \"{count} articolo\"\n  severel: x\n".utf8).write(
            to: folder.appendingPathComponent("it.yml"))
        #expect {
            try ReaderLanguage.load(locale: "it", folder: folder.path)
        } throws: { error in
            "\(error)".contains("it.yml:3") && "\(error)".contains("items.severel")
        }
    }

    @Test func anUnknownLocaleIsAnErrorListingTheKnownOnes() throws {
        #expect {
            try TemplateSet(folder: TestFiles.templates, locale: "xx_YY")
        } throws: { error in
            let text = "\(error)"
            return text.contains("“xx_YY”") && text.contains("de, en, fr, pl")
        }
    }

    @Test func aMissingKeyFallsBackToEnglishAndUsersCanAddALanguage() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in [TemplateSet.htmlName, TemplateSet.textName] {
            try FileManager.default.copyItem(
                atPath: TestFiles.templates + "/" + name, toPath: folder.appendingPathComponent(name).path)
        }
        let strings = folder.appendingPathComponent("strings")
        try FileManager.default.createDirectory(at: strings, withIntermediateDirectories: true)
        try Data("event: Evento\nmonths: [gen, feb, mar, apr, mag, giu, lug, ago, set, ott, nov, dic]\n".utf8)
            .write(to: strings.appendingPathComponent("it.yml"))
        let message = try #require(
            try DigestBuild(settings: Self.settings(locale: "it_IT", templates: folder.path)).run().message)
        #expect(message.text.contains("Evento · 4 apr 2019"))
        #expect(message.text.contains("In this issue:"), "a key the file lacks is English")
        try Data("evnt: Evento\n".utf8).write(to: strings.appendingPathComponent("it.yml"))
        #expect {
            try TemplateSet(folder: folder.path, locale: "it")
        } throws: { error in
            "\(error)".contains("it.yml:1: unknown key “evnt”")
        }
    }

    @Test func englishOutputIsTheSameWithTheEnglishStringsFile() throws {
        let plain = try Self.message(nil)
        let english = try Self.message("en_GB")
        #expect(plain.text == english.text)
        #expect(plain.html == english.html)
    }
}
