import Foundation

extension MessageCheck {
    /// The findings for the message file at `path`.
    ///
    /// - Throws: ``DigestError/unreadableMessage(path:reason:)`` when the file cannot be read.
    package static func findings(inFile path: String) throws(DigestError) -> [CheckFinding] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadableMessage(path: path, reason: "no such file, or not readable")
        }
        return findings(in: [UInt8](data))
    }

    /// The decoded Subject of the message in `bytes`, for reports; nil when it has none.
    package static func subject(of bytes: [UInt8]) -> String? {
        HeaderReader.value(of: "Subject", in: bytes).map(EncodedWordDecoder.decode)
    }
}
