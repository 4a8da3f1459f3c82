import DigestCore

/// The first page: every message of the build, with subject, recipients, size and items.
enum IndexPage {
    /// The page for `snapshot`.
    static func render(_ snapshot: PreviewLibrary.Snapshot) -> String {
        let content = snapshot.content
        var body = "<h1>Messages</h1>\n"
        if content.messages.isEmpty {
            let note = content.emptyNote ?? "Nothing was built yet."
            body += "<p class=\"empty\">\(HTMLEscape.text(note)) Nothing would be written.</p>\n"
        } else {
            let rows = content.messages.enumerated().map { index, entry in
                let number = index + 1
                let recipients = entry.message.to.map(\.description).joined(separator: ", ")
                return """
                    <tr><td><a href="/messages/\(number)">\(HTMLEscape.text(entry.message.subject.value))</a></td>\
                    <td>\(HTMLEscape.text(recipients))</td>\
                    <td class="num">\(ByteCount.format(entry.size))</td>\
                    <td class="num">\(entry.itemCount)</td>\
                    <td><code>\(HTMLEscape.text(entry.fileName))</code></td></tr>
                    """
            }
            body += """
                <table class="list">
                <thead><tr><th>Subject</th><th>To</th><th>Size</th><th>Items</th><th>File</th></tr></thead>
                <tbody>
                \(rows.joined(separator: "\n"))
                </tbody>
                </table>

                """
        }
        body += PreviewPage.warnings(content.warnings)
        return PreviewPage.render(title: "Messages", snapshot: snapshot, body: body)
    }
}
