import Crypto

/// A complete `multipart/alternative` message: text/plain first, text/html last.
///
/// The Message-ID and the boundary are derived from the content and the addresses, so the
/// same inputs give the same bytes.
public struct MailMessage: Sendable {
    /// Who sends it.
    public let from: Mailbox
    /// Who receives it.
    public let to: [Mailbox]
    /// The subject line.
    public let subject: HeaderText
    /// The Date header.
    public let date: MailDate
    /// Further list headers (List-Id, List-Unsubscribe…), in order.
    public let extraHeaders: [HeaderField]
    /// The plain-text body, lines separated by `\n`.
    public let text: String
    /// The HTML body, lines separated by `\n`.
    public let html: String

    /// Creates a message.
    public init(
        from: Mailbox, to: [Mailbox], subject: HeaderText, date: MailDate, text: String, html: String,
        extraHeaders: [HeaderField] = []
    ) {
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.text = text
        self.html = html
        self.extraHeaders = extraHeaders
    }

    /// A digest of everything but the date: names the Message-ID and the boundary.
    private var fingerprint: String {
        var hasher = SHA256()
        for part in [from.description, to.map(\.description).joined(separator: ","), subject.value, text, html] {
            hasher.update(data: Array(part.utf8))
            hasher.update(data: [0])
        }
        return hasher.finalize().map { Hex.byte($0) }.joined().lowercased()
    }

    /// `<fingerprint@from-domain>`.
    public var messageID: String {
        "<\(fingerprint.prefix(32)).digest@\(from.domain)>"
    }

    /// The header fields in the order they are written.
    public var headers: [HeaderField] {
        [
            .structured("Date", date.description),
            .mailboxes("From", [from]),
            .mailboxes("To", to),
            .unstructured("Subject", subject),
            .structured("Message-ID", messageID),
        ] + extraHeaders + [
            .structured("MIME-Version", "1.0"),
            .structured("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""),
        ]
    }

    /// The boundary: `=_` cannot occur in quoted-printable text; checked against 7bit parts.
    var boundary: String {
        let base = "=_digest_" + fingerprint.suffix(24)
        var candidate = base
        var attempt = 0
        while text.contains(candidate) || html.contains(candidate) {
            attempt += 1
            candidate = base + "_\(attempt)"
        }
        return candidate
    }

    /// The message as bytes, with the given line ending.
    public func bytes(lineEnding: LineEnding = .crlf) -> [UInt8] {
        let newline = lineEnding.bytes
        let boundary = self.boundary
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + html.utf8.count * 11 / 10 + 2048)
        func line(_ text: String) {
            output += text.utf8
            output += newline
        }
        for field in headers { field.lines.forEach(line) }
        line("")
        line("This is a multi-part message in MIME format.")
        for part in [BodyPart(subtype: "plain", content: text), BodyPart(subtype: "html", content: html)] {
            line("")
            line("--" + boundary)
            for field in part.headers { field.lines.forEach(line) }
            line("")
            part.encode(newline: newline, into: &output)
        }
        line("")
        line("--" + boundary + "--")
        return output
    }
}
