/// The Atom 1.0 feed (RFC 4287) of the archive's issues, newest first. Links are relative to
/// the feed's own address, so the folder works wherever it is served.
struct ArchiveFeed {
    /// The feed's title.
    var title: String
    /// The language, for `xml:lang`.
    var language: ReaderLanguage
    /// A stable identity for the list (its List-Id, else its name).
    var listKey: String
    /// The issues, newest first.
    var issues: [ArchivedIssue]
    /// The feed file's name, for its `self` link.
    var fileName: String

    /// The feed document.
    var text: String {
        let newest = issues.compactMap(\.date).map(\.secondsSinceEpoch).max() ?? 0
        var xml = """
            <?xml version="1.0" encoding="utf-8"?>
            <feed xmlns="http://www.w3.org/2005/Atom" xml:lang="\(ArchiveText.escape(language.code))">
              <title>\(ArchiveText.escape(title))</title>
              <id>\(ArchiveText.uuidURN("feed " + listKey))</id>
              <updated>\(ArchiveText.rfc3339(MailDate(secondsSinceEpoch: newest)))</updated>
              <link rel="self" type="application/atom+xml" href="\(ArchiveText.escape(fileName))"/>
              <link rel="alternate" type="text/html" href="index.html"/>
              <author><name>\(ArchiveText.escape(issues.first?.author ?? title))</name></author>
              <generator>digest</generator>

            """
        for issue in issues {
            let updated = ArchiveText.rfc3339(issue.date ?? MailDate(secondsSinceEpoch: newest))
            let titles = issue.record?.items.map(\.title) ?? []
            xml += """
                  <entry>
                    <title>\(ArchiveText.escape(issue.subject))</title>
                    <id>\(ArchiveText.uuidURN("issue " + listKey + " " + issue.page))</id>
                    <updated>\(updated)</updated>
                    <published>\(updated)</published>
                    <link rel="alternate" type="text/html" href="\(ArchiveText.escape(issue.page))"/>
                    <author><name>\(ArchiveText.escape(issue.author))</name></author>

                """
            if !titles.isEmpty {
                xml += "    <summary type=\"text\">\(ArchiveText.escape(titles.joined(separator: " · ")))</summary>\n"
            }
            xml += "  </entry>\n"
        }
        return xml + "</feed>\n"
    }
}
