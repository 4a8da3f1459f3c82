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
    /// What one pass over a plain-text body finds: its links and its bare mail addresses.
    struct Scan {
        /// Every `http://`, `https://` and `mailto:` link, in order, trailing punctuation dropped.
        var links: [String] = []
        /// The bare mail addresses (`name@example.org`, as the text part shows a `mailto:` link
        /// of the HTML part), each as the `mailto:` link it stands for.
        var addresses: Set<String> = []

        /// Scans the UTF-8 `text` once.
        ///
        /// Links are never broken across lines, so the words between white space (and `<`,
        /// `>`, `"`) hold them whole; only words with a colon or an `@` are looked at.
        init(_ text: [UInt8]) {
            forEachWord(in: text) { word, hasColon in
                if hasColon {
                    if let link = link(in: word) { links.append(link) }
                } else if let address = bareAddress(in: word) {
                    addresses.insert(address)
                }
            }
        }
    }

    /// The `mailto:` link of a word that is a bare address, or nil.
    private static func bareAddress(in word: UnsafeBufferPointer<UInt8>) -> String? {
        var start = 0
        var end = word.count
        while start < end, leadingPunctuation.contains(word[start]) { start += 1 }
        while end > start, trailingPunctuation.contains(word[end - 1]) { end -= 1 }
        let address = UnsafeBufferPointer(rebasing: word[start..<end])
        guard address.first != UInt8(ascii: "@"), address.last != UInt8(ascii: "@") else { return nil }
        return LinkNormal.form("mailto:" + String(decoding: address, as: UTF8.self))
    }

    /// Calls `body` with each word of `text` (between white space, `<`, `>` and `"`) that holds
    /// a colon or an `@`, and whether it holds a colon.
    private static func forEachWord(
        in text: [UInt8], _ body: (UnsafeBufferPointer<UInt8>, _ hasColon: Bool) -> Void
    ) {
        let separators = asciiSeparators
        text.withUnsafeBufferPointer { bytes in
            var wordStart = 0
            var hasColon = false
            var hasAt = false
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                let separator: Int
                if byte < 0x80 {
                    if byte == UInt8(ascii: ":") { hasColon = true } else if byte == UInt8(ascii: "@") { hasAt = true }
                    separator = separators[Int(byte)] ? 1 : 0
                } else {
                    separator = TextBytes.unicodeSpaceLength(bytes, index)
                }
                guard separator > 0 else {
                    index += 1
                    continue
                }
                if hasColon || hasAt { body(UnsafeBufferPointer(rebasing: bytes[wordStart..<index]), hasColon) }
                index += separator
                wordStart = index
                hasColon = false
                hasAt = false
            }
            if hasColon || hasAt { body(UnsafeBufferPointer(rebasing: bytes[wordStart..<count]), hasColon) }
        }
    }

    /// White space (Unicode's, in ASCII), `<`, `>` and `"`.
    private static let asciiSeparators: [Bool] = (0..<128).map { (byte: Int) -> Bool in
        let separators: Set<Int> = [9, 10, 11, 12, 13, 32, 0x3C, 0x3E, 0x22]
        return separators.contains(byte)
    }

    private static let prefixes: [[UInt8]] = ["http://", "https://", "mailto:"].map { Array($0.utf8) }
    private static let trailingPunctuation = Array(".,;:!?)]'".utf8)
    private static let leadingPunctuation = Array("([{'".utf8)

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
