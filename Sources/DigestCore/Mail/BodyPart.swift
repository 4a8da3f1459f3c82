/// One text part of a message: its media type and its content, encoded for transport.
struct BodyPart: Sendable {
    /// `plain` or `html`.
    let subtype: String
    /// The content, lines separated by `\n`.
    let content: String
    /// Extra Content-Type parameters, e.g. `format=flowed`.
    let parameters: String

    init(subtype: String, content: String, parameters: String = "") {
        self.subtype = subtype
        self.content = content
        self.parameters = parameters
    }

    /// `7bit` when every line is short printable ASCII without trailing white space (which
    /// relays may strip), else `quoted-printable`.
    var transferEncoding: String {
        var column = 0
        var previous: UInt8 = 10
        for byte in content.utf8 {
            if byte == 10 {
                if previous == 32 || previous == 9 { return "quoted-printable" }
                column = 0
                previous = byte
                continue
            }
            previous = byte
            guard byte < 0x80, byte >= 0x20 || byte == 9, byte != 0x7F else { return "quoted-printable" }
            column += 1
            if column > QuotedPrintable.lineLimit { return "quoted-printable" }
        }
        return "7bit"
    }

    var headers: [HeaderField] {
        [
            .structured("Content-Type", "text/\(subtype); charset=utf-8\(parameters)"),
            .structured("Content-Transfer-Encoding", transferEncoding),
        ]
    }

    /// Appends the encoded content.
    func encode(newline: [UInt8], into output: inout [UInt8]) {
        if transferEncoding == "7bit" {
            var lines = content.utf8.split(separator: 10, omittingEmptySubsequences: false)
            if lines.last?.isEmpty == true { lines.removeLast() }
            for line in lines {
                output += line
                output += newline
            }
        } else {
            QuotedPrintable.encode(content, newline: newline, into: &output)
        }
    }
}
