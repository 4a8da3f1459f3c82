#if canImport(Glibc)
    import Glibc
#endif

/// The lock one `digest send` holds on an issue while it sends, so that a second send of the
/// same issue refuses instead of mailing the same readers in parallel. It is a `flock` on a
/// file beside the state database (`digest.sqlite.issue-3.lock`), which the system releases
/// when the process ends, even by SIGKILL: a killed send never leaves a stale lock.
package final class SendLock: Sendable {
    /// The lock file's path.
    package let path: String
    private let fd: Int32

    /// Takes the lock of issue `issue` of `store`.
    ///
    /// - Parameter wait: wait for another send to finish instead of refusing.
    /// - Throws: ``DigestError/sendInProgress(path:)`` when another process holds it (and
    ///   `wait` is false), ``DigestError/unwritable(path:reason:)`` when the file cannot be made.
    package init(issue: Int, of store: StateStore, wait: Bool = false) throws(DigestError) {
        path = "\(store.path).issue-\(issue).lock"
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .unwritable(path: path, reason: String(cString: strerror(errno)).lowercased()) }
        while flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            close(fd)
            throw .sendInProgress(path: path)
        }
        self.fd = fd
    }

    deinit {
        flock(fd, LOCK_UN)
        close(fd)
    }
}
