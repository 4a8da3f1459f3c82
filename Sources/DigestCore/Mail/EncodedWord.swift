/// RFC 2047 encoded-words (`=?UTF-8?Q?…?=`) for non-ASCII header text.
enum EncodedWord {
    /// Longest encoded-word RFC 2047 allows.
    static let maxLength = 75
    private static let prefix = "=?UTF-8?Q?"
    private static let suffix = "?="

    /// Encodes `text` as a run of encoded-words, each at most 75 characters, split only between
    /// whole characters. The first word fits in `firstBudget` columns when it can.
    ///
    /// Encodes in the restricted "phrase" alphabet of RFC 2047 section 5(3), so the result
    /// is valid in Subject and display names alike.
    static func encode(_ text: String, firstBudget: Int = maxLength) -> [String] {
        var words: [String] = []
        var current = ""
        var budget = min(max(firstBudget, prefix.count + suffix.count + 12), maxLength)
        for character in text {
            var encoded = ""
            for byte in String(character).utf8 { encoded += encode(byte) }
            let wordLength = prefix.count + current.count + encoded.count + suffix.count
            if !current.isEmpty, wordLength > budget {
                words.append(prefix + current + suffix)
                current = ""
                budget = maxLength
            }
            current += encoded
        }
        if !current.isEmpty || words.isEmpty { words.append(prefix + current + suffix) }
        return words
    }

    private static func encode(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: " "): return "_"
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "!"), UInt8(ascii: "*"),
            UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "/"):
            return String(UnicodeScalar(byte))
        default:
            return "=" + Hex.byte(byte)
        }
    }
}
