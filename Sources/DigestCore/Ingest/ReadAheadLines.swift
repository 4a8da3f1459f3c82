import Foundation

/// Reads a file's lines on a second thread while the caller handles the lines already read,
/// so reading, splitting and UTF-8 checking overlap with parsing. Lines come in batches of
/// about 1 MB; at most a few batches wait, so memory stays bounded.
struct ReadAheadLines {
    private let reader: LineReader

    /// Creates a reader for the file at `path`.
    init(path: String) {
        reader = LineReader(path: path)
    }

    /// Calls `body` with each line's bytes (without its line ending) and its 1-based number,
    /// in order, on the calling thread. Errors of the reading thread are thrown here, after
    /// the lines before them.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws(DigestError) -> Void) throws(DigestError) {
        let queue = BatchQueue(capacity: 4)
        let reader = self.reader
        let done = DispatchSemaphore(value: 0)
        Thread.detachNewThread {
            defer { done.signal() }
            var batch = LineBatch()
            do throws(DigestError) {
                try reader.forEachLine { (line, number) throws(DigestError) in
                    batch.append(line, number: number)
                    if batch.bytes.count >= 1 << 20 {
                        // The caller stopped reading: end this thread (the error is never seen).
                        guard queue.put(batch) else { throw .unreadable(path: "", reason: "stopped") }
                        batch = LineBatch()
                    }
                }
                _ = queue.put(batch)
                queue.finish(error: nil)
            } catch {
                // The lines before the problem come first, as they would without reading ahead.
                _ = queue.put(batch)
                queue.finish(error: error)
            }
        }
        defer {
            queue.cancel()
            done.wait()
        }
        while let batch = queue.take() {
            try batch.bytes.withUnsafeBufferPointer { (bytes) throws(DigestError) in
                for (range, number) in batch.lines {
                    try body(UnsafeBufferPointer(rebasing: bytes[range]), number)
                }
            }
        }
        if let error = queue.error { throw error }
    }
}

/// Whole lines read ahead: their bytes, and each line's range and number.
private struct LineBatch: @unchecked Sendable {
    var bytes: [UInt8] = []
    var lines: [(Range<Int>, Int)] = []

    mutating func append(_ line: UnsafeBufferPointer<UInt8>, number: Int) {
        let start = bytes.count
        bytes.append(contentsOf: line)
        lines.append((start..<bytes.count, number))
    }
}

/// A bounded queue of batches between the reading thread and the caller.
private final class BatchQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private let capacity: Int
    private var batches: [LineBatch] = []
    private var finished = false
    private var cancelled = false
    private(set) var error: DigestError?

    init(capacity: Int) {
        self.capacity = capacity
    }

    /// Adds a batch, waiting while the queue is full; false when the caller stopped reading.
    func put(_ batch: LineBatch) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        while batches.count >= capacity && !cancelled { condition.wait() }
        guard !cancelled else { return false }
        batches.append(batch)
        condition.broadcast()
        return true
    }

    /// Marks the end of the lines, with the error that ended them, if any.
    func finish(error: DigestError?) {
        condition.lock()
        if self.error == nil { self.error = error }
        finished = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next batch, waiting for it; nil at the end.
    func take() -> LineBatch? {
        condition.lock()
        defer { condition.unlock() }
        while batches.isEmpty && !finished { condition.wait() }
        guard !batches.isEmpty else { return nil }
        let batch = batches.removeFirst()
        condition.broadcast()
        return batch
    }

    /// Stops the reading thread at its next batch.
    func cancel() {
        condition.lock()
        cancelled = true
        condition.broadcast()
        condition.unlock()
    }
}
