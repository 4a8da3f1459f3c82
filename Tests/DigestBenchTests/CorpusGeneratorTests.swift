import DigestBenchCorpus
import DigestCore
import Foundation
import Testing

struct CorpusGeneratorTests {
    /// A fresh scratch folder, removed by the caller.
    private func scratch() throws -> String {
        let folder = NSTemporaryDirectory() + "digest-bench-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        return folder
    }

    @Test func sameSeedSameBytesOtherSeedOtherBytes() {
        let one = ListingGenerator(items: 300, seed: 7).text()
        #expect(one == ListingGenerator(items: 300, seed: 7).text())
        #expect(one != ListingGenerator(items: 300, seed: 8).text())
        #expect(SubscriberGenerator(count: 200, seed: 7).text() == SubscriberGenerator(count: 200, seed: 7).text())
    }

    @Test func chunkedOutputIsTheWholeText() {
        var chunks: [String] = []
        ListingGenerator(items: 300, seed: 3).write(chunkSize: 4096) { chunks.append($0) }
        #expect(chunks.count > 1)
        #expect(chunks.joined() == ListingGenerator(items: 300, seed: 3).text())
    }

    @Test func listingReadsBackWithoutDiagnostics() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let files = CorpusFiles(folder: folder, seed: 42)
        let (path, generated) = try files.listing(items: 800)
        #expect(generated)
        #expect(try files.listing(items: 800).generated == false)

        var items: [Item] = []
        var diagnostics: [Diagnostic] = []
        try ListingSource(path: path).forEachItem { result in
            switch result {
            case .success(let item): items.append(item)
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        #expect(diagnostics.isEmpty, "\(diagnostics.prefix(3))")
        #expect(items.count == 800)
        #expect(items.allSatisfy { ListingGenerator.summaryLength.contains($0.summary.count) })
        #expect(Set(items.map(\.kind)) == Set(ItemKind.allCases))
        #expect(Set(items.flatMap(\.topics)) == Set(ListingGenerator.topics))
        #expect(items.first?.date == Day(iso: "2024-12-31"))
        #expect(items.last.map { $0.date >= Day(iso: "2015-01-01")! } == true)
        #expect(items.contains { $0.summary.contains("](https://") && $0.summary.contains("\n- ") })
        #expect(
            items.contains { $0.summary.contains("**") && $0.summary.unicodeScalars.contains { $0.value > 0x3000 } })
    }

    @Test func subscriberListIsValid() throws {
        let folder = try scratch()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = try CorpusFiles(folder: folder, seed: 42).subscribers(count: 1_000).path
        let known = Set(ListingGenerator.topics)
        let (subscribers, rejected) = try SubscriberList(path: path).read(knownTopics: known)
        #expect(rejected.isEmpty, "\(rejected.prefix(3))")
        #expect(subscribers.count == 1_000)
        #expect(subscribers.allSatisfy { (1...4).contains($0.topics.count) })
        let nonASCII = subscribers.filter { !($0.name ?? "").unicodeScalars.allSatisfy(\.isASCII) }
        #expect(nonASCII.count > 600)
    }

    @Test(arguments: [0, 1, 59, 60, 365, 10_957, 20_088, -1])
    func civilDayRoundTrips(_ days: Int) {
        #expect(CivilDay(daysSinceEpoch: days).daysSinceEpoch == days)
    }

    @Test func civilDayKnownDates() {
        #expect(CivilDay(daysSinceEpoch: 0).description == "1970-01-01")
        #expect(CivilDay(2019, 4, 16).dayMonthYear == "16-04-2019")
        #expect(CivilDay(2024, 2, 28).adding(days: 1) == CivilDay(2024, 2, 29))
    }
}
