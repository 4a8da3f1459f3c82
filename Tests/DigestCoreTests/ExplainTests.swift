import DigestCore
import DigestTestSupport
import Testing

/// `--explain`: every item read gets the right reason, from the seed listing and a second
/// listing with a capped item, a duplicate of a seed item and a malformed item.
struct ExplainTests {
    let report: SelectionReport

    init() throws {
        let seed = try ListingSource(path: TestFiles.fixture("social-innovation-listing.txt")).read()
        let second = try ListingSource(path: TestFiles.fixture("explain/second-listing.txt")).read()
        let plan = TopicPlan(topics: [
            .init(name: "cooperation", cap: 1), .init(name: "knowledge society", windowDays: 3),
        ])
        let selection = Selection(
            window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-10")!), plan: plan)
        report = selection.explain(
            items: seed.items + second.items, diagnostics: seed.diagnostics + second.diagnostics)
    }

    private func verdict(_ titlePrefix: String) -> SelectionReport.Verdict? {
        report.decisions.first { $0.item?.title.hasPrefix(titlePrefix) == true }?.verdict
    }

    @Test func everyItemReadGetsOneDecision() {
        #expect(report.decisions.count == 13)
        #expect(report.decisions.filter(\.isIncluded).count == 2)
        #expect(Set(report.decisions.filter(\.isIncluded).map { $0.item!.id }) == Set(report.digest.items.map(\.id)))
    }

    @Test func itemsInTheWindowNameTheirSection() {
        #expect(verdict("Regulating the urban commons") == .selected(section: "cooperation"))
        #expect(verdict("Key takeaways") == .selected(section: "social innovation"))
    }

    @Test func itemsOutsideTheWindowSayByHowMuch() {
        #expect(verdict("15 cities learn") == .afterWindow(days: 9, horizon: nil))
        #expect(verdict("Bologna is 22nd") == .afterWindow(days: 6, horizon: nil))
        #expect(verdict("Open Access Government") == .beforeWindow(days: 4))
        #expect(verdict("A wake up call") == .beforeWindow(days: 11))
        #expect(verdict("A wake up call")?.reason == "11 days before the window")
    }

    @Test func aCapAndATopicWindowNameTheirTopic() {
        #expect(verdict("Tram pledge") == .cutByCap(topic: "cooperation", cap: 1))
        #expect(verdict("Tram pledge")?.reason == "cut by the cap of topic “cooperation” (1 item)")
        #expect(
            verdict("EUROCITIES principles") == .cutByTopicWindow(topic: "knowledge society", windowDays: 3, days: 3))
    }

    @Test func aDuplicateNamesTheItemAndSourceItRepeats() throws {
        let duplicate = try #require(
            report.decisions.last { $0.item?.title.hasPrefix("Key takeaways") == true })
        guard case .duplicate(let title, let location) = duplicate.verdict else {
            Issue.record("expected a duplicate, got \(duplicate.verdict)")
            return
        }
        #expect(title.hasPrefix("Key takeaways"))
        #expect(location.file.hasSuffix("social-innovation-listing.txt"))
        #expect(location.line == 39)
        #expect(duplicate.origin.file.hasSuffix("second-listing.txt"))
    }

    @Test func aMalformedItemSaysWhat() throws {
        let malformed = try #require(report.decisions.last)
        guard case .malformed(let diagnostic) = malformed.verdict else {
            Issue.record("expected a malformed item, got \(malformed.verdict)")
            return
        }
        #expect(!malformed.isIncluded)
        #expect(diagnostic.problem.contains("31-02-2019"))
        #expect(malformed.origin.file.hasSuffix("second-listing.txt"))
    }

    @Test func aReaderSeesWhatTheirTopicsLeaveOut() throws {
        let items = try ListingSource(path: TestFiles.fixture("social-innovation-listing.txt")).read().items
        let selection = Selection(window: DateWindow(since: Day(iso: "2019-04-01")!, until: Day(iso: "2019-04-30")!))
        let report = selection.explain(items: items, following: ["culture"])
        let keys = report.decisions.map(\.verdict.code)
        #expect(keys.filter { $0 == "selected" }.count == 1)
        #expect(keys.filter { $0 == "not-followed" }.count == 4)
        #expect(report.digest.items.count == selection.digest(from: items, following: ["culture"]).items.count)
    }

    @Test func anEventPastTheHorizonSaysSo() throws {
        let items = try ListingSource(path: TestFiles.fixture("social-innovation-listing.txt")).read().items
        let window = DateWindow(since: Day(iso: "2019-02-01")!, until: Day(iso: "2019-02-28")!, upcomingEventDays: 10)
        let report = Selection(window: window).explain(items: items)
        let event = try #require(report.decisions.first { $0.item?.kind == .event })
        #expect(event.verdict == .afterWindow(days: 25, horizon: 10))
    }

    @Test func theReportSelectsWhatTheDigestSelects() {
        #expect(report.digest.sections.map(\.label) == ["cooperation", "social innovation"])
    }
}
