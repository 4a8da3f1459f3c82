#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes a file so no reader ever sees part of it: a temporary file in the same folder,
/// flushed to disk, then renamed over the final name.
enum AtomicFile {
    /// Writes `bytes` to `path`, creating the folder when needed.
    ///
    /// - Parameter durable: also flush the file to disk before the rename, so it survives a
    ///   power cut (slow: a disk round trip per file). A rename alone already keeps readers
    ///   from ever seeing part of a file.
    static func write(_ bytes: [UInt8], to path: String, durable: Bool = false) throws(DigestError) {
        let folder = path.lastIndex(of: "/").map { String(path[..<$0]) } ?? "."
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let temporary = "\(folder)/.\(name).\(getpid()).tmp"
        var fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0, errno == ENOENT {
            try makeFolder(folder)
            fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        }
        guard fd >= 0 else { throw .unwritable(path: path, reason: errnoText()) }
        var written = 0
        var failure: String?
        bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let count = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errnoText()
                    return
                }
                written += count
            }
        }
        if failure == nil, durable, fsync(fd) != 0 { failure = errnoText() }
        if close(fd) != 0, failure == nil { failure = errnoText() }
        if failure == nil, rename(temporary, path) != 0 { failure = errnoText() }
        if let failure {
            unlink(temporary)
            throw .unwritable(path: path, reason: failure)
        }
    }

    /// Creates `folder` and its parents.
    static func makeFolder(_ folder: String) throws(DigestError) {
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST {
                throw .unwritable(path: folder, reason: errnoText())
            }
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
