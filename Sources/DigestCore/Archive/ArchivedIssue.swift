/// One message of the output folder as the archive sees it.
struct ArchivedIssue: Sendable {
    /// The message file.
    var path: String
    /// The page's file name in the archive: `digest-2019-03-20-to-2019-04-19.html`.
    var page: String
    /// The decoded subject.
    var subject: String
    /// The Date header, if valid.
    var date: MailDate?
    /// The HTML body (or the text body as preformatted HTML).
    var html: String
    /// The sender's display name or address.
    var author: String
    /// The List-Id's identifier (`weekly.example.org`), or nil.
    var listID: String?
    /// The sidecar written with the message, if any.
    var record: IssueRecord?

    /// The day the archive sorts by: the window's last day, else the Date's day.
    var sortKey: String {
        record?.until ?? date.map { "\($0.day)" } ?? ""
    }

    /// Reads the message at `path`.
    static func read(path: String) throws(DigestError) -> ArchivedIssue {
        let bytes = try SourceFile.bytes(path, limit: 32 << 20)
        let message = try MessageReader(bytes, path: path)
        guard let body = message.html ?? message.text.map({ "<pre>\(ArchiveText.escape($0))</pre>" }) else {
            throw .unreadableMessage(path: path, reason: "it has no text/html or text/plain part")
        }
        let name = path.split(separator: "/").last.map(String.init) ?? path
        let stem = name.hasSuffix(".eml") ? String(name.dropLast(4)) : name
        var listID = message.value(of: "List-Id")
        if let id = listID, let open = id.lastIndex(of: "<"), let close = id.lastIndex(of: ">"), open < close {
            listID = String(id[id.index(after: open)..<close])
        }
        var author = message.value(of: "From") ?? ""
        if let open = author.firstIndex(of: "<"), open > author.startIndex {
            author = String(author[..<open]).trimmingWhitespace
            if author.hasPrefix("\""), author.hasSuffix("\""), author.count >= 2 {
                author = String(author.dropFirst().dropLast())
            }
        }
        return ArchivedIssue(
            path: path, page: ArchiveText.safeName(stem) + ".html", subject: message.value(of: "Subject") ?? stem,
            date: message.date, html: body, author: author.isEmpty ? "digest" : author, listID: listID,
            record: IssueRecord.read(besideMessage: path))
    }
}
