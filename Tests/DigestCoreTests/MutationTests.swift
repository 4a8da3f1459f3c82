import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// The seed and every fixture, cut short and with bytes flipped (a fixed random seed), never
/// crash a reader: each damaged input is read, or reported, or refused with a DigestError.
struct MutationTests {
    /// SplitMix64: small, fast, and the same sequence on every machine.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static let inputs = [
        "social-innovation-listing.txt", "feeds/rss.xml", "feeds/atom.xml", "feeds/feed.json", "feeds/hostile.xml",
        "notes/tram.md", "notes/events/2019/assembly.md",
    ]

    @Test(arguments: inputs)
    func damagedInputsAreReadOrReported(name: String) throws {
        let original = try [UInt8](Data(contentsOf: URL(fileURLWithPath: TestFiles.fixture(name))))
        let scratch = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: scratch) }
        let suffix = (name as NSString).pathExtension
        var random = SeededRandom(state: UInt64(name.utf8.count) &* 7919)
        let day = Day(iso: "2019-04-21")!
        for round in 0..<200 {
            var damaged = Array(original.prefix(Int.random(in: 0...original.count, using: &random)))
            var flipped = original
            for _ in 0..<Int.random(in: 1...8, using: &random) {
                let at = Int.random(in: 0..<flipped.count, using: &random)
                flipped[at] = UInt8.random(in: 0...255, using: &random)
            }
            for (kind, bytes) in [("cut", damaged), ("flip", flipped)] {
                let file = scratch.appendingPathComponent("\(round)-\(kind).\(suffix)")
                try Data(bytes).write(to: file)
                do {
                    let reading = try DetectedSource(SourceSpec(file.path), readDay: day).read()
                    // Whatever was read has titles and topics; nothing vanished without a word
                    // unless the damage left no item to read.
                    #expect(reading.items.allSatisfy { !$0.title.isEmpty && !$0.topics.isEmpty })
                } catch {
                    #expect(!error.description.isEmpty)
                }
                try? FileManager.default.removeItem(at: file)
            }
            damaged.removeAll()
        }
    }
}
