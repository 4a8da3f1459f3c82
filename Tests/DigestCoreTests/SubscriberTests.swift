import DigestCore
import DigestTestSupport
import Foundation
import Testing

struct SubscriberTests {
    static let secret = "correct horse battery staple 42"

    private func settings(templates: String = TestFiles.templates) throws -> DigestBuild.Settings {
        DigestBuild.Settings(
            sources: [ListingSource(path: TestFiles.fixture("social-innovation-listing.txt"))],
            selection: Selection(window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-30")!)),
            templates: try TemplateSet(folder: templates), name: "City digest",
            from: try Mailbox(parsing: "City digest <digest@city.example>"), to: [], date: MailDate(iso: "2019-05-01")!)
    }

    private func personalization(_ list: String = TestFiles.fixture("subscribers.csv")) throws
        -> DigestBuild.Personalization
    {
        DigestBuild.Personalization(
            subscribers: SubscriberList(path: list),
            unsubscribeLink: try UnsubscribeLinkTemplate(
                "https://city.example/unsubscribe?email={email}&token={token}"),
            token: try UnsubscribeToken(secret: Self.secret))
    }

    private func runAll(_ personalization: DigestBuild.Personalization) throws
        -> (DigestBuild.PersonalOutcome, [String: MailMessage])
    {
        var messages: [String: MailMessage] = [:]
        let outcome = try DigestBuild(settings: try settings()).runPersonal(personalization) { personal in
            messages[personal.subscriber.mailbox.address] = personal.message
            #expect(personal.bytes == personal.message.bytes())
        }
        return (outcome, messages)
    }

    @Test func aClippedSetOfTopicsIsWarnedAboutOnceInListOrder() throws {
        var settings = try settings()
        settings.htmlBudget = 9_000
        let outcome = try DigestBuild(settings: settings).runPersonal(try personalization()) { _ in }
        #expect(outcome.written == 4)
        // Ana (every topic) comes first in the list, Zoë (cooperation, knowledge society) later;
        // Bob's and the nameless reader's digests fit.
        #expect(outcome.warnings.count == 2)
        #expect(outcome.warnings.first?.contains("so 2 items were left out") == true)
        #expect(outcome.warnings.last?.contains("so 1 item was left out") == true)
    }

    @Test func eachReaderGetsExactlyTheSectionsTheyFollow() throws {
        let (outcome, messages) = try runAll(try personalization())
        #expect(outcome.written == 4)
        #expect(outcome.empty.map(\.mailbox.address) == ["carla@example.org"])
        #expect(outcome.rejected.count == 1)
        #expect(outcome.rejected.first?.location.line == 7)
        #expect(Set(messages.keys) == ["ana@example.org", "bob@example.org", "zoe@example.org", "noname@example.org"])

        func sections(_ address: String) throws -> [String] {
            let message = try #require(messages[address])
            let html = message.html
            var found: [String] = []
            for topic in ["cooperation", "social innovation", "knowledge society", "culture", "mobility"]
            where html.contains(">\(topic)</h2>") {
                found.append(topic)
            }
            return found.sorted()
        }
        #expect(try sections("ana@example.org") == ["cooperation", "knowledge society", "social innovation"])
        #expect(try sections("bob@example.org") == ["culture"])
        #expect(try sections("zoe@example.org") == ["cooperation", "knowledge society"])
        #expect(try sections("noname@example.org") == ["social innovation"])
        #expect(messages["bob@example.org"]?.text.contains("Regulating the urban commons") == true)
    }

    @Test func messagesGreetAndAddressTheReaderByName() async throws {
        let (_, messages) = try runAll(try personalization())
        let zoe = try #require(messages["zoe@example.org"])
        let parsed = try await MailInspection.of(bytes: zoe.bytes())
        #expect(parsed.defects.isEmpty, "\(parsed.defects)")
        #expect(parsed.values("To") == ["\"Łukasiewicz, Zoë\" <zoe@example.org>"])
        #expect(zoe.text.contains("Hello Łukasiewicz, Zoë,"))
        let anonymous = try #require(messages["noname@example.org"])
        #expect(anonymous.text.contains("Hello,"))
        #expect(try await MailInspection.of(bytes: anonymous.bytes()).values("To") == ["noname@example.org"])
    }

    @Test func theUnsubscribeLinkIsPersonalAndVerifies() async throws {
        let (_, messages) = try runAll(try personalization())
        let ana = try #require(messages["ana@example.org"])
        let parsed = try await MailInspection.of(bytes: ana.bytes())
        let header = try #require(parsed.values("List-Unsubscribe").first)
        let token = try UnsubscribeToken(secret: Self.secret).token(for: "ana@example.org")
        #expect(header.hasPrefix("<https://city.example/unsubscribe?email=ana%40example.org&token=\(token)>"))
        #expect(parsed.values("List-Unsubscribe-Post") == ["List-Unsubscribe=One-Click"])
        #expect(ana.html.contains("token=\(token)"), "the footer links to the same URL")
        #expect(try UnsubscribeToken(secret: Self.secret).verify(token, for: "ANA@example.org"))
        #expect(
            !(try UnsubscribeToken(secret: "another secret of enough length").verify(token, for: "ana@example.org")))
        #expect(!(try UnsubscribeToken(secret: Self.secret).verify(token, for: "bob@example.org")))
    }

