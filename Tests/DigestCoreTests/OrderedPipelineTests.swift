import Foundation
import Testing

@testable import DigestCore

struct OrderedPipelineTests {
    @Test func everyValueReachesTheConsumerInOrderAndNoWorkerRunsAheadOfTheWindow() throws {
        let ahead = LockedBox(0)
        let consumed = LockedBox(0)
        var seen: [Int] = []
        try OrderedPipeline.run(count: 500, workers: 3, window: 8) { index in
            // Uneven work, so that later indices are often made before earlier ones.
            if index % 7 == 0 { Thread.sleep(forTimeInterval: 0.001) }
            ahead.withLock { $0 = max($0, index - consumed.value) }
            return index * 3
        } consume: { index, value in
            #expect(value == index * 3)
            seen.append(index)
            consumed.value = index + 1
        }
        #expect(seen == Array(0..<500))
        #expect(ahead.value <= 8)
    }

    @Test func aConsumerErrorStopsTheMakingAndIsThrown() {
        let made = LockedBox(0)
        #expect(throws: DigestError.self) {
            try OrderedPipeline.run(count: 10_000, workers: 2, window: 4) { index in
                made.withLock { $0 += 1 }
                return index
            } consume: { (index, _) throws(DigestError) in
                if index == 10 { throw .unwritable(path: "digests/", reason: "the disk is full") }
            }
        }
        // At most the window's worth beyond the failing index was made.
        #expect(made.value <= 11 + 4 + 2)
    }

    @Test func nothingToMakeCallsNothing() throws {
        try OrderedPipeline.run(count: 0) { (_: Int) -> Int in
            Issue.record("made"); return 0
        } consume: { _, _ in
            Issue.record("consumed")
        }
    }

    @Test func eachValueIsMadeOnceHoweverManyThreadsAskAtOnce() {
        let cells = OnceEach<Int>(count: 4)
        let calls = LockedBox(0)
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let value = cells.value(index % 4) {
                calls.withLock { $0 += 1 }
                Thread.sleep(forTimeInterval: 0.001)
                return (index % 4) * 10
            }
            #expect(value == (index % 4) * 10)
        }
        #expect(calls.value == 4)
    }
}
