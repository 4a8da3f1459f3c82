/// Byte-level questions about UTF-8 text, for the per-item clean-ups every item of every source
/// goes through: each answers in one pass over the bytes, without building `Character`s, so the
/// common case (nothing to change) costs a scan.
enum TextBytes {
    /// Calls `body` with the UTF-8 bytes of `text` (no copy for a native string).
    static func withBytes<Result>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var text = text
        return text.withUTF8(body)
    }

    /// Whether `needle` (lowercase ASCII) starts at `index` of `bytes`, ASCII letters in any case.
    static func hasPrefix(_ needle: StaticString, at index: Int, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let count = needle.utf8CodeUnitCount
        guard index + count <= bytes.count else { return false }
        let pattern = needle.utf8Start
        for offset in 0..<count {
            var byte = bytes[index + offset]
            if byte >= UInt8(ascii: "A"), byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            guard byte == pattern[offset] else { return false }
        }
        return true
    }

    /// Whether `needle` (lowercase ASCII) occurs anywhere in `bytes`, ASCII letters in any case.
    static func contains(_ needle: StaticString, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let pattern = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        // A byte of the needle that is not a letter has one spelling: `memchr` finds its
        // candidates (`:` of `https://`, `<` of `<script`) far faster than a loop over letters.
        if let anchor = pattern.firstIndex(where: { !($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) }) {
            var index = anchor
            while let found = System.firstIndex(of: pattern[anchor], in: bytes, from: index) {
                if hasPrefix(needle, at: found - anchor, in: bytes) { return true }
                index = found + 1
            }
            return false
        }
        let first = needle.utf8Start[0]
        let upper = first >= UInt8(ascii: "a") && first <= UInt8(ascii: "z") ? first & ~0x20 : first
        for index in bytes.indices where bytes[index] == first || bytes[index] == upper {
            if hasPrefix(needle, at: index, in: bytes) { return true }
        }
        return false
    }

    /// Whether two equal bytes `byte` follow each other somewhere in `bytes`.
    static func containsPair(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        firstPair(of: byte, in: bytes) != nil
    }

    /// The index of the first of two equal bytes `byte` that follow each other in `bytes`, or
    /// nil; each candidate is found with `memchr`.
    static func firstPair(of byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        while let at = System.firstIndex(of: byte, in: bytes, from: index) {
            guard at + 1 < bytes.count else { return nil }
            if bytes[at + 1] == byte { return at }
            index = at + 1
        }
        return nil
    }

    /// Whether `byte` is ASCII white space as `Character.isWhitespace` has it (tab, line feed,
    /// vertical tab, form feed, carriage return, space).
    static func isASCIISpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (0x09...0x0D).contains(byte)
    }

    /// The length of the non-ASCII white space character at `index` (U+0085, U+00A0, U+1680,
    /// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), or 0.
    static func unicodeSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
        let lead = bytes[index]
        guard lead == 0xC2 || (0xE1...0xE3).contains(lead) else { return 0 }
        let second = index + 1 < bytes.count ? bytes[index + 1] : 0
        if lead == 0xC2 { return second == 0x85 || second == 0xA0 ? 2 : 0 }
        guard index + 2 < bytes.count else { return 0 }
        let third = bytes[index + 2]
        switch (lead, second) {
        case (0xE1, 0x9A): return third == 0x80 ? 3 : 0
        case (0xE2, 0x80): return (0x80...0x8A).contains(third) || [0xA8, 0xA9, 0xAF].contains(third) ? 3 : 0
        case (0xE2, 0x81): return third == 0x9F ? 3 : 0
        case (0xE3, 0x80): return third == 0x80 ? 3 : 0
        default: return 0
        }
    }
}
