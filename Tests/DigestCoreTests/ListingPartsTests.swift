import DigestTestSupport
import Foundation
import Testing

@testable import DigestCore

/// A listing read in parts on every core gives, byte for byte, what one parse of the whole
/// file gives: the same items and diagnostics in the same order, the same line numbers, the
/// same first error, whatever the size of the parts.
struct ListingPartsTests {
    /// What a read gave: every result in order, then the summary or the error that ended it.
    struct Read: Equatable {
        var results: [Result<Item, Diagnostic>] = []
        var items = 0
        var topics: Set<String> = []
        var error: DigestError?
    }

    static func read(
        _ path: String, partSize: Int, window: DateWindow? = nil, topic: String? = nil, stopAfter: Int? = nil
    ) -> Read {
        var read = Read()
        do {
            let summary = try ListingSource(path: path, topic: topic).forEachItem(keeping: window, partSize: partSize) {
                (result) throws(DigestError) in
                read.results.append(result)
                if let stopAfter, read.results.count >= stopAfter { throw .unreadable(path: "body", reason: "stop") }
            }
            (read.items, read.topics) = summary
        } catch {
            read.error = error
        }
        return read
    }

    /// Part sizes from one byte (a cut wherever the rule allows one) to a few kilobytes.
    static let partSizes = [1, 2, 3, 7, 64, 333, 1_000, 4_096]

    /// Reads `path` whole and in parts of every size, expecting the same; returns the whole read.
    @discardableResult
    static func expectSameInParts(
        _ path: String, window: DateWindow? = nil, topic: String? = nil, sizes: [Int] = partSizes,
        sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) -> Read {
        let whole = read(path, partSize: Int.max / 2, window: window, topic: topic)
        for size in sizes {
            let parts = read(path, partSize: size, window: window, topic: topic)
            #expect(parts == whole, "part size \(size)", sourceLocation: sourceLocation)
        }
        return whole
    }

    static let window = DateWindow(since: Day(iso: "2019-03-25")!, until: Day(iso: "2019-04-10")!)

    @Test(arguments: [
        TestFiles.sample, TestFiles.fixture("stress/ordinary-listing.txt"),
        TestFiles.fixture("explain/second-listing.txt"),
    ])
    func shippedListingsReadTheSameInParts(path: String) throws {
        let whole = Self.expectSameInParts(path)
        #expect(whole.error == nil)
        #expect(!whole.results.isEmpty)
        Self.expectSameInParts(path, window: Self.window)
        Self.expectSameInParts(path, topic: "fallback")
    }

