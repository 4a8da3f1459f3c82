/// Collects reply lines into replies: `250-first`, `250-more`, `250 last` is one reply.
///
/// A line is `code` (three digits), then `-` (more lines follow) or a space or nothing (the
/// last line), then text. Lines end in CRLF; a bare LF is accepted as well.
struct SMTPReplyParser {
    private var code: Int?
    private var lines: [String] = []

    /// Why a line is not a reply line.
    struct Malformed: Error, CustomStringConvertible {
        let line: String
        var description: String { "the server sent a line that is not an SMTP reply: \(line.prefix(80))" }
    }

    /// Feeds one line (without its line ending); returns a reply when the line ends one.
    mutating func take(line bytes: some Collection<UInt8>) throws(Malformed) -> SMTPReply? {
        let text = String(decoding: bytes, as: UTF8.self)
        let digits = text.prefix(3)
        guard digits.count == 3, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits),
            (200...599).contains(value)
        else { throw Malformed(line: text) }
        let separator = text.dropFirst(3).first
        guard separator == nil || separator == " " || separator == "-" else { throw Malformed(line: text) }
        if let code, code != value { throw Malformed(line: text) }
        code = value
        lines.append(String(text.dropFirst(4)))
        guard separator != "-" else { return nil }
        defer {
            code = nil
            lines = []
        }
        return SMTPReply(code: value, lines: lines)
    }
}
