/// Bare `http://`, `https://` and `mailto:` addresses in a listing's or a note's Markdown made
/// autolinks (`<https://…>`): cmark links only those, and the text part shows the address,
/// so without this the HTML part would show it unlinked (and `digest check` would warn that a
/// link is in one part only).
///
/// An address already in a link (`](…)`, `<…>`, `[…]`), in a code span or code block, or
/// followed by punctuation (kept outside the link) is handled as CommonMark would expect.
enum MarkdownAutolink {
    /// `markdown` with every bare web or mail address in angle brackets.
    ///
    /// One pass over the UTF-8 bytes; only a word that starts with a scheme becomes a `String`.
    static func apply(_ markdown: String) -> String {
        TextBytes.withBytes(markdown) { bytes -> String? in
            guard
                TextBytes.contains("http://", in: bytes) || TextBytes.contains("https://", in: bytes)
                    || TextBytes.contains("mailto:", in: bytes)
            else { return nil }
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + 64)
            var inFence = false
            var lineStart = 0
            while true {
                let rest = UnsafeBufferPointer(rebasing: bytes[lineStart...])
                let lineEnd = System.firstIndex(of: 10, in: rest).map { lineStart + $0 } ?? bytes.count
                var first = lineStart
                while first < lineEnd, bytes[first] == 0x20 { first += 1 }
                if TextBytes.hasPrefix("```", at: first, in: bytes) || TextBytes.hasPrefix("~~~", at: first, in: bytes)
                {
                    inFence.toggle()
                    output.append(contentsOf: bytes[lineStart..<lineEnd])
                } else if inFence || first - lineStart >= 4 || (lineStart < lineEnd && bytes[lineStart] == 0x09) {
                    output.append(contentsOf: bytes[lineStart..<lineEnd])
                } else {
                    linkLine(bytes, lineStart..<lineEnd, into: &output)
                }
                guard lineEnd < bytes.count else { break }
                output.append(10)
                lineStart = lineEnd + 1
            }
            return String(decoding: output, as: UTF8.self)
        } ?? markdown
    }

    /// Copies one line into `output`, each bare address outside a code span in angle brackets.
    private static func linkLine(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>, into output: inout [UInt8]) {
        var backticks = 0
        var copied = line.lowerBound
        var index = line.lowerBound
        while index < line.upperBound {
            let byte = bytes[index]
            if byte == UInt8(ascii: "`") { backticks += 1 }
            let afterBlank = index == line.lowerBound || bytes[index - 1] == 0x20 || bytes[index - 1] == 0x09
            if backticks % 2 == 0, afterBlank, byte | 0x20 == UInt8(ascii: "h") || byte | 0x20 == UInt8(ascii: "m"),
                let length = addressLength(bytes, at: index, end: line.upperBound)
            {
                output.append(contentsOf: bytes[copied..<index])
                output.append(UInt8(ascii: "<"))
                output.append(contentsOf: bytes[index..<(index + length)])
                output.append(UInt8(ascii: ">"))
                index += length
                copied = index
                continue
            }
            index += 1
        }
        output.append(contentsOf: bytes[copied..<line.upperBound])
    }

    /// The length in bytes of the address starting at `start`, without trailing punctuation,
    /// when it is a web or mail link.
    private static func addressLength(_ bytes: UnsafeBufferPointer<UInt8>, at start: Int, end: Int) -> Int? {
        guard
            TextBytes.hasPrefix("http://", at: start, in: bytes)
                || TextBytes.hasPrefix("https://", at: start, in: bytes)
                || TextBytes.hasPrefix("mailto:", at: start, in: bytes)
        else { return nil }
        // The word: up to white space, `<` or `>`.
        var wordEnd = start
        while wordEnd < end {
            let byte = bytes[wordEnd]
            if byte < 0x80 {
                if TextBytes.isASCIISpace(byte) || byte == UInt8(ascii: "<") || byte == UInt8(ascii: ">") { break }
            } else if TextBytes.unicodeSpaceLength(bytes, wordEnd) > 0 {
                break
            }
            wordEnd += 1
        }
        var word = Substring(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<wordEnd]), as: UTF8.self))
        while let last = word.last, ".,;:!?)]}'\"»”’*_".contains(last) { word = word.dropLast() }
        let address = String(word)
        guard word.count > 8, WebLink.resolve(address, against: nil) == address else { return nil }
        return address.utf8.count
    }
}
