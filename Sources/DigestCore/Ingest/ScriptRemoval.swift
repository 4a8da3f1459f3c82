import Foundation

/// `<script>` and `<style>` elements, with everything inside them, removed from a listing's or
/// a note's Markdown: cmark leaves out the tags (raw HTML is off) but would keep the code
/// between them as visible text.
enum ScriptRemoval {
    /// `markdown` without any `<script …>…</script>` or `<style …>…</style>` (an unclosed one runs to the end).
    static func apply(_ markdown: String) -> String {
        let mayHave = TextBytes.withBytes(markdown) { bytes in
            TextBytes.contains("<script", in: bytes) || TextBytes.contains("<style", in: bytes)
        }
        guard mayHave else { return markdown }
        var text = markdown
        for name in ["script", "style"] {
            var searchStart = text.startIndex
            while let open = text.range(of: "<" + name, options: .caseInsensitive, range: searchStart..<text.endIndex) {
                // `<scripture>` is not a script.
                let after = open.upperBound < text.endIndex ? text[open.upperBound] : ">"
                guard after == ">" || after == " " || after == "\t" || after == "\n" || after == "/" else {
                    searchStart = open.upperBound
                    continue
                }
                let close = text.range(
                    of: "</" + name, options: .caseInsensitive, range: open.upperBound..<text.endIndex)
                let end =
                    close.map {
                        text[$0.upperBound...].firstIndex(of: ">").map { text.index(after: $0) } ?? text.endIndex
                    }
                    ?? text.endIndex
                text.replaceSubrange(open.lowerBound..<end, with: "")
                searchStart = open.lowerBound
            }
        }
        return text
    }
}
