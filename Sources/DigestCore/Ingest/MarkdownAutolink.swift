/// Bare `http://`, `https://` and `mailto:` addresses in a listing's or a note's Markdown made
/// autolinks (`<https://…>`): cmark links only those, and the text part shows the address,
/// so without this the HTML part would show it unlinked (and `digest check` would warn that a
/// link is in one part only).
///
/// An address already in a link (`](…)`, `<…>`, `[…]`), in a code span or code block, or
/// followed by punctuation (kept outside the link) is handled as CommonMark would expect.
enum MarkdownAutolink {
    /// `markdown` with every bare web or mail address in angle brackets.
    static func apply(_ markdown: String) -> String {
        guard markdown.contains("http://") || markdown.contains("https://") || markdown.contains("mailto:") else {
            return markdown
        }
        var inFence = false
        return markdown.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            let trimmed = line.drop { $0 == " " }
            if trimmed.hasPrefix("```") || trimmed.hasPrefix("~~~") {
                inFence.toggle()
                return String(line)
            }
            if inFence || line.hasPrefix("    ") || line.hasPrefix("\t") { return String(line) }
            return linkLine(line)
        }.joined(separator: "\n")
    }

    private static func linkLine(_ line: Substring) -> String {
        var result = ""
        var backticks = 0
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character == "`" { backticks += 1 }
            let rest = line[index...]
            let previous = index == line.startIndex ? " " : line[line.index(before: index)]
            if backticks % 2 == 0, previous == " " || previous == "\t",
                let address = address(at: rest)
            {
                result += "<" + address + ">"
                index = line.index(index, offsetBy: address.count)
                continue
            }
            result.append(character)
            index = line.index(after: index)
        }
        return result
    }

    /// The address starting `text`, without trailing punctuation, when it is a web or mail link.
    private static func address(at text: Substring) -> String? {
        let lower = text.prefix(8).lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else {
            return nil
        }
        var word = text.prefix { !$0.isWhitespace && $0 != "<" && $0 != ">" }
        while let last = word.last, ".,;:!?)]}'\"»”’*_".contains(last) { word = word.dropLast() }
        guard word.count > 8, WebLink.resolve(String(word), against: nil) == String(word) else { return nil }
        return String(word)
    }
}