    @Test func assembledFromSharedPiecesEqualsRenderedAloneByteForByte() throws {
        let (_, together) = try runAll(try personalization())
        let all = try String(contentsOfFile: TestFiles.fixture("subscribers.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, row) in all.enumerated().dropFirst() {
            let single = folder.appendingPathComponent("reader-\(index).csv")
            try (all[0] + "\n" + row + "\n").write(to: single, atomically: true, encoding: .utf8)
            let (_, alone) = try runAll(try personalization(single.path))
            for (address, message) in alone {
                #expect(message.bytes() == together[address]?.bytes(), "\(address)")
            }
        }
    }

    /// Readers whose names need escaping in HTML, quoting or encoding in headers, are longer
    /// than a quoted-printable line, or are not ASCII: each message made from its group's
    /// shared encoding has the bytes of the message made from its filled bodies whole, in
    /// both line endings, and Python's email (strict) parses it with the name in both parts.
    @Test func sharedEncodingGivesTheBytesOfThePlainPathForNamesThatNeedCare() async throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("tricky.csv")
        let long = "Maximilian Alexander von und zu Großherzoglich-Löwenstein-Wertheim-Freudenberg Üñîçødé 李小龍"
        try """
        email,name,topics
        amp@example.org,"Tom & Jerry <Co> ""Quoted"" 'Apos'",
        long@example.org,"\(long)",cooperation
        dot@example.org,.Dot Start,cooperation;social innovation
        from@example.org,From Here,knowledge society
        eq@example.org,a=b=c ==,
        emoji@example.org,Zoë 😀 Łódź,culture
        o'brien+news@example.org,Bob,culture
        noname@example.org,,social innovation
        """.write(to: list, atomically: true, encoding: .utf8)
        var personalization = DigestBuild.Personalization(
            subscribers: SubscriberList(path: list.path),
            unsubscribeLink: try UnsubscribeLinkTemplate(
                "https://city.example/a/rather/long/path/to/the/newsletter/unsubscribe?email={email}&token={token}"),
            token: try UnsubscribeToken(secret: Self.secret))
        personalization.suppressed = []
        var names: [String: String?] = [:]
        for ending in LineEnding.allCases {
            var made: [(address: String, bytes: [UInt8])] = []
            let outcome = try DigestBuild(settings: try settings()).runPersonal(personalization, lineEnding: ending) {
                personal in
                let message = personal.message
                let whole = MailMessage(
                    from: message.from, to: message.to, subject: message.subject, date: message.date,
                    list: message.list, text: message.text, html: message.html)
                #expect(personal.bytes == whole.bytes(lineEnding: ending), "\(personal.subscriber.mailbox.address)")
                names[personal.subscriber.mailbox.address] = personal.subscriber.name
                made.append((personal.subscriber.mailbox.address, personal.bytes))
            }
            #expect(outcome.written == 8)
            guard ending == .crlf else { continue }
            for (address, bytes) in made {
                let parsed = try await MailInspection.of(bytes: bytes)
                #expect(parsed.defects.isEmpty, "\(address): \(parsed.defects)")
                let parts = parsed.parts ?? []
                #expect(parts.map(\.type) == ["text/plain", "text/html"], "\(address)")
                if let name = names[address] ?? nil {
                    #expect(parts.first?.unflowed.contains("Hello \(name),") == true, "\(address)")
                    #expect(parts.last?.unescaped.contains(name) == true, "\(address)")
                    // A quoted-string shows its quotes escaped.
                    // A long name is folded over lines, so white space is left out of the comparison.
                    let shown = name.replacingOccurrences(of: "\"", with: "\\\"").filter { !$0.isWhitespace }
                    let to = parsed.values("To").first?.filter { !$0.isWhitespace }
                    #expect(to?.contains(shown) == true, "\(address): \(parsed.values("To"))")
                }
            }
        }
    }

    @Test func duplicateAddressesUnknownTopicsAndBadRowsAreRejectedWithTheirLine() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let list = folder.appendingPathComponent("list.csv")
        try #"""
        email,name,topics
        a@example.org,A,culture
        A@EXAMPLE.ORG,Again,
        b@example.org,B,astrology
        c@example.org,"C, with ""quotes""",culture
        d@example.org,too,many,fields
        "e@example.org",E,"culture; cooperation"
        """#.write(to: list, atomically: true, encoding: .utf8)
        let (subscribers, rejected) = try SubscriberList(path: list.path).read(knownTopics: ["culture", "cooperation"])
        #expect(subscribers.map(\.mailbox.address) == ["a@example.org", "c@example.org", "e@example.org"])
        #expect(subscribers[1].name == "C, with \"quotes\"")
        #expect(subscribers[2].topics == ["culture", "cooperation"])
        #expect(rejected.map { $0.location.line } == [3, 4, 6])
        #expect(rejected[0].problem.contains("already listed at line 2"))
        #expect(rejected[1].problem.contains("astrology"))
    }

    @Test func aMissingSecretIsAClearError() {
        #expect(throws: DigestError.self) { try UnsubscribeToken.load(file: nil, environment: [:]) }
        #expect(throws: DigestError.self) { try UnsubscribeToken(secret: "short") }
    }
}
