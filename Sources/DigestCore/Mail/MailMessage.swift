import Crypto

/// A complete `multipart/alternative` message: text/plain first, text/html last.
///
/// The Message-ID and the boundary are derived from the content and the addresses, so the
/// same inputs give the same bytes.
public struct MailMessage: Sendable {
    /// Who sends it.
    package let from: Mailbox
    /// Who receives it.
    package let to: [Mailbox]
    /// The subject line.
    package let subject: HeaderText
    /// The Date header.
    package let date: MailDate
    /// The list it is sent to: List-Id and List-Unsubscribe.
    package let list: MailingList
    /// The plain-text body, `format=flowed` (a line ending in a space is soft), lines separated by `\n`.
    package var text: String { textContent.string }
    /// The HTML body, lines separated by `\n`.
    package var html: String { htmlContent.string }
    private let textContent: BodyContent
    private let htmlContent: BodyContent
    /// Date, From, Subject and List-Id, when made once for many messages.
    private let shared: SharedHeaderFields?
    /// A digest of everything but the date: names the Message-ID and the boundary.
    private let fingerprint: String

    /// Creates a message.
    package init(
        from: Mailbox, to: [Mailbox], subject: HeaderText, date: MailDate, list: MailingList, text: String,
        html: String
    ) {
        self.init(from: from, to: to, subject: subject, date: date, list: list, text: .whole(text), html: .whole(html))
    }

    /// Creates a message whose bodies are texts shared with other messages, filled with
    /// `values`; its bytes are those of the message of the filled texts, made faster (the
    /// texts' fixed lines are encoded once, for every message that shares them, and so are
    /// `shared` header fields, which must be those of this sender, subject, date and list).
    package init(
        from: Mailbox, to: [Mailbox], subject: HeaderText, date: MailDate, list: MailingList, text: SplicedText,
        html: SplicedText, values: [String], shared: SharedHeaderFields? = nil
    ) {
        assert(
            shared == nil || shared == SharedHeaderFields(from: from, subject: subject, date: date, list: list),
            "shared header fields of another sender, subject, date or list")
        self.init(
            from: from, to: to, subject: subject, date: date, list: list, text: .spliced(text, values: values),
            html: .spliced(html, values: values), shared: shared)
    }

    private init(
        from: Mailbox, to: [Mailbox], subject: HeaderText, date: MailDate, list: MailingList, text: BodyContent,
        html: BodyContent, shared: SharedHeaderFields? = nil
    ) {
        self.shared = shared
        self.from = from
        self.to = to
        self.subject = subject
        self.date = date
        self.textContent = text
        self.htmlContent = html
        self.list = list
        var hasher = SHA256()
        let addresses = [from.description, to.map(\.description).joined(separator: ","), list.id]
        for var part in addresses + [subject.value] {
            part.withUTF8 { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            hasher.update(data: [0])
        }
        for body in [text, html] {
            body.forEachRun { hasher.update(bufferPointer: UnsafeRawBufferPointer($0)) }
            hasher.update(data: [0])
        }
        self.fingerprint = Hex.lowercase(hasher.finalize())
    }

    /// `<fingerprint@from-domain>`.
    package var messageID: String {
        "<\(fingerprint.prefix(32)).digest@\(from.domain)>"
    }

    /// The header fields in the order they are written.
    ///
    /// `Precedence: bulk` and `Auto-Submitted: auto-generated` (RFC 3834) keep vacation
    /// responders and other robots from answering the list.
    package var headers: [HeaderField] {
        headers(boundary: boundary)
    }

    private func headers(boundary: String) -> [HeaderField] {
        let shared = self.shared ?? SharedHeaderFields(from: from, subject: subject, date: date, list: list)
        return [
            shared.date,
            shared.from,
            .mailboxes("To", to),
            shared.subject,
            .structured("Message-ID", messageID),
        ] + list.headers(listID: shared.listID) + [
            .structured("Precedence", "bulk"),
            .structured("Auto-Submitted", "auto-generated"),
            .structured("MIME-Version", "1.0"),
            .structured("Content-Type", "multipart/alternative; boundary=\"\(boundary)\""),
        ]
    }

    /// The boundary: `=_` cannot occur in quoted-printable text; checked against 7bit parts.
    var boundary: String {
        boundary(for: bodyParts)
    }

    private func boundary(for parts: [BodyPart]) -> String {
        let base = "=_digest_" + fingerprint.suffix(24)
        let plain = parts.filter { $0.transferEncoding == "7bit" }.map(\.content.string)
        var candidate = base
        var attempt = 0
        while plain.contains(where: { $0.contains(candidate) }) {
            attempt += 1
            candidate = base + "_\(attempt)"
        }
        return candidate
    }

    /// The text part (flowed) and the HTML part.
    private var bodyParts: [BodyPart] {
        [
            BodyPart(subtype: "plain", content: textContent, parameters: FlowedText.parameters, flowed: true),
            BodyPart(subtype: "html", content: htmlContent),
        ]
    }

    /// The message as bytes, with the given line ending.
    public func bytes(lineEnding: LineEnding = .crlf) -> [UInt8] {
        let newline = lineEnding.bytes
        let parts = bodyParts
        let boundary = boundary(for: parts)
        let size = textContent.encodedSizeHint + htmlContent.encodedSizeHint
        // A message of a megabyte or more has its parts encoded at the same time, each on a
        // core; smaller ones (a personal digest, made beside others on every core) in turn.
        let encoded: [[UInt8]]? =
            size < 1 << 20
            ? nil
            : Parallel.map(parts) { part in
                var bytes: [UInt8] = []
                bytes.reserveCapacity(part.content.encodedSizeHint)
                part.encode(newline: newline, into: &bytes)
                return bytes
            }
        var output: [UInt8] = []
        output.reserveCapacity(size + 2048)
        func line(_ text: String) {
            output += text.utf8
            output += newline
        }
        for field in headers(boundary: boundary) { field.lines.forEach(line) }
        line("")
        line("This is a multi-part message in MIME format.")
        for (index, part) in parts.enumerated() {
            line("")
            line("--" + boundary)
            for field in part.headers { field.lines.forEach(line) }
            line("")
            if let encoded { output += encoded[index] } else { part.encode(newline: newline, into: &output) }
        }
        line("")
        line("--" + boundary + "--")
        return output
    }
}
