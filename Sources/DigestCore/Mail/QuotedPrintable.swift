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
        output.reserveCapacity(output.count + bytes.count + bytes.count / 8 + 64)
        var start = 0
        let count = bytes.count
        while start < count {
            var end = start
            while end < count, bytes[end] != 10 { end += 1 }
            encodeLine(
                bytes, start, end, newline: newline, stuff: stuffLeadingSpace && end > start && bytes[start] == 32,
                into: &output)
            output += newline
            start = end + 1
        }
    }

    private static func encodeLine(
        _ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, newline: [UInt8], stuff: Bool,
        into output: inout [UInt8]
    ) {
        var column = 0
        if stuff {
            output.append(32)
            column = 1
        }
        var index = start
        while index < end {
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
                output.append(UInt8(ascii: "="))
                output += newline
                column = 0
                continue  // Re-check the byte: it may now start a line.
            }
            if plain {
                output.append(byte)
            } else {
                output.append(UInt8(ascii: "="))
                output.append(Hex.digits[Int(byte >> 4)])
                output.append(Hex.digits[Int(byte & 0x0F)])
            }
            column += width
            index += 1
        }
    }
}
