/// Greedy word wrapping by display width. Words are never split, so a long URL keeps its
/// line; text without spaces between words (Chinese, Japanese) breaks between characters
/// where UAX #14 allows it (between two ideographs, but never before closing punctuation
/// such as `。` or `」`, nor after opening punctuation such as `「`).
///
/// With `soft`, every line broken at a space ends with one space: an RFC 3676
/// (`format=flowed`) soft line break, which a phone's mail client joins again to reflow the
/// paragraph. A line broken between two ideographs ends without one (with `delsp=no` the
/// space would stay when the lines are joined); it is a hard break.
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
        func place(_ piece: Substring, width pieceWidth: Int, afterSpace: Bool) {
            let glue = afterSpace ? 1 : 0
            if lineHasWord, lineWidth + glue + pieceWidth > width {
                lines.append(soft && afterSpace ? line + " " : line)
                line = prefix
                lineWidth = prefixWidth
                lineHasWord = false
            }
            if lineHasWord, afterSpace {
                line += " "
                lineWidth += 1
            }
            line += piece
            lineWidth += pieceWidth
            lineHasWord = true
        }
        forEachWord(of: text) { word, isPrintableASCII in
            // A word of printable ASCII is one column a byte and has no break inside.
            if isPrintableASCII { return place(word, width: word.utf8.count, afterSpace: true) }
            for (index, piece) in LineBreaks.pieces(of: word).enumerated() {
                place(piece, width: DisplayWidth.of(piece), afterSpace: index == 0)
            }
        }
        lines.append(line)
        return lines
    }

    /// Calls `body` with each run of `text` between spaces, tabs and line feeds, and whether
    /// it is all printable ASCII; the separators are found among the UTF-8 bytes.
    private static func forEachWord(of text: String, _ body: (Substring, Bool) -> Void) {
        let bytes = text.utf8
        var start = bytes.startIndex
        var index = start
        var printable = true
        while index != bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") {
                if start != index { body(text[start..<index], printable) }
                start = bytes.index(after: index)
                printable = true
            } else if byte < 0x20 || byte >= 0x7F {
                printable = false
            }
            index = bytes.index(after: index)
        }
        if start != bytes.endIndex { body(text[start...], printable) }
    }
}

/// Where a word without spaces may break (a simplified UAX #14 for East Asian text).
enum LineBreaks {
    /// `word` split where a line may break inside it; one piece for words without ideographs.
    static func pieces(of word: Substring) -> [Substring] {
        guard mayHoldIdeographs(word) else { return [word] }
        var pieces: [Substring] = []
        var start = word.startIndex
        var previous: Character?
        for index in word.indices {
            let character = word[index]
            if let previous, index > start, breakAllowed(between: previous, and: character) {
                pieces.append(word[start..<index])
                start = index
            }
            previous = character
        }
        pieces.append(word[start...])
        return pieces
    }

    /// Whether `word` has a scalar at U+2E80 or above, where the ideographic ranges start
    /// (UTF-8: a lead byte of 0xE3 or more, or 0xE2 followed by 0xBA or more).
    private static func mayHoldIdeographs(_ word: Substring) -> Bool {
        var previousWasE2 = false
        for byte in word.utf8 {
            if byte >= 0xE3 || (previousWasE2 && byte >= 0xBA) { return true }
            previousWasE2 = byte == 0xE2
        }
        return false
    }

    private static func breakAllowed(between before: Character, and after: Character) -> Bool {
        guard isIdeographic(before) || isIdeographic(after) else { return false }
        return !noBreakBefore.contains(after) && !noBreakAfter.contains(before)
    }

    /// Han, kana, Hangul syllables and fullwidth forms: the characters a line may break around.
    private static func isIdeographic(_ character: Character) -> Bool {
        guard let value = character.unicodeScalars.first?.value else { return false }
        switch value {
        case 0x2E80...0x2FFF, 0x3040...0x30FF, 0x3100...0x31FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
            0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFF01...0xFF60, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }

    /// Closing punctuation, small kana and marks that never start a line (UAX #14 CL, EX, NS).
    private static let noBreakBefore: Set<Character> = Set(
        "、。，．：；！？）］｝」』】〕〉》〙〗〟’”ー々ゝゞヽヾぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ・〜…‥,.:;!?)]}%")
    /// Opening punctuation that never ends a line (UAX #14 OP).
    private static let noBreakAfter: Set<Character> = Set("（［｛「『【〔〈《〘〖〝‘“([{")
}
