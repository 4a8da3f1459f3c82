import DigestBenchCorpus
import DigestCore
import Foundation
import Testing

/// The bench's generated listing, read in parts on every core, gives what one parse of the
/// whole file gives.
struct ListingPartsCorpusTests {
    private func read(_ path: String, partSize: Int, window: DateWindow?) throws -> [Result<Item, Diagnostic>] {
        var results: [Result<Item, Diagnostic>] = []
        try ListingSource(path: path).forEachItem(keeping: window, partSize: partSize) { results.append($0) }
        return results
    }

    @Test func theGeneratedListingReadsTheSameInParts() throws {
        let folder = NSTemporaryDirectory() + "digest-bench-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let (path, _) = try CorpusFiles(folder: folder, seed: 7).listing(items: 3_000)
        let window = DateWindow(since: Day(iso: "2020-01-01")!, until: Day(iso: "2020-06-30")!)
        for window in [nil, window] {
            let whole = try read(path, partSize: Int.max / 2, window: window)
            #expect(whole.count > 100)
            for size in [1, 4_096, 65_536, 1 << 20] {
                #expect(try read(path, partSize: size, window: window) == whole, "part size \(size)")
            }
        }
    }
}
