/// The parameters of a query string (`email=a%40b.org&token=…`), decoded strictly: a
/// malformed percent escape, invalid UTF-8, a control character (NUL, CR, LF …) or a name given
/// twice makes the whole query unusable, so nothing half-decoded reaches a check or a page.
struct QueryParameters: Sendable, Equatable {
    /// The decoded values by name.
    let values: [String: String]

    /// The value of `name`, if the query has it.
    subscript(name: String) -> String? { values[name] }

    /// Decodes `query` (without its `?`); nil when it is malformed as described above.
    init?(_ query: Substring) {
        var values: [String: String] = [:]
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]), let value = Self.decode(parts.count > 1 ? parts[1] : ""),
                values[name] == nil
            else { return nil }
            values[name] = value
        }
        self.values = values
    }

    /// `text` with `+` as a space and `%XX` escapes decoded; nil when malformed.
    static func decode(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "+"): bytes.append(UInt8(ascii: " "))
            case UInt8(ascii: "%"):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else {
                    return nil
                }
                bytes.append(high << 4 | low)
            default: bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self),
            !decoded.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F })
        else { return nil }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
