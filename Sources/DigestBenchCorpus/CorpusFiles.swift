#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The generated files in a scratch folder, named by their parameters, made once and reused.
package struct CorpusFiles: Sendable {
    /// The bump when the generator's output changes, so old files are not reused.
    package static let version = 1

    /// The scratch folder.
    package let folder: String
    /// The seed for every file.
    package let seed: UInt64

    /// Creates a handle on `folder` (created when a file is first needed).
    package init(folder: String, seed: UInt64) {
        self.folder = folder
        self.seed = seed
    }

    /// The listing of `items` items, generated unless already there.
    ///
    /// - Returns: its path and whether it was generated now.
    package func listing(items: Int) throws(CorpusError) -> (path: String, generated: Bool) {
        let path = "\(folder)/listing-\(items)-seed\(seed)-v\(Self.version).txt"
        let generator = ListingGenerator(items: items, seed: seed)
        return (path, try ensure(path) { (sink) throws(CorpusError) in try generator.write(to: sink) })
    }

    /// The subscriber list of `count` readers, generated unless already there.
    package func subscribers(count: Int) throws(CorpusError) -> (path: String, generated: Bool) {
        let path = "\(folder)/subscribers-\(count)-seed\(seed)-v\(Self.version).csv"
        let generator = SubscriberGenerator(count: count, seed: seed)
        return (path, try ensure(path) { (sink) throws(CorpusError) in try generator.write(to: sink) })
    }

    /// Writes `path` through a temporary file unless it exists; true when written now.
    private func ensure(
        _ path: String, _ generate: ((String) throws(CorpusError) -> Void) throws(CorpusError) -> Void
    ) throws(CorpusError) -> Bool {
        if access(path, F_OK) == 0 { return false }
        try Self.makeFolder(folder)
        let temporary = "\(path).\(getpid()).tmp"
        guard let file = fopen(temporary, "w") else { throw CorpusError(path: temporary, errno: errno) }
        do {
            try generate { (chunk) throws(CorpusError) in
                var chunk = chunk
                let ok = chunk.withUTF8 { bytes in
                    bytes.isEmpty || fwrite(bytes.baseAddress, 1, bytes.count, file) == bytes.count
                }
                if !ok { throw CorpusError(path: temporary, errno: errno) }
            }
        } catch {
            fclose(file)
            unlink(temporary)
            throw error
        }
        if fclose(file) != 0 || rename(temporary, path) != 0 {
            let failure = CorpusError(path: path, errno: errno)
            unlink(temporary)
            throw failure
        }
        return true
    }

    /// Creates `folder` and its parents.
    static func makeFolder(_ folder: String) throws(CorpusError) {
        var current = folder.hasPrefix("/") ? "" : "."
        for component in folder.split(separator: "/") {
            current += "/" + component
            if mkdir(current, 0o755) != 0, errno != EEXIST { throw CorpusError(path: current, errno: errno) }
        }
    }
}

/// A corpus file that could not be written.
package struct CorpusError: Error, CustomStringConvertible {
    /// The file or folder.
    package let path: String
    /// Why, from the system.
    package let reason: String

    init(path: String, errno code: Int32) {
        self.path = path
        self.reason = String(cString: strerror(code))
    }

    package var description: String { "cannot write \(path): \(reason.lowercased())" }
}
