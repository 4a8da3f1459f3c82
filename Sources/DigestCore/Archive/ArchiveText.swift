import Crypto

/// Escaping and naming shared by the archive's pages and feed.
enum ArchiveText {
    /// Text for HTML or XML content and attribute values: `& < > " '` as entities, and the
    /// control characters XML 1.0 forbids dropped.
    static func escape(_ text: String) -> String {
        var allowed = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            let forbidden =
                (scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r")
                || (0xFFFE...0xFFFF).contains(scalar.value)
            if !forbidden { allowed.append(scalar) }
        }
        return HTMLEscape.text(String(allowed))
    }

    /// A file name made of `[A-Za-z0-9._-]` only, so a relative link needs no encoding.
    static func safeName(_ name: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")
        let mapped = String(name.map { allowed.contains($0) ? $0 : "-" })
        return mapped.hasPrefix(".") || mapped.isEmpty ? "issue" + mapped : mapped
    }

    /// A name-based UUID URN (`urn:uuid:…`, version 8 from SHA-256), the same for the same text.
    static func uuidURN(_ text: String) -> String {
        var bytes = Array(SHA256.hash(data: Array(text.utf8)).prefix(16))
        bytes[6] = (bytes[6] & 0x0F) | 0x80
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        let hex = Hex.lowercase(bytes)
        let parts = [
            hex.prefix(8), hex.dropFirst(8).prefix(4), hex.dropFirst(12).prefix(4), hex.dropFirst(16).prefix(4),
        ]
        return "urn:uuid:" + parts.joined(separator: "-") + "-" + hex.dropFirst(20)
    }

    /// `2019-04-20T07:30:00Z` (RFC 3339).
    static func rfc3339(_ date: MailDate) -> String {
        let day = date.day
        let seconds = date.secondsSinceEpoch - day.daysSinceEpoch * 86_400
        return "\(day)T\(Day.pad(seconds / 3600, 2)):\(Day.pad(seconds / 60 % 60, 2)):\(Day.pad(seconds % 60, 2))Z"
    }
}
