/// Line ends in raw bytes, found with `memchr`: the scans over whole messages (the check's
/// line rules, MIME's part boundaries) look at each line feed, not at each byte.
enum ByteLines {
    /// The index of the first line feed in `bytes` at or after `index`, or nil.
    static func lineFeed(in bytes: ArraySlice<UInt8>, from index: Int) -> Int? {
        guard index < bytes.endIndex else { return nil }
        return bytes.withUnsafeBufferPointer { buffer in
            let offset = index - bytes.startIndex
            return System.firstIndex(of: 10, in: UnsafeBufferPointer(rebasing: buffer[offset...]))
                .map { index + $0 }
        }
    }

    /// Calls `body` with the start and end (before its CR LF or LF) of each line of `bytes`,
    /// the last one too when it has no line feed.
    static func forEach(in bytes: ArraySlice<UInt8>, _ body: (_ start: Int, _ end: Int) -> Void) {
        bytes.withUnsafeBufferPointer { buffer in
            var start = 0
            while start <= buffer.count {
                let rest = UnsafeBufferPointer(rebasing: buffer[start...])
                guard let feed = System.firstIndex(of: 10, in: rest).map({ start + $0 }) else {
                    if start < buffer.count { body(bytes.startIndex + start, bytes.startIndex + buffer.count) }
                    return
                }
                let end = feed > start && buffer[feed - 1] == 13 ? feed - 1 : feed
                body(bytes.startIndex + start, bytes.startIndex + end)
                start = feed + 1
            }
        }
    }
}
