import Foundation

/// What one received message asks, read from its header: an unsubscribe request from an
/// address, something else, or a message too broken to tell.
package enum UnsubscribeMail: Sendable, Equatable {
    /// An unsubscribe request sent by `sender` (lower-cased).
    case request(sender: String)
    /// Not an unsubscribe request, with why (not addressed to the unsubscribe address, another
    /// subject, an automatic reply, failed DMARC).
    case other(String)
    /// The message cannot be read as mail, with why.
    case malformed(String)

    /// Classifies the message `bytes` sent (or not) to `unsubscribe`.
    package init(_ bytes: [UInt8], unsubscribe: UnsubscribeAddress) {
        let fields = HeaderReader.fields(in: bytes)
        guard !fields.isEmpty, Self.startsWithField(bytes) else {
            self = .malformed("it does not start with a header field (Name: value)")
            return
        }
        func values(_ name: String) -> [String] {
            fields.filter { $0.name.lowercased() == name }.map(\.value)
        }
        let from = values("from")
        guard from.count == 1 else {
            self = .malformed(from.isEmpty ? "it has no From header" : "it has \(from.count) From headers")
            return
        }
        guard !from[0].contains(","), let sender = try? Mailbox(parsing: EncodedWordDecoder.decode(from[0])) else {
            self = .malformed("its From header is not one address")
            return
        }
        let recipients = (values("to") + values("cc") + values("delivered-to") + values("x-original-to"))
            .joined(separator: ",").lowercased()
        guard Self.names(recipients, unsubscribe.address) else {
            self = .other("it is not addressed to \(unsubscribe.address)")
            return
        }
        if let wanted = unsubscribe.subject {
            let subject = values("subject").first.map(EncodedWordDecoder.decode)?.lowercased() ?? ""
            guard subject.contains(wanted) else {
                self = .other("its subject does not say “\(wanted)”")
                return
            }
        }
        if let automatic = values("auto-submitted").first, automatic.lowercased() != "no" {
            self = .other("it is an automatic message (Auto-Submitted: \(automatic.prefix(40)))")
            return
        }
        if values("authentication-results").contains(where: { $0.lowercased().contains("dmarc=fail") }) {
            self = .other("its sender failed DMARC, so the From address may be forged")
            return
        }
        self = .request(sender: sender.address.lowercased())
    }

    /// Whether the recipient list `text` names `address` as a whole address.
    private static func names(_ text: String, _ address: String) -> Bool {
        var start = text.startIndex
        while let range = text.range(of: address, range: start..<text.endIndex) {
            let before = range.lowerBound == text.startIndex ? " " : text[text.index(before: range.lowerBound)]
            let after = range.upperBound == text.endIndex ? " " : text[range.upperBound]
            if " <,\t:".contains(before), " >,\t;".contains(after) { return true }
            start = range.upperBound
        }
        return false
    }

    /// Whether the first line is a header field: a name of printable ASCII, then a colon.
    private static func startsWithField(_ bytes: [UInt8]) -> Bool {
        guard let colon = bytes.prefix(1000).firstIndex(of: UInt8(ascii: ":")), colon > 0 else { return false }
        return bytes[..<colon].allSatisfy { $0 > 0x20 && $0 < 0x7F }
    }
}
