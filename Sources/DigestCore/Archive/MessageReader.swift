import Foundation

/// Reads a written message back (ours or anyone's) for the archive: decoded headers and the
/// text of its `text/html` and `text/plain` parts. The MIME structure and the transfer
/// encodings are read by ``MIMEEntity``, as `digest check` reads them; this adds what the
/// archive needs on top: RFC 2047 decoded headers, the date, and a clear error for a message
/// it cannot use.
///
/// It reads what a careful sender writes; it does not try to repair broken mail.
package struct MessageReader: Sendable {
    /// The header fields, unfolded, RFC 2047 encoded words decoded.
    package let headers: [(name: String, value: String)]
    /// The first `text/html` part, decoded, or nil.
    package let html: String?
    /// The first `text/plain` part, decoded, or nil.
    package let text: String?

    /// Reads `bytes`, the message file at `path`.
    ///
    /// - Throws: ``DigestError/unreadableMessage(path:reason:)`` when the message has no header or a
    ///   multipart body without its boundary.
    package init(_ bytes: [UInt8], path: String) throws(DigestError) {
        let message = MIMEEntity(bytes)
        guard !message.fields.isEmpty else { throw .unreadableMessage(path: path, reason: "it has no header fields") }
        headers = message.fields.map { ($0.name, EncodedWordDecoder.decode($0.value)) }
        if let problem = MessageReader.structureProblem(message) {
            throw .unreadableMessage(path: path, reason: problem)
        }
        let leaves = message.leaves
        html = leaves.first { $0.contentType.value.lowercased() == "text/html" }?.text
        text = leaves.first { $0.contentType.value.lowercased() == "text/plain" }?.text
    }

    /// The decoded value of the first header called `name` (case-insensitive).
    package func value(of name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The `Date` header as a moment: an RFC 5322 date, or one a feed might write (the zone
    /// applied where it says an offset).
    package var date: MailDate? {
        value(of: "Date").flatMap { (RFC5322Date($0) ?? RFC5322Date($0, lenient: true))?.moment }
    }

    /// Why a multipart entity (or one inside it) cannot be read, if it cannot.
    private static func structureProblem(_ entity: MIMEEntity) -> String? {
        let type = entity.contentType
        guard entity.isMultipart else { return nil }
        guard let boundary = type.parameters["boundary"], !boundary.isEmpty else {
            return "its \(type.value) body names no boundary"
        }
        guard !entity.parts.isEmpty else { return "its boundary “\(boundary)” never occurs in the body" }
        return entity.parts.lazy.compactMap(structureProblem).first
    }
}
