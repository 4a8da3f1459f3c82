/// Text made safe in HTML (and XML) element content and quoted attributes: `&`, `<`, `>`,
/// `"` and `'` escaped, as Mustache escapes `{{value}}`.
///
/// The five are found as bytes, so each is escaped wherever it stands, also with a combining
/// mark after it or a prepended mark before it: an HTML parser reads code points, and to it a
/// `"` followed by U+0301 still ends an attribute. (swift-mustache compares characters and
/// leaves such a `"` as it is; digest's templates render through this escaper either way, see
/// ``LoadedTemplate``.)
package enum HTMLEscape {
    /// `text` with the five characters escaped.
    package static func text(_ text: some StringProtocol) -> String {
        let text = String(text)
        return escaped(text) ?? text
    }

    /// Appends `text` to `output`, escaped.
    package static func append(_ text: String, to output: inout String) {
        output.append(escaped(text) ?? text)
    }

    /// `text` escaped, or nil when it holds none of the five.
    private static func escaped(_ text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes in
            guard let first = bytes.firstIndex(where: isSpecial) else { return nil }
            var result = ""
            result.reserveCapacity(bytes.count + 16)
            var start = 0
            for index in first..<bytes.count where isSpecial(bytes[index]) {
                // The bytes before are whole scalars: an ASCII byte never stands inside one.
                result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self))
                result.append(replacement(bytes[index]))
                start = index + 1
            }
            result.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start...]), as: UTF8.self))
            return result
        }
    }

    private static func isSpecial(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "&")
            || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'")
    }

    private static func replacement(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "<"): "&lt;"
        case UInt8(ascii: ">"): "&gt;"
        case UInt8(ascii: "&"): "&amp;"
        case UInt8(ascii: "\""): "&quot;"
        default: "&#39;"
        }
    }
}
