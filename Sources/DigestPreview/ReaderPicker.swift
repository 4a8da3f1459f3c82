import DigestCore

/// The reader picker of a personal preview: a list box of every reader with a message that
/// opens theirs (the preview's script follows the choice; without script the index's table
/// links each one), and the readers who get none, with why.
enum ReaderPicker {
    /// The picker for `content`, with message `current` (1-based) chosen; empty when the
    /// messages are not personal ones.
    static func render(_ content: PreviewContent, current: Int? = nil) -> String {
        guard let readers = content.readers, !content.messages.isEmpty else { return "" }
        let prompt = current == nil ? "<option value=\"\" selected>Choose a reader…</option>\n" : ""
        let options = content.messages.enumerated().map { index, entry -> String in
            let number = index + 1
            let chosen = number == current ? " selected" : ""
            let label = (entry.reader?.mailbox.description ?? "") + " · " + Counted.phrase(entry.itemCount, "item")
            return "<option value=\"/messages/\(number)\"\(chosen)>\(HTMLEscape.text(label))</option>"
        }.joined(separator: "\n")
        let more =
            readers.notKept == 0
            ? ""
            : """
             <span class="muted">\(Counted.phrase(readers.notKept, "more reader")) not kept in the preview \
            (it keeps \(Counted.grouped(PreviewContent.readerLimit))); open one with \
            <code>--reader ADDRESS</code>.</span>
            """
        return """
            <nav class="picker" aria-label="Readers"><label for="reader">Reader</label> \
            <select id="reader" data-picker>
            \(prompt)\(options)
            </select>\(more)</nav>

            """
    }

    /// The readers of `content` who get no message, as a list; empty when there are none.
    static func absentReaders(_ content: PreviewContent) -> String {
        guard let readers = content.readers, !readers.absent.isEmpty else { return "" }
        let rows = readers.absent.map { absent -> String in
            "<li>\(HTMLEscape.text(absent.subscriber.mailbox.description)): \(absent.reason)</li>"
        }.joined(separator: "\n")
        return """
            <h2 id="no-message">\(Counted.phrase(readers.absent.count, "reader")) without a message</h2>
            <ul class="absent">
            \(rows)
            </ul>

            """
    }

    /// What a reader follows, in words.
    static func topics(of reader: Subscriber) -> String {
        reader.followsEverything ? "every topic" : reader.topics.joined(separator: ", ")
    }
}
