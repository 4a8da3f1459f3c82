#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The DATA form of a message (RFC 5321 §4.5.2): every line that starts with `.` gets one
/// more, bare CR and LF become CRLF, the last line ends in CRLF, then `.` CRLF.
enum DotStuffing {
    /// The bytes to send after the server's 354.
    static func encode(_ message: [UInt8]) -> [UInt8] {
        let crlf = LineEnds.crlf(message)
        var output: [UInt8] = []
        output.reserveCapacity(crlf.count + 64)
        crlf.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            let count = buffer.count
            var start = 0
            // Each line is copied whole; only a line that starts with "." gets one more first.
            while start < count {
                if base[start] == UInt8(ascii: ".") { output.append(UInt8(ascii: ".")) }
                let found = memchr(base + start, 10, count - start)
                let end = found.map { UnsafePointer($0.assumingMemoryBound(to: UInt8.self)) - base + 1 } ?? count
                output.append(contentsOf: UnsafeBufferPointer(start: base + start, count: end - start))
                start = end
            }
        }
        if !output.isEmpty, output.last != 10 { output += [13, 10] }
        output += [UInt8(ascii: "."), 13, 10]
        return output
    }
}
