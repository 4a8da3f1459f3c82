import Foundation

/// Reads a listing in parts cut where ``ListingSplit`` allows and parses the parts on every
/// core, handing on items and diagnostics in the file's order on the calling thread, exactly
/// as one parse of the whole file would (the same results, line numbers and first error).
///
/// Memory stays bounded: a few parts of about `partSize` bytes are in memory at a time (a
/// part grows past that only until a cut is allowed, so an item longer than a part is whole
/// in one part).
struct ListingParts {
    /// The path as the user gave it.
    let path: String
    /// The topic of untagged items; nil uses the page title.
    let topic: String?
    /// When given, items outside it are skipped without being built.
    let window: DateWindow?
    /// How large a part grows before a cut is looked for.
    let partSize: Int

    /// The default part size: large enough that cutting and handing over cost nothing, small
    /// enough that a 92 MB listing makes a few dozen parts for two cores.
    static let defaultPartSize = 4 << 20

    /// Parses the file, calling `body` with each item or diagnostic in the file's order.
    ///
    /// - Returns: how many good items the file holds, and their topics (lower-cased).
    /// - Throws: ``DigestError/unreadable(path:reason:)``, ``DigestError/notUTF8(_:)`` at the
    ///   first line that is not UTF-8 (after the results before it), or what `body` throws.
    func parse(
        _ body: (Result<Item, Diagnostic>) throws(DigestError) -> Void
    ) throws(DigestError) -> (items: Int, topics: Set<String>) {
        let file: System.File
        do {
            file = try System.File.open(path, .read)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        defer { try? file.close() }
        var reader = PartReader(file: file, path: path, partSize: max(partSize, 1))
        let first = try reader.next()
        if first.isLast {
            let outcome = parsePart(first.bytes, firstLine: 1, pageTitle: nil)
            for result in outcome.results + outcome.finish { try body(result) }
            if let error = outcome.error { throw error }
            return (outcome.items, outcome.topics)
        }
        return try parseInParallel(first: first.bytes, reader: &reader, body)
    }

    private func parseInParallel(
        first: PartBytes, reader: inout PartReader, _ body: (Result<Item, Diagnostic>) throws(DigestError) -> Void
    ) throws(DigestError) -> (items: Int, topics: Set<String>) {
        let workers = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let pipeline = PartPipeline()
        let pageTitle = Self.pageTitle(of: first)
        let finished = DispatchSemaphore(value: 0)
        for _ in 0..<workers {
            Thread.detachNewThread { [self] in
                defer { finished.signal() }
                while let job = pipeline.take() {
                    guard let firstLine = pipeline.firstLine(of: job) else { return }
                    pipeline.complete(job, with: parsePart(job.bytes, firstLine: firstLine, pageTitle: job.pageTitle))
                }
            }
        }
        defer {
            pipeline.stop()
            for _ in 0..<workers { finished.wait() }
        }

        pipeline.submit(first, pageTitle: nil)
        var moreToRead = true
        var readError: DigestError?
        var pending: [Result<Item, Diagnostic>] = []
        var items = 0
        var topics: Set<String> = []
        while true {
            while moreToRead, pipeline.waiting < workers + 2 {
                do throws(DigestError) {
                    let part = try reader.next()
                    pipeline.submit(part.bytes, pageTitle: pageTitle)
                    moreToRead = !part.isLast
                } catch {
                    readError = error
                    moreToRead = false
                }
            }
            guard let outcome = pipeline.nextOutcome() else { break }
            if let error = outcome.error {
                // The last item of the part before ends where this part's first block does:
                // an error before that leaves it unfinished, as one parse would.
                if outcome.closedAFirstBlock { for result in pending { try body(result) } }
                for result in outcome.results { try body(result) }
                throw error
            }
            for result in pending + outcome.results { try body(result) }
            pending = outcome.finish
            items += outcome.items
            topics.formUnion(outcome.topics)
        }
        for result in pending { try body(result) }
        if let readError { throw readError }
        return (items, topics)
    }

    /// Parses one part whose first line has number `firstLine`; `pageTitle` is nil for the
    /// file's first part.
    private func parsePart(_ bytes: PartBytes, firstLine: Int, pageTitle: String?) -> PartOutcome {
        var parser =
            pageTitle.map { ListingParser(file: path, topic: topic, window: window, continuingAfter: $0) }
            ?? ListingParser(file: path, topic: topic, window: window)
        var results: [Result<Item, Diagnostic>] = []
        let badLine = ListingLines.forEach(in: bytes.buffer, firstNumber: firstLine) { line, number in
            parser.feed(line, number: number, into: &results)
            return true
        }
        var outcome = PartOutcome(results: results, closedAFirstBlock: parser.hasClosedABlock)
        if let badLine {
            outcome.error = .notUTF8(SourceLocation(file: path, line: badLine))
            return outcome
        }
        parser.finish(into: &outcome.finish)
        outcome.items = parser.itemsSeen
        outcome.topics = parser.topicsSeen
        return outcome
    }

    /// The page title of the file whose first part is `bytes`, as the parser reads it.
    private static func pageTitle(of bytes: PartBytes) -> String {
        var parser = ListingParser(file: "")
        var ignored: [Result<Item, Diagnostic>] = []
        ListingLines.forEach(in: bytes.buffer, firstNumber: 1) { line, number in
            parser.feed(line, number: number, into: &ignored)
            return parser.pageTitleRead == nil
        }
        return parser.pageTitleRead ?? ""
    }
}

/// What parsing one part gave.
private struct PartOutcome: Sendable {
    /// The results of its lines, in order.
    var results: [Result<Item, Diagnostic>]
    /// Whether its first block ended before `error`.
    var closedAFirstBlock: Bool
    /// What the end of the part gave: its last item, finished when the next part's first block ends.
    var finish: [Result<Item, Diagnostic>] = []
    /// The first line that is not UTF-8.
    var error: DigestError?
    var items = 0
    var topics: Set<String> = []
}

/// A part's bytes, read straight into memory of its own.
private final class PartBytes: @unchecked Sendable {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = max(capacity, 1)
        base = .allocate(capacity: self.capacity)
    }

