import Foundation

/// Waits for Ctrl-C (SIGINT) or SIGTERM, so a long-running command can stop cleanly.
enum Interrupt {
    /// Suspends until the process receives SIGINT or SIGTERM; returns the signal's number.
    static func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            let watch = SignalWatch(continuation)
            watch.start([SIGINT, SIGTERM])
        }
    }
}

/// The dispatch sources of one ``Interrupt/wait()``; touched only on its serial queue.
private final class SignalWatch: @unchecked Sendable {
    private let queue = DispatchQueue(label: "digest.interrupt")
    private let continuation: CheckedContinuation<Int32, Never>
    private var sources: [any DispatchSourceSignal] = []
    private var resumed = false

    init(_ continuation: CheckedContinuation<Int32, Never>) {
        self.continuation = continuation
    }

    func start(_ numbers: [Int32]) {
        queue.sync {
            for number in numbers {
                signal(number, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
                source.setEventHandler { self.caught(number) }
                sources.append(source)
                source.resume()
            }
        }
    }

    private func caught(_ number: Int32) {
        guard !resumed else { return }
        resumed = true
        sources.forEach { $0.cancel() }
        sources = []
        continuation.resume(returning: number)
    }
}
