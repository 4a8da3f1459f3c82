/// The title of an item that has none (a Mastodon post, a JSON Feed microblog entry, RSS 0.92):
/// the start of its text, a sentence or about 80 characters cut on a word boundary.
enum UntitledItem {
    /// The longest excerpt, in characters, before it is cut.
    static let length = 80

    /// A title from an HTML summary; empty when the summary has no text.
    static func title(fromHTML html: String) -> String {
        title(fromText: HTMLToMarkdown.plainText(html))
    }

    /// A title from plain text: its first sentence when short enough, else its first words
    /// up to ``length`` characters and an ellipsis.
    static func title(fromText text: String) -> String {
        let words = HTMLToMarkdown.collapse(text).trimmingWhitespace
        guard !words.isEmpty else { return "" }
        let characters = Array(words.prefix(length + 1))
        // A sentence: up to the first `.`, `!` or `?` followed by a space, within the length.
        for (offset, character) in characters.enumerated() where ".!?".contains(character) {
            if offset + 1 == characters.count || characters[offset + 1] == " " {
                if offset + 1 <= length { return String(characters[...offset]) }
                break
            }
        }
        guard words.count > length else { return words }
        var cut = String(characters.prefix(length))
        if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) >= length / 2 {
            cut = String(cut[..<space])
        }
        return cut.trimmingWhitespace.trimmingTrailingPunctuation + "…"
    }
}

extension String {
    fileprivate var trimmingTrailingPunctuation: String {
        var result = self
        while let last = result.last, ",;:-–—".contains(last) { result.removeLast() }
        return result.trimmingWhitespace
    }
}
