/// One text part of a message: its media type and its content, encoded for transport.
struct BodyPart: Sendable {
    /// `plain` or `html`.
    let subtype: String
    /// The content, lines separated by `\n`.
    let content: String
    /// Extra Content-Type parameters, e.g. `format=flowed`.
    let parameters: String
    /// Whether the content is `format=flowed` text, whose lines starting with a space are
    /// space-stuffed on the way out (RFC 3676 section 4.4).
    let flowed: Bool
    /// `7bit` when every line is short printable ASCII without trailing white space (which
    /// relays may strip) and needs no stuffing, else `quoted-printable`.
    let transferEncoding: String

    init(subtype: String, content: String, parameters: String = "", flowed: Bool = false) {
        self.subtype = subtype
        self.content = content
        self.parameters = parameters
        self.flowed = flowed
        var copy = content
        self.transferEncoding =
            copy.withUTF8 { BodyPart.fitsSevenBit($0, flowed: flowed) } ? "7bit" : "quoted-printable"
    }

    var headers: [HeaderField] {
        [
            .structured("Content-Type", "text/\(subtype); charset=utf-8\(parameters)"),
            .structured("Content-Transfer-Encoding", transferEncoding),
        ]
    }

    /// Appends the encoded content.
    func encode(newline: [UInt8], into output: inout [UInt8]) {
        var copy = content
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

    private static func fitsSevenBit(_ bytes: UnsafeBufferPointer<UInt8>, flowed: Bool) -> Bool {
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
