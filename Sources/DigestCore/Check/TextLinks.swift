/// Links as the check compares them: `http:`, `https:` and `mailto:` only, percent-escapes decoded.
enum LinkNormal {
    /// The comparable form of `link`, or nil when it is not a web or mail link.
    static func form(_ link: String) -> String? {
        var link = link
        return link.withUTF8 { form(bytes: $0) }
    }

    /// The comparable form of the UTF-8 link in `link`, or nil when it is not a web or mail link.
    static func form(bytes link: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        var end = link.count
        while start < end, link[start] == 32 || link[start] == 9 { start += 1 }
        while end > start, link[end - 1] == 32 || link[end - 1] == 9 { end -= 1 }
        if start < end, link[start] >= 0x80 || link[end - 1] >= 0x80 {
            // Rare: a link with non-ASCII at an end, which may be Unicode space to trim.
            let text = String(decoding: UnsafeBufferPointer(rebasing: link[start..<end]), as: UTF8.self)
            let trimmed = String(text.drop(while: isBlank).reversed().drop(while: isBlank).reversed())
            guard trimmed.utf8.count != end - start else { return form(trimmed: Array(trimmed.utf8)[...]) }
            return form(trimmed)
        }
        return form(trimmed: Array(UnsafeBufferPointer(rebasing: link[start..<end]))[...])
    }

    private static func form(trimmed bytes: ArraySlice<UInt8>) -> String? {
        guard hasScheme(bytes) else { return nil }
        return percentDecoded(bytes) ?? String(decoding: bytes, as: UTF8.self)
    }

    /// Spaces and tabs, as `CharacterSet.whitespaces` has them.
    private static func isBlank(_ character: Character) -> Bool {
        character == " " || character == "\t"
            || character.unicodeScalars.first.map { $0.properties.generalCategory == .spaceSeparator } == true
    }

    private static let schemes: [[UInt8]] = ["http://", "https://", "mailto:"].map { Array($0.utf8) }

    /// Whether `bytes` start with `http://`, `https://` or `mailto:`, in any case.
    private static func hasScheme(_ bytes: ArraySlice<UInt8>) -> Bool {
        schemes.contains { scheme in
            bytes.count >= scheme.count
                && zip(bytes, scheme).allSatisfy { byte, lower in
                    ((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte) == lower
                }
        }
    }

    /// `bytes` with every `%XX` decoded; nil when there is none, when an escape is malformed or
    /// when the result is not UTF-8 (then the link is compared as written).
    private static func percentDecoded(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) else { return nil }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            guard bytes[index] == UInt8(ascii: "%") else {
                output.append(bytes[index])
                index += 1
                continue
            }
            guard index + 2 < bytes.endIndex, let high = TransferDecoding.hexValue(bytes[index + 1]),
                let low = TransferDecoding.hexValue(bytes[index + 2])
            else { return nil }
            output.append(high << 4 | low)
            index += 3
        }
        return String(validating: output, as: UTF8.self)
    }
}

/// The web and mail links written out in a plain-text body.
enum TextLinks {
    /// Every `http://`, `https://` and `mailto:` link in the UTF-8 `text`, trailing punctuation
    /// dropped.
    ///
    /// Links are never broken across lines, so the words between white space (and `<`, `>`,
    /// `"`) hold them whole; only words with a colon are looked at.
    static func links(in text: [UInt8]) -> [String] {
        var links: [String] = []
        text.withUnsafeBufferPointer { bytes in
            var wordStart = 0
            var hasColon = false
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                let separator: Int
                if byte < 0x80 {
                    if byte == UInt8(ascii: ":") { hasColon = true }
                    separator = asciiSeparators[Int(byte)] ? 1 : 0
                } else {
                    separator = unicodeSpaceLength(bytes, index)
                }
                guard separator > 0 else {
                    index += 1
                    continue
                }
                if hasColon, let link = link(in: UnsafeBufferPointer(rebasing: bytes[wordStart..<index])) {
                    links.append(link)
                }
                index += separator
                wordStart = index
                hasColon = false
            }
            if hasColon, let link = link(in: UnsafeBufferPointer(rebasing: bytes[wordStart..<count])) {
                links.append(link)
            }
        }
        return links
    }

    /// White space (Unicode's, in ASCII), `<`, `>` and `"`.
    private static let asciiSeparators: [Bool] = (0..<128).map { (byte: Int) -> Bool in
        let separators: Set<Int> = [9, 10, 11, 12, 13, 32, 0x3C, 0x3E, 0x22]
        return separators.contains(byte)
    }

    /// The length of the UTF-8 white space character at `index` (U+0085, U+00A0, U+1680,
    /// U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000), or 0.
    private static func unicodeSpaceLength(_ bytes: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int {
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

    private static let prefixes: [[UInt8]] = ["http://", "https://", "mailto:"].map { Array($0.utf8) }
    private static let trailingPunctuation = Array(".,;:!?)]'".utf8)

    /// The link in one word: from its first `http://` (else `https://`, else `mailto:`) to its
    /// end, without trailing punctuation.
    private static func link(in word: UnsafeBufferPointer<UInt8>) -> String? {
        for prefix in prefixes {
            guard let start = firstIndex(of: prefix, in: word) else { continue }
            var end = word.count
            while end > start, trailingPunctuation.contains(word[end - 1]) { end -= 1 }
            return LinkNormal.form(bytes: UnsafeBufferPointer(rebasing: word[start..<end]))
        }
        return nil
    }

    private static func firstIndex(of needle: [UInt8], in word: UnsafeBufferPointer<UInt8>) -> Int? {
        guard word.count >= needle.count else { return nil }
        for start in 0...(word.count - needle.count)
        where word[start] == needle[0] && word[start..<(start + needle.count)].elementsEqual(needle) {
            return start
        }
        return nil
    }
}
