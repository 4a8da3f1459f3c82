extension MessageCheck {
    /// The findings for the message file at `path`.
    ///
    /// - Throws: ``DigestError/unreadableMessage(path:reason:)`` when the file cannot be read.
    package static func findings(inFile path: String) throws(DigestError) -> [CheckFinding] {
        findings(in: try messageBytes(atPath: path))
    }

    /// The bytes of the message file at `path`, read into place once.
    ///
    /// - Throws: ``DigestError/unreadableMessage(path:reason:)`` when the file cannot be read.
    package static func messageBytes(atPath path: String) throws(DigestError) -> [UInt8] {
        do {
            return try System.contents(of: path)
        } catch {
            throw .unreadableMessage(path: path, reason: error.reason)
        }
    }

    /// The decoded Subject of the message in `bytes`, for reports; nil when it has none.
    package static func subject(of bytes: [UInt8]) -> String? {
        HeaderReader.value(of: "Subject", in: bytes).map(EncodedWordDecoder.decode)
    }
}
