/// HTML escaping exactly as swift-mustache escapes `{{name}}` (its `String.htmlEscape`):
/// `<`, `>`, `&`, `"` and `'`, compared as characters, done here on bytes.
enum MustacheHTMLEscape {
    /// Appends `text` to `output`, escaped.
    static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { bytes in
            var needsCharacters = false
            var start = 0
            var index = 0
            while index < bytes.count {
                let replacement: StaticString
                switch bytes[index] {
                case UInt8(ascii: "<"): replacement = "&lt;"
                case UInt8(ascii: ">"): replacement = "&gt;"
                case UInt8(ascii: "&"): replacement = "&amp;"
                case UInt8(ascii: "\""): replacement = "&quot;"
                case UInt8(ascii: "'"): replacement = "&#39;"
                default:
                    index += 1
                    continue
                }
                // swift-mustache compares characters: `&` with a combining mark after it (or a
                // prepended mark before it) is another character, left as it is.
                if (index > 0 && bytes[index - 1] >= 0x80) || (index + 1 < bytes.count && bytes[index + 1] >= 0x80) {
                    needsCharacters = true
                    break
                }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                replacement.withUTF8Buffer { output.append(contentsOf: $0) }
                index += 1
                start = index
            }
            if !needsCharacters {
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]))
            }
            // The rest is done character by character.
            if needsCharacters {
                let rest = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<bytes.count]), as: UTF8.self)
                appendByCharacters(rest, to: &output)
            }
        }
    }

    private static func appendByCharacters(_ text: String, to output: inout [UInt8]) {
        for character in text {
            switch character {
            case "<": output.append(contentsOf: "&lt;".utf8)
            case ">": output.append(contentsOf: "&gt;".utf8)
            case "&": output.append(contentsOf: "&amp;".utf8)
            case "\"": output.append(contentsOf: "&quot;".utf8)
            case "'": output.append(contentsOf: "&#39;".utf8)
            default: output.append(contentsOf: character.utf8)
            }
        }
    }
}
