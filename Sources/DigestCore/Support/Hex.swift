/// Hexadecimal digits: upper-case, as MIME wants them, or lower-case for identifiers.
enum Hex {
    /// The upper-case digits, by value.
    static let digits = Array("0123456789ABCDEF".utf8)

    /// One byte as two upper-case digits.
    static func byte(_ byte: UInt8) -> String {
        String(decoding: [digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// `bytes` as lower-case hexadecimal digits, two a byte.
    static func lowercase(_ bytes: some Sequence<UInt8>) -> String {
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.underestimatedCount * 2)
        for byte in bytes {
            digits.append(lowercaseDigits[Int(byte >> 4)])
            digits.append(lowercaseDigits[Int(byte & 0x0F)])
        }
        return String(decoding: digits, as: UTF8.self)
    }

    private static let lowercaseDigits = Array("0123456789abcdef".utf8)
}
