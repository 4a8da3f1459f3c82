import NIOCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The DATA form of a message (RFC 5321 §4.5.2): every line that starts with `.` gets one
/// more, bare CR and LF become CRLF, the last line ends in CRLF, then `.` CRLF.
enum DotStuffing {
    /// Writes the bytes to send after the server's 354 into `buffer`, in one pass over
    /// `message`: the line feeds and the carriage returns are found with `memchr` side by side
    /// (each byte is read once by each search). A run of lines that go out as they are (each
    /// ended by CRLF, none starting with `.`) is copied into `buffer` in one piece; a line that
    /// lacks something (a CR before its LF, a `.` in front) is copied with it. So the message
    /// is neither checked first nor copied twice.
    ///
    /// - Returns: the message's size as SIZE counts it (RFC 1870 §3: its octets with every
    ///   line ended by CRLF, without the doubled dots and the final `.` line), which is more
    ///   than `message.count` when lines end in a bare LF.
    @discardableResult
    static func write(_ message: [UInt8], into buffer: inout ByteBuffer) -> Int {
        let before = buffer.writerIndex
        var stuffed = 0
        buffer.reserveCapacity(minimumWritableBytes: message.count + 64)
        message.withUnsafeBufferPointer { bytes in
            guard let base = bytes.baseAddress, !bytes.isEmpty else { return }
            let count = bytes.count
            func copy(_ from: Int, _ to: Int) {
                if from < to { buffer.writeBytes(UnsafeRawBufferPointer(start: base + from, count: to - from)) }
            }
            // The next CR at or after `start`, or `count`: a CR that is not right before the
            // line's LF is a bare one.
            var nextReturn = find(13, in: base, from: 0, count: count)
            var run = 0  // where the bytes not yet copied start; all of them go out as they are
            var start = 0
            while start < count {
                let dotted = base[start] == UInt8(ascii: ".")
                let lineFeed = find(10, in: base, from: start, count: count)
                // No CR inside the line: it ends in CRLF, in a bare LF, or not at all.
                let noBareReturn = nextReturn + 1 >= lineFeed
                let hasReturn = noBareReturn && nextReturn + 1 == lineFeed
                if hasReturn, lineFeed < count, !dotted {
                    // Goes out as it is: stays in the run.
                    nextReturn = find(13, in: base, from: lineFeed + 1, count: count)
                    start = lineFeed + 1
                    continue
                }
                copy(run, start)
                if dotted {
                    buffer.writeInteger(UInt8(ascii: "."))
                    stuffed += 1
                }
                if noBareReturn {
                    copy(start, hasReturn ? nextReturn : lineFeed)
                    if hasReturn || lineFeed < count { buffer.writeBytes(crlf) }
                    if hasReturn { nextReturn = find(13, in: base, from: lineFeed + 1, count: count) }
                    start = min(lineFeed + 1, count)
                } else {
                    // A bare CR ends the line there (`a\rb` is two lines, as relays read it).
                    copy(start, nextReturn)
                    buffer.writeBytes(crlf)
                    start = nextReturn + 1
                    nextReturn = find(13, in: base, from: start, count: count)
                }
                run = start
            }
            copy(run, count)
            if base[count - 1] != 10 && base[count - 1] != 13 { buffer.writeBytes(crlf) }
        }
        let size = buffer.writerIndex - before - stuffed
        buffer.writeBytes(end)
        return size
    }

    /// The wire form as bytes (for tests and callers without a channel).
    static func encode(_ message: [UInt8]) -> [UInt8] {
        var buffer = ByteBufferAllocator().buffer(capacity: message.count + 64)
        write(message, into: &buffer)
        return buffer.readBytes(length: buffer.readableBytes) ?? []
    }

    private static let crlf: [UInt8] = [13, 10]
    private static let end: [UInt8] = [UInt8(ascii: "."), 13, 10]

    /// The offset of the first `byte` at or after `start`, or `count` when there is none.
    private static func find(_ byte: UInt8, in base: UnsafePointer<UInt8>, from start: Int, count: Int) -> Int {
        guard start < count, let found = memchr(base + start, Int32(byte), count - start) else { return count }
        return UnsafePointer(found.assumingMemoryBound(to: UInt8.self)) - base
    }
}
