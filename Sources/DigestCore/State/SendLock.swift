/// The lock one `digest send` holds on an issue while it sends, so that a second send of the
/// same issue refuses instead of mailing the same readers in parallel. It is a `flock` on a
/// file beside the state database (`digest.sqlite.issue-3.lock`), which the system releases
/// when the process ends, even by SIGKILL: a killed send never leaves a stale lock.
package final class SendLock: Sendable {
    /// The lock file's path.
    package let path: String
    private let file: System.File

    /// Takes the lock of issue `issue` of `store`.
    ///
    /// - Parameter wait: wait for another send to finish instead of refusing.
    /// - Throws: ``DigestError/sendInProgress(path:)`` when another process holds it (and
    ///   `wait` is false), ``DigestError/unwritable(path:reason:)`` when the file cannot be made.
    package init(issue: Int, of store: StateStore, wait: Bool = false) throws(DigestError) {
        let path = "\(store.path).issue-\(issue).lock"
        self.path = path
        do {
            file = try System.File.open(path, .append)
        } catch {
            throw .unwritable(path: path, reason: error.reason)
        }
        let held = wait ? (try? file.lock()) != nil : file.tryLock()
        guard held else {
            try? file.close()
            throw .sendInProgress(path: path)
        }
    }

    deinit {
        file.unlock()
        try? file.close()
    }
}
