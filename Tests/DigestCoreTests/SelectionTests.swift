import DigestCore
import DigestTestSupport
import Testing

struct SelectionTests {
    let items: [Item]

    init() throws {
        items = try ListingSource(path: TestFiles.fixture("social-innovation-listing.txt")).read().items
    }

    private func digest(_ since: String, _ until: String = "2019-04-30", plan: TopicPlan = TopicPlan()) -> Digest {
        Selection(window: DateWindow(since: Day(iso: since)!, until: Day(iso: until)!), plan: plan).digest(from: items)
    }

    @Test func sinceMarch20SelectsAllTen() {
        #expect(digest("2019-03-20").items.count == 10)
    }

    @Test func sinceApril1SelectsFive() {
        let selected = digest("2019-04-01").items
        #expect(selected.count == 5)
        #expect(selected.contains { $0.kind == .event })
    }

    @Test func eachItemAppearsOnceUnderItsFirstTopicInSectionOrder() {
        let result = digest("2019-03-20")
        #expect(result.sections.map(\.topic) == ["cooperation", "social innovation", "knowledge society"])
        #expect(result.sections.map(\.items.count) == [6, 3, 1])
        #expect(Set(result.items.map(\.id)).count == result.items.count)
        let wakeUp = result.sections[0].items.last!
        #expect(wakeUp.title.hasPrefix("A wake up call"))
    }

    @Test func itemsAreNewestFirstWithinASection() {
        for section in digest("2019-03-20").sections {
            let dates = section.items.map(\.date)
            #expect(dates == dates.sorted(by: >))
        }
    }

    @Test func configuredTopicsComeFirstWithTheirLabelsAndCaps() {
        let plan = TopicPlan(topics: [.init(name: "Culture", label: "Culture & arts", cap: 1)])
        let result = digest("2019-03-20", plan: plan)
        #expect(result.sections.first?.label == "Culture & arts")
        #expect(result.sections.first?.items.count == 1)
        #expect(result.sections.first?.omitted == 2)
    }

    @Test func anEventThatStartedBeforeTheWindowAndEndsInItIsSelected() {
        let event = Item(
            id: "e", title: "Festival", summary: "", kind: .event, date: Day(iso: "2019-03-28")!,
            end: Day(iso: "2019-04-03")!, topics: ["culture"], origin: SourceLocation(file: "x"))
        let window = DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-07")!)
        #expect(window.includes(event))
        let ended = Item(
            id: "f", title: "Over", summary: "", kind: .event, date: Day(iso: "2019-03-20")!,
            end: Day(iso: "2019-03-31")!, topics: ["culture"], origin: SourceLocation(file: "x"))
        #expect(!window.includes(ended))
    }

    @Test func upcomingEventsWithinTheHorizonAreAnnounced() {
        let soon = Item(
            id: "s", title: "Soon", summary: "", kind: .event, date: Day(iso: "2019-05-01")!,
            topics: ["x"], origin: SourceLocation(file: "x"))
        let window = Day(iso: "2019-04-07")!
        #expect(DateWindow(since: window, until: window, upcomingEventDays: 30).includes(soon))
        #expect(!DateWindow(since: window, until: window, upcomingEventDays: 10).includes(soon))
    }

    @Test func duplicatesAcrossSourcesCollapse() {
        let twice = items + items
        let result = Selection(window: DateWindow(since: Day(iso: "2019-03-20")!, until: Day(iso: "2019-04-30")!))
            .digest(from: twice)
        #expect(result.items.count == 10)
    }

    @Test func duplicatesAreFoundByIdentifierLinkOrTitleAndDayAsTheyAreSpelled() {
        let day = Day(iso: "2019-04-02")!
        func item(
            _ id: String, _ title: String, link: String? = nil, identifier: String? = nil, summary: String = ""
        ) -> Item {
            Item(
                id: id, title: title, summary: summary, kind: .news, date: day, topics: ["x"], link: link,
                origin: SourceLocation(file: id), identifier: identifier)
        }
        let window = Selection(window: DateWindow(since: day, until: day))
        let kept = window.digest(from: [
            item("a", "Łódź opens its budget", link: "https://example.org/budget"),
            item("b", "another title", link: "https://example.org/budget", summary: "a longer summary"),
            item("c", "ŁÓDŹ OPENS ITS BUDGET"),  // same title in other case, no link: the same item
            item("d", "Guid one", identifier: "urn:1"),
            item("e", "Guid one again", identifier: "urn:1"),
            // Canonically equal to a, but spelled with a combining acute: a different title.
            item("f", "Ło\u{301}dz\u{301} opens its budget"),
            item("g", "Other link", link: "https://example.org/Budget"),
        ]).items
        #expect(kept.map(\.id) == ["a", "d", "f", "g"])
        #expect(kept.first?.summary == "a longer summary")
    }

    @Test func anEmptyWindowGivesAnEmptyDigest() {
        #expect(digest("2020-01-01", "2020-02-01").isEmpty)
    }
}
