import Foundation

/// The longest title, topic and summary an item keeps: beyond them a source is not writing a
/// newsletter item, and cutting keeps every later stage (rendering, encoding, the check, the
/// messages that quote an item) linear and the message readable.
package enum ItemLimits {
    /// Characters of a title.
    package static let title = 300
    /// Characters of a topic.
    package static let topic = 100
    /// Characters of a summary (CommonMark).
    package static let summary = 20_000

    /// The start of raw input (HTML, a feed's title) that is enough to make a field of
    /// `limit` characters: a few times the limit, so markup and whitespace still leave a full
    /// field, while a 4 MB title costs no more than a normal one to convert.
    package static func bounded(_ text: String, to limit: Int) -> String {
        let enough = limit * 4
        guard text.utf8.count > enough else { return text }
        return String(text.prefix(enough))
    }

    /// `text` when it has at most `limit` characters, else its start cut on a paragraph break
    /// or a space (when one is in the second half) and ` …` appended.
    package static func cut(_ text: String, to limit: Int) -> String {
        guard text.utf8.count > limit, text.count > limit else { return text }
        var start = String(text.prefix(limit))
        if let paragraph = start.range(of: "\n\n", options: .backwards),
            start.distance(from: start.startIndex, to: paragraph.lowerBound) >= limit / 2
        {
            start = String(start[..<paragraph.lowerBound])
        } else if let space = start.lastIndex(where: { $0 == " " || $0 == "\n" }),
            start.distance(from: start.startIndex, to: space) >= limit / 2
        {
            start = String(start[..<space])
        }
        // A trailing backslash would escape the ellipsis's space in CommonMark.
        while start.hasSuffix("\\") { start.removeLast() }
        return start + " …"
    }
}
