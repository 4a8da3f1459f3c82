import Foundation

/// Runs blocking work (waiting on a child process) on a thread of its own, so it does not hold
/// one of Swift concurrency's few pool threads while async tests (the preview server) need them.
public func offThePool<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        Thread { continuation.resume(with: Result { try work() }) }.start()
    }
}
