/// Quoted-printable (RFC 2045 section 6.7) with lines of at most 76 characters.
///
/// Beyond the rules it also encodes a `.` or `From ` at the start of a line, so the text
/// survives SMTP dot-stuffing and mbox `From ` quoting unchanged.
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    static let lineLimit = 76

    /// Bytes that may stand for themselves anywhere in a line (printable ASCII but `=`;
    /// space and tab are handled apart, since they must not end a line).
    private static let literal: [Bool] = (0..<256).map { byte in
        (33...126).contains(byte) && byte != 61
    }

    /// Whether each of the eight bytes of `word` may stand for itself when it is not a line's
    /// last: printable ASCII or space (32...126), but `=`. (A tab, also allowed, takes the
    /// byte-by-byte path.) Bit tricks: a byte's high bit set in `below` says it is under 32,
    /// in `high` that it is 127 or more, in `equals` that it is `=`; each is exact for "some
    /// byte is", which is all that is asked.
    @inline(__always)
    static func standsForItself(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let highBits: UInt64 = 0x8080_8080_8080_8080
        let below = (word &- ones &* 0x20) & ~word & highBits
        let high = ((word &+ ones) | word) & highBits
        let equalsBytes = word ^ (ones &* 0x3D)
        let equals = (equalsBytes &- ones) & ~equalsBytes & highBits
        return below | high | equals == 0
    }

    /// Encodes `text` (lines separated by `\n`), appending encoded lines separated by `newline`.
    static func encode(_ text: String, newline: [UInt8], into output: inout [UInt8]) {
        var copy = text
        copy.withUTF8 { encode($0, newline: newline, stuffLeadingSpace: false, into: &output) }
    }

    /// Encodes UTF-8 `bytes`; with `stuffLeadingSpace`, a line starting with a space first gets
    /// one more (format=flowed space-stuffing).
    static func encode(
        _ bytes: UnsafeBufferPointer<UInt8>, newline: [UInt8], stuffLeadingSpace: Bool, into output: inout [UInt8]
    ) {
        // Worst case: every byte as =XX (a stuffed space and its line's `=20` are 4 for 1), a
        // soft break every 25 of those, and the line ends.
        let capacity = bytes.count * 4 + (bytes.count / 24 + 2) * (newline.count + 2)
        guard capacity >= 1 << 16 else {
            // Small: room made in place (zeroing a little is cheaper than a second buffer).
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: capacity))
            let written = output.withUnsafeMutableBufferPointer { buffer in
                encode(bytes, newline: newline, stuff: stuffLeadingSpace, into: buffer.baseAddress! + start)
            }
            output.removeLast(capacity - written)
            return
        }
        // Large: an uninitialized buffer, so the worst case's room costs no zeroing and the
        // pages never written are never touched.
        let encoded = [UInt8](unsafeUninitializedCapacity: capacity) { buffer, count in
            count = encode(bytes, newline: newline, stuff: stuffLeadingSpace, into: buffer.baseAddress!)
        }
        if output.isEmpty { output = encoded } else { output += encoded }
    }

    /// Writes the encoding to `out`, which has room for the worst case; returns the count.
    private static func encode(
        _ bytes: UnsafeBufferPointer<UInt8>, newline: [UInt8], stuff: Bool, into out: UnsafeMutablePointer<UInt8>
    ) -> Int {
        var written = 0
        let count = bytes.count
        let literal = Self.literal
        let equals = UInt8(ascii: "=")
        @inline(__always) func put(_ byte: UInt8) {
            out[written] = byte
            written += 1
        }
        @inline(__always) func lineBreak() {
            for byte in newline { put(byte) }
        }
        var start = 0
        while start < count {
            let end = System.firstIndex(of: 10, in: bytes, from: start) ?? count
            var column = 0
            if stuff, end > start, bytes[start] == 32 {
                put(32)
                column = 1
            }
            var index = start
            while index < end {
                // Fast path: eight bytes that stand for themselves, away from the line's ends,
                // tested at once as one word.
                if column > 0, index + 8 < end, column + 8 <= lineLimit - 1 {
                    let word = UnsafeRawPointer(bytes.baseAddress! + index).loadUnaligned(as: UInt64.self)
                    if Self.standsForItself(word) {
                        UnsafeMutableRawPointer(out + written).storeBytes(of: word, as: UInt64.self)
                        written += 8
                        column += 8
                        index += 8
                        continue
                    }
                }
                let byte = bytes[index]
                let isLast = index == end - 1
                let plain: Bool
                if byte == 32 || byte == 9 {
                    plain = !isLast
                } else if column == 0 && byte == UInt8(ascii: ".") {
                    plain = false
                } else if column == 0 && byte == UInt8(ascii: "F") && end - index >= 5 && bytes[index + 1] == 114
                    && bytes[index + 2] == 111 && bytes[index + 3] == 109 && bytes[index + 4] == 32
                {
                    plain = false  // "From "
                } else {
                    plain = literal[Int(byte)]
                }
                let width = plain ? 1 : 3
                // Keep room for the soft break "=" unless this is the line's last byte.
                if column + width > (isLast ? lineLimit : lineLimit - 1) {
                    put(equals)
                    lineBreak()
                    column = 0
                    continue  // Re-check the byte: it may now start a line.
                }
                if plain {
                    put(byte)
                } else {
                    put(equals)
                    put(Hex.digits[Int(byte >> 4)])
                    put(Hex.digits[Int(byte & 0x0F)])
                }
                column += width
                index += 1
            }
            lineBreak()
            start = end + 1
        }
        return written
    }
}
