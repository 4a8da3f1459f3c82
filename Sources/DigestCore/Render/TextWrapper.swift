/// Greedy word wrapping by display width. Words are never split, so a long URL keeps its line.
///
/// With `soft`, every line but the last ends with one space: an RFC 3676 (`format=flowed`)
/// soft line break, which a phone's mail client joins again to reflow the paragraph.
enum TextWrapper {
    /// Wraps `text` to `width` columns; the first line starts with `firstPrefix`, the others
    /// with `prefix` (both count towards the width; a soft break's space does not).
    static func wrap(
        _ text: String, width: Int, firstPrefix: String = "", prefix: String = "", soft: Bool = false
    ) -> [String] {
        var lines: [String] = []
        var line = firstPrefix
        var lineWidth = DisplayWidth.of(firstPrefix)
        var lineHasWord = false
        let prefixWidth = DisplayWidth.of(prefix)
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" }) {
            let wordWidth = DisplayWidth.of(word)
            if lineHasWord, lineWidth + 1 + wordWidth > width {
                lines.append(soft ? line + " " : line)
                line = prefix
                lineWidth = prefixWidth
                lineHasWord = false
            }
            if lineHasWord {
                line += " "
                lineWidth += 1
            }
            line += word
            lineWidth += wordWidth
            lineHasWord = true
        }
        lines.append(line)
        return lines
    }
}
