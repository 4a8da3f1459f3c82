#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file line by line in fixed-size chunks, so a large source is never held whole.
///
/// Lines end at LF; a CR before the LF is dropped. Each line is checked to be UTF-8.
struct LineReader {
    private let path: String
    private let chunkSize: Int

    /// Creates a reader for the file at `path`.
    init(path: String, chunkSize: Int = 1 << 20) {
        self.path = path
        self.chunkSize = chunkSize
    }

    /// Calls `body` with each line (without its line ending) and its 1-based number.
    ///
    /// - Throws: ``DigestError/unreadable(path:reason:)`` when the file cannot be opened or read,
    ///   ``DigestError/notUTF8(_:)`` at the first line that is not UTF-8, or what `body` throws.
    func forEachLine(_ body: (Substring, Int) throws(DigestError) -> Void) throws(DigestError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw .unreadable(path: path, reason: LineReader.errnoText()) }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: chunkSize)
        var carry: [UInt8] = []
        var lineNumber = 0

        func emit(_ bytes: UnsafeBufferPointer<UInt8>) throws(DigestError) {
            lineNumber += 1
            var slice = bytes
            if let last = slice.last, last == UInt8(ascii: "\r") {
                slice = UnsafeBufferPointer(rebasing: slice.dropLast())
            }
            guard let line = String(validating: slice, as: UTF8.self) else {
                throw .notUTF8(SourceLocation(file: path, line: lineNumber))
            }
            try body(Substring(line), lineNumber)
        }

        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, chunkSize) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, reason: LineReader.errnoText())
            }
            if count == 0 { break }
            try buffer.withUnsafeBufferPointer { (chunk) throws(DigestError) in
                let chunk = UnsafeBufferPointer(rebasing: chunk[0..<count])
                var start = 0
                while let newline = chunk[start...].firstIndex(of: UInt8(ascii: "\n")) {
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
                carry.append(contentsOf: chunk[start...])
            }
        }
        if !carry.isEmpty {
            try carry.withUnsafeBufferPointer { (line) throws(DigestError) in try emit(line) }
        }
    }

    private static func errnoText() -> String {
        String(cString: strerror(errno)).lowercased()
    }
}
