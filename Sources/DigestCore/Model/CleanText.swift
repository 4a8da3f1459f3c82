/// Text as it may reach a reader: no C0 or C1 control characters but tab and newline.
///
/// Every field of every source goes through this (``Item`` applies it), so a NUL, a BEL, an
/// ANSI escape sequence or a bare carriage return in a feed or listing never reaches a body.
package enum CleanText {
    /// Whether `text` has a control character other than tab and newline.
    package static func hasControls(_ text: String) -> Bool {
        TextBytes.withBytes(text) { bytes in
            for index in bytes.indices {
                let byte = bytes[index]
                // C0 but tab and newline, DEL, and C1 (U+0080–U+009F: C2 80 … C2 9F).
                if byte < 0x20 {
                    if byte != 0x09, byte != 0x0A { return true }
                } else if byte == 0x7F {
                    return true
                } else if byte == 0xC2, index + 1 < bytes.count, bytes[index + 1] <= 0x9F {
                    return true
                }
            }
            return false
        }
    }

    /// `text` without control characters (tab and newline kept); an ANSI escape sequence
    /// (`ESC [ … letter`) goes whole, a carriage return before a newline goes, a bare one
    /// becomes a newline.
    package static func removingControls(_ text: String) -> String {
        guard hasControls(text) else { return text }
        var result = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            index += 1
            guard isControl(scalar) else {
                result.append(scalar)
                continue
            }
            if scalar == "\r" {
                if index < scalars.count, scalars[index] == "\n" { continue }
                result.append("\n")
            } else if scalar == "\u{1B}", index < scalars.count, scalars[index] == "[" {
                // CSI: parameters and intermediates (0x20–0x3F), then one final byte (0x40–0x7E).
                index += 1
                while index < scalars.count, (0x20...0x3F).contains(scalars[index].value) { index += 1 }
                if index < scalars.count, (0x40...0x7E).contains(scalars[index].value) { index += 1 }
            }
        }
        return String(result)
    }

    /// `text` with a word joiner (U+2060, invisible) between the braces of every `{{` and `}}`,
    /// so text from a source can never be taken for a template tag, neither by Mustache nor by
    /// `digest check`, which reports any `{{` left in a message as an unrendered tag.
    package static func separatingTemplateBraces(_ text: String) -> String {
        let open = UInt8(ascii: "{")
        let close = UInt8(ascii: "}")
        return TextBytes.withBytes(text) { bytes -> String? in
            guard TextBytes.containsPair(of: open, in: bytes) || TextBytes.containsPair(of: close, in: bytes) else {
                return nil
            }
            var result: [UInt8] = []
            result.reserveCapacity(bytes.count + 12)
            for index in bytes.indices {
                let byte = bytes[index]
                if index > 0, byte == open || byte == close, bytes[index - 1] == byte {
                    result.append(contentsOf: wordJoiner)
                }
                result.append(byte)
            }
            return String(decoding: result, as: UTF8.self)
        } ?? text
    }

    /// U+2060 WORD JOINER in UTF-8.
    private static let wordJoiner: [UInt8] = [0xE2, 0x81, 0xA0]

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        return (value < 0x20 && value != 0x09 && value != 0x0A) || (0x7F...0x9F).contains(value)
    }
}
