/// The list's `mailto:` unsubscribe link (RFC 2369), taken apart: where such mail goes, and the
/// subject it asks for (`mailto:digest@example.org?subject=unsubscribe`).
package struct UnsubscribeAddress: Sendable, Equatable {
    /// The address, lower-cased.
    package let address: String
    /// The subject the link sets, lower-cased; nil when it sets none (a dedicated address).
    package let subject: String?

    /// The address of the first `mailto:` link in `links`, or nil when there is none.
    package init?(links: [String]) {
        guard let link = links.first(where: { $0.lowercased().hasPrefix("mailto:") }) else { return nil }
        let rest = link.dropFirst("mailto:".count)
        let parts = rest.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        guard let address = QueryText.decode(parts[0]), address.contains("@") else { return nil }
        self.address = address.lowercased()
        var subject: String?
        if parts.count > 1 {
            for pair in parts[1].split(separator: "&") {
                let field = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if field[0].lowercased() == "subject", field.count > 1 {
                    subject = QueryText.decode(field[1])?.lowercased()
                }
            }
        }
        self.subject = subject.flatMap { $0.isEmpty ? nil : $0 }
    }
}

/// Percent-decoding of a URL part, strictly: nil for a bad escape or invalid UTF-8.
enum QueryText {
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hex), let low = iterator.next().flatMap(hex) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
