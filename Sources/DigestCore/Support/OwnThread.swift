import Foundation

/// Runs blocking work (reading files, waiting on a child process or a socket) on a new thread
/// and suspends until it is done, so it never holds one of Swift concurrency's few pool
/// threads, which the preview server's tasks need meanwhile.
package func onThreadOfItsOwn<T: Sendable, E: Error>(_ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T
{
    let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, E>, Never>) in
        Thread.detachNewThread { continuation.resume(returning: Result { () throws(E) -> T in try work() }) }
    }
    return try result.get()
}
