package import DigestCore

/// One message as the preview shows it: the composed mail and a few facts about its digest.
package struct PreviewMessage: Sendable {
    /// The message exactly as it would be written or sent.
    package let message: MailMessage
    /// The file name it would get in `digests/` (a personal one: `<window>/<address>.eml`).
    package let fileName: String
    /// How many items the digest holds.
    package let itemCount: Int
    /// How many topic sections the digest holds.
    package let sectionCount: Int
    /// The reader of the subscriber list it was made for; nil for a message to `to:`.
    package let reader: Subscriber?

    /// Creates a preview entry.
    ///
    /// - Parameters:
    ///   - message: the composed message.
    ///   - fileName: the `.eml` name it would be written under.
    ///   - itemCount: the number of items in its digest.
    ///   - sectionCount: the number of sections in its digest.
    ///   - reader: the subscriber it was made for, if it is a personal message.
    package init(
        message: MailMessage, fileName: String, itemCount: Int, sectionCount: Int, reader: Subscriber? = nil
    ) {
        self.message = message
        self.fileName = fileName
        self.itemCount = itemCount
        self.sectionCount = sectionCount
        self.reader = reader
    }

    /// The message's size on disk (CRLF line endings), in octets.
    package var size: Int { message.bytes(lineEnding: .crlf).count }

    /// The HTML part's size before transfer encoding, in octets: what Gmail measures against
    /// its clipping limit (``ClippingCheck/limit``), not the size of the `.eml`.
    package var htmlSize: Int { message.html.utf8.count }
}
