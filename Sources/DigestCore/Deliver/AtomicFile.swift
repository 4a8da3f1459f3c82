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
        let temporary = "\(folder)/.\(name).\(System.processID).tmp"
        let writeTemporary = { () throws(System.Failure) in
            try System.writeFile(bytes, to: temporary, durable: durable)
        }
        var written = Result(catching: writeTemporary)
        if case .failure(let failure) = written, failure.isMissing {
            try makeFolder(folder)
            written = Result(catching: writeTemporary)
        }
        let renamed = written.flatMap { Result { () throws(System.Failure) in try System.rename(temporary, to: path) } }
        if case .failure(let failure) = renamed {
            System.remove(temporary)
            throw .unwritable(path: path, reason: failure.reason)
        }
    }

    /// Creates `folder` and its parents.
    static func makeFolder(_ folder: String) throws(DigestError) {
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            do {
                try System.makeFolder(current)
            } catch {
                throw .unwritable(path: folder, reason: error.reason)
            }
        }
    }
}
