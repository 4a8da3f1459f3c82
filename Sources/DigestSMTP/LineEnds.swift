#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// CRLF line endings: a bare LF or CR becomes CRLF.
enum LineEnds {
    /// `bytes` with every line ending CRLF (unchanged, not copied, when they all are).
    static func crlf(_ bytes: [UInt8]) -> [UInt8] {
        if isCRLF(bytes) { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 40)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 13 {
                output += [13, 10]
                if index + 1 < bytes.count, bytes[index + 1] == 10 { index += 1 }
            } else if byte == 10 {
                output += [13, 10]
            } else {
                output.append(byte)
            }
            index += 1
        }
        return output
    }

    /// Whether every CR is followed by LF and every LF preceded by CR. Finds the line ends
    /// with `memchr` (the bytes between them are not looked at one by one): when every LF has
    /// a CR before it and there are as many CRs as LFs, no CR stands alone.
    static func isCRLF(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return true }
            let count = buffer.count
            var lineFeeds = 0
            var start = 0
            while start < count, let found = memchr(base + start, 10, count - start) {
                let index = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
                guard index > 0, base[index - 1] == 13 else { return false }
                lineFeeds += 1
                start = index + 1
            }
            var returns = 0
            start = 0
            while start < count, let found = memchr(base + start, 13, count - start) {
                returns += 1
                start = UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base + 1
            }
            return returns == lineFeeds
        }
    }
}
