/// Reads a file line by line in fixed-size chunks, so a large source is never held whole.
///
/// Lines end at LF; a CR before the LF is dropped. Each line is checked to be UTF-8 and
/// handed on as bytes, without building a `String`.
struct LineReader {
    private let path: String
    private let chunkSize: Int

    /// Creates a reader for the file at `path`.
    init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Calls `body` with each line's bytes (without its line ending) and its 1-based number.
    /// The bytes are valid only during the call.
    ///
    /// - Throws: ``DigestError/unreadable(path:reason:)`` when the file cannot be opened or read,
    ///   ``DigestError/notUTF8(_:)`` at the first line that is not UTF-8, or what `body` throws.
    func forEachLine(_ body: (UnsafeBufferPointer<UInt8>, Int) throws(DigestError) -> Void) throws(DigestError) {
        let file: System.File
        do {
            file = try System.File.open(path, .read)
        } catch {
            throw .unreadable(path: path, reason: error.reason)
        }
        defer { try? file.close() }
        let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: chunkSize)
        defer { buffer.deallocate() }
        var carry: [UInt8] = []
        var lineNumber = 0

        func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws(DigestError) {
            lineNumber += 1
            var line = bytes
            if let last = line.last, last == 13 { line = UnsafeBufferPointer(rebasing: line.dropLast()) }
            guard UTF8Check.isValid(line) else { throw .notUTF8(SourceLocation(file: path, line: lineNumber)) }
            try body(line, lineNumber)
        }

        while true {
            let count: Int
            do {
                count = try file.read(into: UnsafeMutableRawBufferPointer(buffer))
            } catch {
                throw .unreadable(path: path, reason: error.reason)
            }
            if count == 0 { break }
            let chunk = UnsafeBufferPointer(rebasing: buffer[0..<count])
            var start = 0
            while start < count {
                guard let found = System.firstIndex(of: 10, in: UnsafeBufferPointer(rebasing: chunk[start...])) else {
                    break
                }
                let newline = start + found
                if carry.isEmpty {
                    try emit(UnsafeBufferPointer(rebasing: chunk[start..<newline]))
                } else {
                    carry.append(contentsOf: chunk[start..<newline])
                    let joined = carry
                    carry.removeAll(keepingCapacity: true)
                    try joined.withUnsafeBufferPointer { (line) throws(DigestError) in try emit(line) }
                }
                start = newline + 1
            }
            if start < count { carry.append(contentsOf: chunk[start..<count]) }
        }
        if !carry.isEmpty {
            try carry.withUnsafeBufferPointer { (line) throws(DigestError) in try emit(line) }
        }
    }
}
