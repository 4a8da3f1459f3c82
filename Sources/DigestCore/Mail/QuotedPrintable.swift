/// Quoted-printable (RFC 2045 section 6.7) with lines of at most 76 characters.
///
/// Beyond the rules it also encodes a `.` or `From ` at the start of a line, so the text
/// survives SMTP dot-stuffing and mbox `From ` quoting unchanged.
enum QuotedPrintable {
    /// The longest encoded line, soft-break `=` included.
    static let lineLimit = 76

    /// Encodes `text` (lines separated by `\n`), appending encoded lines separated by `newline`.
    static func encode(_ text: String, newline: [UInt8], into output: inout [UInt8]) {
        var lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        if lines.last?.isEmpty == true { lines.removeLast() }
        for line in lines {
            encodeLine(line, newline: newline, into: &output)
            output += newline
        }
    }

    private static func encodeLine(_ line: Substring.UTF8View.SubSequence, newline: [UInt8], into output: inout [UInt8])
    {
        let bytes = Array(line)
        var column = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let isLast = index == bytes.count - 1
            let atLineStart = column == 0
            let literal: Bool
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"):
                literal = !isLast
            case UInt8(ascii: "="):
                literal = false
            case UInt8(ascii: "."):
                literal = !atLineStart
            case UInt8(ascii: "F"):
                literal = !(atLineStart && bytes[index...].starts(with: Array("From ".utf8)))
            case 33...126:
                literal = true
            default:
                literal = false
            }
            let width = literal ? 1 : 3
            // Keep room for the soft break "=" unless this is the line's last byte.
            let limit = isLast ? lineLimit : lineLimit - 1
            if column + width > limit {
                output.append(UInt8(ascii: "="))
                output += newline
                column = 0
                continue  // Re-check the byte: it may now start a line.
            }
            if literal {
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
