import DigestCore

/// The first page: every message of the build, with subject (or reader), recipients, sizes
/// and items; for personal messages a reader picker and the readers who get none.
enum IndexPage {
    /// The page for `snapshot`.
    static func render(_ snapshot: PreviewLibrary.Snapshot) -> String {
        let content = snapshot.content
        var body = "<h1>Messages</h1>\n"
        if let readers = content.readers {
            let gets = Counted.phrase(content.messages.count + readers.notKept, "personal message")
            let none =
                readers.absent.isEmpty
                ? "" : "; \(Counted.phrase(readers.absent.count, "reader gets", "readers get")) none"
            body += """
                <p class="muted">\(Counted.phrase(readers.listed, "reader")) in \
                <code>\(HTMLEscape.text(readers.file))</code>: \(gets), each made as \
                <code>digest build --subscribers</code> makes it\(none).</p>
                \(ReaderPicker.render(content))
                """
        }
        body += PreviewPage.sizeWarnings(content.sizeWarnings)
        if content.messages.isEmpty {
            let note = content.emptyNote ?? "Nothing was built yet."
            body += "<p class=\"empty\">\(HTMLEscape.text(note)) Nothing would be written.</p>\n"
        } else {
            let personal = content.readers != nil
            let rows = content.messages.enumerated().map { index, entry -> String in
                let number = index + 1
                let recipients = entry.message.to.map(\.description).joined(separator: ", ")
                let first =
                    personal
                    ? "<td><a href=\"/messages/\(number)\">\(HTMLEscape.text(recipients))</a></td>"
                        + "<td>\(HTMLEscape.text(entry.reader.map(ReaderPicker.topics) ?? ""))</td>"
                    : "<td><a href=\"/messages/\(number)\">\(HTMLEscape.text(entry.message.subject.value))</a></td>"
                        + "<td>\(HTMLEscape.text(recipients))</td>"
                return """
                    <tr>\(first)\
                    <td class="num">\(entry.itemCount)</td>\
                    \(HTMLSizeNote.cell(entry, budget: content.htmlBudget))\
                    <td class="num">\(ByteCount.format(entry.size))</td>\
                    <td><code>\(HTMLEscape.text(entry.fileName))</code></td></tr>
                    """
            }
            let heads = personal ? "<th>Reader</th><th>Topics</th>" : "<th>Subject</th><th>To</th>"
            body += """
                <table class="list">
                <thead><tr>\(heads)<th>Items</th><th title="the HTML part, as Gmail counts it">HTML</th>\
                <th title="the .eml file">Size</th><th>File</th></tr></thead>
                <tbody>
                \(rows.joined(separator: "\n"))
                </tbody>
                </table>
                <p class="muted">HTML: the HTML part decoded, in KB of 1,024 bytes, against the \
                \(ByteCount.kilobytes(content.htmlBudget)) budget; Gmail clips past \
                \(ByteCount.kilobytes(ClippingCheck.limit)).</p>

                """
        }
        body += ReaderPicker.absentReaders(content)
        body += PreviewPage.warnings(content.warnings)
        return PreviewPage.render(title: "Messages", snapshot: snapshot, body: body)
    }
}