    deinit { base.deallocate() }

    var buffer: UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(start: base, count: count) }

    /// Makes room for at least `extra` more bytes.
    func reserve(_ extra: Int) {
        guard count + extra > capacity else { return }
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: max(capacity * 2, count + extra))
        grown.update(from: base, count: count)
        base.deallocate()
        base = grown
        capacity = max(capacity * 2, count + extra)
    }

    /// Reads from `file` into the free space; 0 at the end of the file.
    func read(from file: System.File) throws(System.Failure) -> Int {
        let read = try file.read(into: UnsafeMutableRawBufferPointer(start: base + count, count: capacity - count))
        count += read
        return read
    }
}

/// Cuts the file into parts as it reads it.
private struct PartReader {
    let file: System.File
    let path: String
    let partSize: Int
    private var current: PartBytes
    private var atEnd = false
    /// How far past `partSize` the first read goes, so a cut is usually found without another.
    private static let lookAhead = 64 << 10
    /// The most memory reserved ahead of a read.
    private static let readSize = 4 << 20

    init(file: System.File, path: String, partSize: Int) {
        self.file = file
        self.path = path
        self.partSize = partSize
        current = PartBytes(capacity: min(partSize, Self.readSize) + Self.lookAhead)
    }

    /// The next part, and whether it is the file's last.
    mutating func next() throws(DigestError) -> (bytes: PartBytes, isLast: Bool) {
        try fill(to: partSize + Self.lookAhead)
        var split = ListingSplit(searchingFrom: partSize)
        while true {
            if current.count > partSize, let cut = split.next(in: current.buffer, atEnd: atEnd) {
                let rest = current.count - cut
                let next = PartBytes(capacity: max(min(partSize, Self.readSize) + Self.lookAhead, rest))
                UnsafeMutableRawPointer(next.base).copyMemory(from: current.base + cut, byteCount: rest)
                next.count = rest
                current.count = cut
                let part = current
                current = next
                return (part, false)
            }
            if atEnd {
                let part = current
                current = PartBytes(capacity: 1)
                return (part, true)
            }
            try fill(to: current.count + (1 << 20))
        }
    }

