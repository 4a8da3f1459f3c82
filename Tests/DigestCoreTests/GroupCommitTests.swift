import DigestCore
import Foundation
import Testing

struct GroupCommitTests {
    @Test func requestsOfThreadsWaitingAtOnceShareABatchAndEachGetsItsOwnAnswer() throws {
        let batches = LockedBox<[[Int]]>([])
        let group = GroupCommit<Int, Int> { batch in
            batches.withLock { $0.append(batch) }
            Thread.sleep(forTimeInterval: 0.002)  // a sync to disk
            return batch.map { $0 * 2 }
        }
        defer { group.close() }
        let threads = 8
        let each = 40
        let wrong = LockedBox(0)
        let done = DispatchGroup()
        for thread in 0..<threads {
            done.enter()
            Thread {
                for step in 0..<each {
                    let request = thread * 1000 + step
                    if (try? group.submit(request)) != request * 2 { wrong.withLock { $0 += 1 } }
                }
                done.leave()
            }.start()
        }
        done.wait()
        #expect(wrong.value == 0)
        let all = batches.value
        #expect(all.flatMap { $0 }.sorted() == (0..<threads).flatMap { t in (0..<each).map { t * 1000 + $0 } })
        // Eight threads waiting on a 2 ms batch: most batches carry several requests.
        #expect(all.count < threads * each / 2)
        #expect(all.allSatisfy { $0.count <= threads })
    }

    @Test func aThreadAloneIsNotKeptWaiting() throws {
        let group = GroupCommit<String, String> { batch in batch.map { $0 + "!" } }
        defer { group.close() }
        #expect(try group.submit("a") == "a!")
        #expect(try group.submit("b") == "b!")
    }

    @Test func aRequestHandedInRunsWhileItsThreadGoesOn() throws {
        let goOn = DispatchSemaphore(value: 0)
        let group = GroupCommit<Int, Bool> { batch in
            // The batch can only end once the thread that handed it in has gone on.
            batch.map { _ in goOn.wait(timeout: .now() + 10) == .success }
        }
        defer { group.close() }
        let ticket = group.handIn(1)
        goOn.signal()
        #expect(try ticket.answer(), "the batch ran while the handing thread went on")
    }

    @Test func theErrorOfABatchReachesEveryRequestInItAndTheNextBatchRunsAgain() {
        let failing = LockedBox(true)
        let group = GroupCommit<Int, Int> { (batch) throws(DigestError) in
            if failing.withLock({ value in
                defer { value = false }; return value
            }) {
                throw .unwritable(path: "digest.sqlite", reason: "the disk is full")
            }
            return batch
        }
        defer { group.close() }
        #expect(throws: DigestError.self) { try group.submit(1) }
        #expect((try? group.submit(2)) == 2)
    }
}
