/// One text part of a message: its media type and its content, encoded for transport.
struct BodyPart: Sendable {
    /// `plain` or `html`.
    let subtype: String
    /// The content, lines separated by `\n`.
    let content: BodyContent
    /// Extra Content-Type parameters, e.g. `format=flowed`.
    let parameters: String
    /// Whether the content is `format=flowed` text, whose lines starting with a space are
    /// space-stuffed on the way out (RFC 3676 section 4.4).
    let flowed: Bool
    /// `7bit` when every line is short printable ASCII without trailing white space (which
    /// relays may strip) and needs no stuffing, else `quoted-printable`.
    let transferEncoding: String

    init(subtype: String, content: BodyContent, parameters: String = "", flowed: Bool = false) {
        self.subtype = subtype
        self.content = content
        self.parameters = parameters
        self.flowed = flowed
        let fits: Bool
        switch content {
        case .whole(var text): fits = text.withUTF8 { BodyPart.fitsSevenBit($0, flowed: flowed) }
        case .spliced(let text, let values): fits = text.fitsSevenBit(values)
        }
        self.transferEncoding = fits ? "7bit" : "quoted-printable"
    }

    var headers: [HeaderField] {
        [
            .structured("Content-Type", "text/\(subtype); charset=utf-8\(parameters)"),
            .structured("Content-Transfer-Encoding", transferEncoding),
        ]
    }

    /// Appends the encoded content.
    func encode(newline: [UInt8], into output: inout [UInt8]) {
        if case .spliced(let text, let values) = content, transferEncoding != "7bit" {
            text.encodeQuoted(values, newline: newline, into: &output)
            return
        }
        var copy = content.string
        copy.withUTF8 { bytes in
            if transferEncoding == "7bit" {
                var start = 0
                while start < bytes.count {
                    let end = bytes[start...].firstIndex(of: 10) ?? bytes.count
                    output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<end]))
                    output += newline
                    start = end + 1
                }
            } else {
                QuotedPrintable.encode(bytes, newline: newline, stuffLeadingSpace: flowed, into: &output)
            }
        }
    }

    /// Whether `bytes` can go as `7bit` (see ``transferEncoding``). Line by line: the answer
    /// for text cut after line breaks is the answers for its pieces, all true.
    static func fitsSevenBit(_ bytes: UnsafeBufferPointer<UInt8>, flowed: Bool) -> Bool {
        var column = 0
        var previous: UInt8 = 10
        for byte in bytes {
            if byte == 10 {
                if previous == 32 || previous == 9 { return false }
                column = 0
                previous = byte
                continue
            }
            if previous == 10, flowed, byte == 32 { return false }
            previous = byte
            guard byte < 0x80, byte >= 0x20 || byte == 9, byte != 0x7F else { return false }
            column += 1
            if column > QuotedPrintable.lineLimit { return false }
        }
        return true
    }
}