    /// Reads until the current part holds `size` bytes or the file ends.
    private mutating func fill(to size: Int) throws(DigestError) {
        while !atEnd, current.count < size {
            current.reserve(min(size - current.count, Self.readSize))
            do {
                if try current.read(from: file) == 0 { atEnd = true }
            } catch {
                throw .unreadable(path: path, reason: error.reason)
            }
        }
    }
}

/// The parts between the reading thread and the parsing threads: taken in file order, each
/// told its first line number once the parts before it have counted theirs, and their
/// outcomes handed back in file order.
private final class PartPipeline: @unchecked Sendable {
    final class Job: @unchecked Sendable {
        let index: Int
        let bytes: PartBytes
        let pageTitle: String?
        var newlines: Int?
        var firstLine: Int?
        var outcome: PartOutcome?

        init(index: Int, bytes: PartBytes, pageTitle: String?) {
            self.index = index
            self.bytes = bytes
            self.pageTitle = pageTitle
        }
    }

    private let condition = NSCondition()
    /// Submitted and not yet handed back, in file order; `jobs[0]` has index `handedBack`.
    private var jobs: [Job] = []
    private var submitted = 0
    private var handedBack = 0
    private var taken = 0
    /// The first job without a first line number, and the number it will get.
    private var numbering = (index: 0, line: 1)
    private var stopped = false
    private var allSubmitted = false

    /// How many parts are submitted and not yet handed back.
    var waiting: Int {
        condition.lock()
        defer { condition.unlock() }
        return submitted - handedBack
    }

    func submit(_ bytes: PartBytes, pageTitle: String?) {
        condition.lock()
        jobs.append(Job(index: submitted, bytes: bytes, pageTitle: pageTitle))
        submitted += 1
        number()
        condition.broadcast()
        condition.unlock()
    }

    /// The next part to parse, waiting for one; nil when there are no more or on `stop()`.
    func take() -> Job? {
        condition.lock()
        defer { condition.unlock() }
        while !stopped, taken == submitted, !allSubmitted { condition.wait() }
        guard !stopped, taken < submitted else { return nil }
        let job = jobs[taken - handedBack]
        taken += 1
        return job
    }

    /// Counts the job's lines, then waits until the parts before it have counted theirs; its
    /// first line number, or nil on `stop()`. Parts are taken in order and counting never
    /// waits, so the wait always ends.
    func firstLine(of job: Job) -> Int? {
        let newlines = ListingLines.countNewlines(in: job.bytes.buffer)
        condition.lock()
        defer { condition.unlock() }
        job.newlines = newlines
        number()
        condition.broadcast()
        while !stopped, job.firstLine == nil { condition.wait() }
        return stopped ? nil : job.firstLine
    }

    /// Gives first line numbers to the jobs whose predecessors are all counted.
    private func number() {
        while numbering.index < submitted {
            let job = jobs[numbering.index - handedBack]
            job.firstLine = numbering.line
            guard let newlines = job.newlines else { return }
            numbering = (numbering.index + 1, numbering.line + newlines)
        }
    }

    func complete(_ job: Job, with outcome: PartOutcome) {
        condition.lock()
        job.outcome = outcome
        condition.broadcast()
        condition.unlock()
    }

    /// The next part's outcome in file order, waiting for it; nil when every part submitted
    /// has been handed back (no more will be submitted then).
    func nextOutcome() -> PartOutcome? {
        condition.lock()
        defer { condition.unlock() }
        guard handedBack < submitted else {
            allSubmitted = true
            condition.broadcast()
            return nil
        }
        while jobs[0].outcome == nil { condition.wait() }
        let outcome = jobs.removeFirst().outcome
        handedBack += 1
        return outcome
    }

    /// Ends the parsing threads at their next wait.
    func stop() {
        condition.lock()
        stopped = true
        condition.broadcast()
        condition.unlock()
    }
}