    @Test func crlfAndAMissingLastNewlineReadTheSameInParts() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let text = try String(contentsOfFile: TestFiles.sample, encoding: .utf8)
        let crlf = text.replacingOccurrences(of: "\n", with: "\r\n")
        // The sample ends without a newline.
        for (name, variant) in [
            ("lf.txt", text + "\n"), ("no-newline.txt", text), ("crlf.txt", crlf + "\r\n"),
            ("crlf-no-newline.txt", crlf), ("trailing-cr.txt", crlf + "\r"),
        ] {
            let path = folder.appendingPathComponent(name).path
            try Data(variant.utf8).write(to: URL(fileURLWithPath: path))
            let whole = Self.expectSameInParts(path)
            #expect(whole.items == 10, "\(name)")
        }
    }

    @Test func theRuleCutsOnlyBeforeAnItemsFirstBlock() throws {
        // Every cut the rule allows in the sample is just before an item's tags or title,
        // after a date block, never inside an item.
        let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: TestFiles.sample)))
        let lines = bytes.split(separator: 10, omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
        var cuts: [Int] = []
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 1
            while offset < buffer.count {
                var split = ListingSplit(searchingFrom: offset)
                guard let cut = split.next(in: buffer, atEnd: true) else { break }
                cuts.append(bytes[..<cut].filter { $0 == 10 }.count)  // the 0-based line of the cut
                offset = cut + 1
            }
        }
        #expect(cuts.count == 9, "one cut before each item but the first: \(cuts)")
        for line in cuts {
            let before = lines[..<line].last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? ""
            #expect(before.contains("date:"), "line \(line + 1) follows “\(before)”")
        }
    }

    /// Seeded random listings made of the format's pieces, malformed ones included.
    @Test(arguments: 0..<60)
    func randomListingsReadTheSameInParts(seed: Int) throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("random.txt").path
        var listing = RandomListing(seed: UInt64(seed))
        try Data(listing.bytes()).write(to: URL(fileURLWithPath: path))
        let whole = Self.expectSameInParts(path, sizes: [1, 5, 40, 250])
        if seed % 4 == 0 {
            Self.expectSameInParts(path, window: Self.window, sizes: [1, 40])
        }
        // A body that stops the read (as --strict does) sees the same results up to there.
        if whole.results.count > 2 {
            let stop = whole.results.count / 2
            let expected = Self.read(path, partSize: Int.max / 2, stopAfter: stop)
            for size in [1, 40] { #expect(Self.read(path, partSize: size, stopAfter: stop) == expected) }
        }
    }

    @Test func aLineThatIsNotUTF8EndsTheReadAtTheSamePlaceInParts() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = Array(try Data(contentsOf: URL(fileURLWithPath: TestFiles.sample)))
            .split(separator: 10, omittingEmptySubsequences: false)
        let path = folder.appendingPathComponent("bad.txt").path
        // The bad byte in each line in turn: in a title, a tag, a date, a blank line.
        for bad in 0..<lines.count - 1 {
            var broken = lines.map(Array.init)
            broken[bad].append(0xFF)
            try Data(broken.joined(separator: [10])).write(to: URL(fileURLWithPath: path))
            let whole = Self.expectSameInParts(path, sizes: [1, 100, 2_000])
            #expect(whole.error == .notUTF8(SourceLocation(file: path, line: bad + 1)), "line \(bad + 1)")
        }
    }

    @Test func emptyAndBlankFilesReadTheSameInParts() throws {
        let folder = try TestFiles.scratchFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for (index, text) in ["", "\n", "\n\n \n", "title only", "publication date: 01-01-2020\n\nnews\n"].enumerated()
        {
            let path = folder.appendingPathComponent("f\(index).txt").path
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            Self.expectSameInParts(path, sizes: [1, 2, 3])
        }
    }
}

/// A listing of random pieces: titles, paragraphs, tags, kind and date lines (right, wrong,
/// in odd places), blank lines of every kind of white space, CRLF, a missing last newline.
struct RandomListing {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 &+ 1 }

    /// SplitMix64.
    private mutating func next(_ bound: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(bound))
    }

    private mutating func pick(_ choices: [String]) -> String { choices[next(choices.count)] }

    mutating func bytes() -> [UInt8] {
        let crlf = next(4) == 0
        var lines: [String] = ["Page \(next(100))"]
        if next(2) == 0 { lines += ["", "An intro paragraph."] }
        for _ in 0..<(5 + next(25)) {
            var item: [[String]] = []
            if next(3) == 0 {
                item.append((0..<(1 + next(2))).map { _ in "  •  " + pick(["culture", "mobility", "Économie"]) })
            }
            item.append([pick(["A title", "Trams return", "Ends like a sentence.", "event", "news"]) + " \(next(9))"])
            for _ in 0..<next(3) { item.append([pick(["Summary text.", "More *text*", "publication date: soon"])]) }
            if next(9) != 0 { item.append([pick(["news", "publication", "event", "News", "lecture"])]) }
            switch next(8) {
            case 0: item.append(["start date: 0\(1 + next(8))-04-2019", "end date: 09-04-2019"])
            case 1: item.append(["start date: 02-04-2019"]); item.append(["end date: 0\(1 + next(3))-04-2019"])
            case 2: item.append(["publication date: 31-02-2019"])
            case 3: item.append(["publication date: 05-04-2019", "publication date: 06-04-2019"])
            case 4: item.append(["publication date: 0\(1 + next(9))-04-2019", "Not a date line"])
            case 5: break
            default: item.append([" Publication Date : \(10 + next(18))-03-2019 "])
            }
            for block in item {
                lines += block
                lines += (0..<(1 + next(2))).map { _ in pick(["", " ", "\u{00A0}", "\t", "\u{3000}"]) }
            }
        }
        var text = lines.joined(separator: crlf ? "\r\n" : "\n")
        if next(2) == 0 { text += crlf ? "\r\n" : "\n" }
        return Array(text.utf8)
    }
}
