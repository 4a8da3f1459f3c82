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
        TextBytes.withBytes(text) { bytes in
            var lines = Lines(width: width, firstPrefix: firstPrefix, prefix: prefix, soft: soft)
            var words = Words(bytes)
            while let (word, isPrintableASCII) = words.next() {
                // A word of printable ASCII is one column a byte and has no break inside; so
                // is a word of Latin letters and punctuation without ideographs.
                if isPrintableASCII {
                    lines.place(word, width: word.count, afterSpace: true)
                } else if !LineBreaks.mayHoldIdeographs(word), let width = DisplayWidth.simpleWidth(utf8: word) {
                    lines.place(word, width: width, afterSpace: true)
                } else {
                    let characters = String(decoding: word, as: UTF8.self)[...]
                    for (index, piece) in LineBreaks.pieces(of: characters).enumerated() {
                        lines.place(piece.utf8, width: DisplayWidth.of(piece), afterSpace: index == 0)
                    }
                }
            }
            return lines.finished()
        }
    }

    /// The lines being filled, the current one as bytes (made a string once, when it is full).
    private struct Lines {
        let width: Int
        let prefix: [UInt8]
        let prefixWidth: Int
        let soft: Bool
        var lines: [String] = []
        var line: [UInt8]
        var lineWidth: Int
        var lineHasWord = false

        init(width: Int, firstPrefix: String, prefix: String, soft: Bool) {
            self.width = width
            self.prefix = Array(prefix.utf8)
            prefixWidth = DisplayWidth.of(prefix)
            self.soft = soft
            line = Array(firstPrefix.utf8)
            lineWidth = DisplayWidth.of(firstPrefix)
        }

        /// Adds a word (or a piece of one, `afterSpace` false) that is `pieceWidth` columns wide.
        mutating func place(_ piece: some Collection<UInt8>, width pieceWidth: Int, afterSpace: Bool) {
            let glue = afterSpace ? 1 : 0
            if lineHasWord, lineWidth + glue + pieceWidth > width {
                if soft && afterSpace { line.append(UInt8(ascii: " ")) }
                lines.append(String(decoding: line, as: UTF8.self))
                line.removeAll(keepingCapacity: true)
                line.append(contentsOf: prefix)
                lineWidth = prefixWidth
                lineHasWord = false
            }
            if lineHasWord, afterSpace {
                line.append(UInt8(ascii: " "))
                lineWidth += 1
            }
            line.append(contentsOf: piece)
            lineWidth += pieceWidth
            lineHasWord = true
        }

        mutating func finished() -> [String] {
            lines.append(String(decoding: line, as: UTF8.self))
            return lines
        }
    }

    /// The runs of bytes between spaces, tabs and line feeds, each with whether it is all
    /// printable ASCII.
    private struct Words {
        let bytes: UnsafeBufferPointer<UInt8>
        var position = 0

        init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func next() -> (UnsafeBufferPointer<UInt8>, Bool)? {
            while position < bytes.count {
                let start = position
                var printable = true
                while position < bytes.count {
                    let byte = bytes[position]
                    if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") || byte == UInt8(ascii: "\n") { break }
                    if byte < 0x20 || byte >= 0x7F { printable = false }
                    position += 1
                }
                let end = position
                position += 1
                if end > start { return (UnsafeBufferPointer(rebasing: bytes[start..<end]), printable) }
            }
            return nil
        }
    }
}

/// Where a word without spaces may break (a simplified UAX #14 for East Asian text).
enum LineBreaks {
    /// `word` split where a line may break inside it; one piece for words without ideographs.
    static func pieces(of word: Substring) -> [Substring] {
        guard mayHoldIdeographs(word.utf8) else { return [word] }
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

    /// Whether a word has a scalar at U+2E80 or above, where the ideographic ranges start
    /// (UTF-8: a lead byte of 0xE3 or more, or 0xE2 followed by 0xBA or more), given its bytes.
    static func mayHoldIdeographs(_ bytes: some Sequence<UInt8>) -> Bool {
        var previousWasE2 = false
        for byte in bytes {
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
