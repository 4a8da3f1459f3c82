package import DigestCore

/// One message as the preview shows it: the composed mail and a few facts about its digest.
package struct PreviewMessage: Sendable {
    /// The message exactly as it would be written or sent.
    package let message: MailMessage
    /// The file name it would get in `digests/`.
    package let fileName: String
    /// How many items the digest holds.
    package let itemCount: Int
    /// How many topic sections the digest holds.
    package let sectionCount: Int

    /// Creates a preview entry.
    ///
    /// - Parameters:
    ///   - message: the composed message.
    ///   - fileName: the `.eml` name it would be written under.
    ///   - itemCount: the number of items in its digest.
    ///   - sectionCount: the number of sections in its digest.
    package init(message: MailMessage, fileName: String, itemCount: Int, sectionCount: Int) {
        self.message = message
        self.fileName = fileName
        self.itemCount = itemCount
        self.sectionCount = sectionCount
    }

    /// The message's size on disk (CRLF line endings), in octets.
    package var size: Int { message.bytes(lineEnding: .crlf).count }
}
