/// HTML escaping exactly as swift-mustache escapes `{{name}}` (its `String.htmlEscape`):
/// `<`, `>`, `&`, `"` and `'`, compared as characters; found here on bytes.
enum MustacheHTMLEscape {
    /// Appends `text` to `output`, escaped.
    static func append(_ text: String, to output: inout String) {
        var text = text
        // The UTF-8 offsets of the characters to replace; nil when one of them touches a
        // non-ASCII byte: swift-mustache compares characters, and an `&` with a combining mark
        // after it (or a prepended mark before it) is another character, left as it is.
        let specials: [Int]? = text.withUTF8 { bytes in
            var found: [Int] = []
            for index in bytes.indices where isSpecial(bytes[index]) {
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) {
                    return nil
                }
                found.append(index)
            }
            return found
        }
        guard let specials else {
            appendByCharacters(text, to: &output)
            return
        }
        guard !specials.isEmpty else {
            output.append(text)
            return
        }
        let utf8 = text.utf8
        var start = utf8.startIndex
        for offset in specials {
            let index = utf8.index(utf8.startIndex, offsetBy: offset)
            output.append(contentsOf: text[start..<index])
            output.append(replacement(utf8[index]))
            start = utf8.index(after: index)
        }
        output.append(contentsOf: text[start...])
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

    /// swift-mustache's own loop, character by character.
    private static func appendByCharacters(_ text: String, to output: inout String) {
        for character in text {
            switch character {
            case "<": output.append("&lt;")
            case ">": output.append("&gt;")
            case "&": output.append("&amp;")
            case "\"": output.append("&quot;")
            case "'": output.append("&#39;")
            default: output.append(character)
            }
        }
    }
}
