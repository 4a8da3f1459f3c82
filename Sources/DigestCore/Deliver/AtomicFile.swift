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
        let open = { () throws(System.Failure) in try System.File.open(temporary, .replace) }
        var opened = Result(catching: open)
        if case .failure(let failure) = opened, failure.isMissing {
            try makeFolder(folder)
            opened = Result(catching: open)
        }
        let file: System.File
        switch opened {
        case .success(let open): file = open
        case .failure(let failure): throw .unwritable(path: path, reason: failure.reason)
        }
        var failure: System.Failure?
        do {
            try file.write(bytes)
            if durable { try file.sync() }
        } catch {
            failure = error
        }
        do { try file.close() } catch { failure = failure ?? error }
        if failure == nil {
            do { try System.rename(temporary, to: path) } catch { failure = error }
        }
        if let failure {
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
