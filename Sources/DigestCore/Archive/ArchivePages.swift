import Foundation

/// The archive's HTML: the index of issues, newest first, and each issue's page, its email
/// body with links to the previous (older) and next (newer) issue and to the index.
struct ArchivePages {
    /// The newsletter's name.
    var name: String
    /// The words and dates.
    var language: ReaderLanguage
    /// The issues, newest first.
    var issues: [ArchivedIssue]
    /// The feed's and the calendar's file names.
    var feed: String
    var calendar: String

    /// `index.html`.
    var index: String {
        let title = ArchiveText.escape("\(name) · \(language["archive"])")
        var html = """
            <!DOCTYPE html>
            <html lang="\(ArchiveText.escape(language.code))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <link rel="alternate" type="application/atom+xml" title="\(ArchiveText.escape(language["feed"]))" href="\(feed)">
            <style>\(ArchivePages.style)</style>
            </head>
            <body>
            <main>
            <h1>\(title)</h1>
            <p class="meta"><a href="\(feed)">\(ArchiveText.escape(language["feed"]))</a> · <a href="\(calendar)">\(ArchiveText.escape(language["calendar"]))</a></p>
            <ol class="issues">

            """
        for issue in issues {
            var meta: [String] = []
            if let label = issue.record?.issue?.label(language) ?? issue.record?.label { meta.append(label) }
            if let record = issue.record, let since = Day(iso: record.since), let until = Day(iso: record.until) {
                meta.append(ReaderDates.range(since, until, language))
            } else if let date = issue.date {
                meta.append(ReaderDates.day(date.day, language))
            }
            let count = issue.record.map { " · " + language.counted("items", $0.items.count) } ?? ""
            html +=
                "<li><a href=\"\(ArchiveText.escape(issue.page))\">\(ArchiveText.escape(issue.subject))</a>"
                + "<br><span class=\"meta\">\(ArchiveText.escape(meta.joined(separator: " · ") + count))</span></li>\n"
        }
        return html + "</ol>\n</main>\n</body>\n</html>\n"
    }

    /// The page of the issue at `position` in `issues`.
    func page(_ position: Int) -> String {
        let issue = issues[position]
        let older = position + 1 < issues.count ? issues[position + 1] : nil
        let newer = position > 0 ? issues[position - 1] : nil
        let nav = navigation(older: older, newer: newer)
        var body = issue.html
        if let open = body.range(of: "<body", options: .caseInsensitive),
            let end = body[open.upperBound...].firstIndex(of: ">")
        {
            let after = body.index(after: end)
            body.insert(contentsOf: "\n" + nav + "\n", at: after)
            if let close = body.range(of: "</body>", options: [.caseInsensitive, .backwards]) {
                body.insert(contentsOf: nav + "\n", at: close.lowerBound)
            }
            return body
        }
        return """
            <!DOCTYPE html>
            <html lang="\(ArchiveText.escape(language.code))">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(ArchiveText.escape(issue.subject))</title>
            </head>
            <body>
            \(nav)
            \(body)
            \(nav)
            </body>
            </html>

            """
    }

    private func navigation(older: ArchivedIssue?, newer: ArchivedIssue?) -> String {
        let style =
            "font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',Roboto,Helvetica,Arial,sans-serif;"
            + "font-size:14px;line-height:20px;text-align:center;padding:12px;color:#5f6b76;"
        func link(_ issue: ArchivedIssue?, _ word: String, _ rel: String) -> String {
            guard let issue else { return "<span style=\"color:#a3adb8;\">\(ArchiveText.escape(word))</span>" }
            return "<a rel=\"\(rel)\" href=\"\(ArchiveText.escape(issue.page))\" style=\"color:#0b5cad;\">"
                + "\(ArchiveText.escape(word))</a>"
        }
        return "<nav class=\"archive-nav\" style=\"\(style)\">"
            + link(older, "← " + language["previousIssue"], "prev") + " · "
            + "<a href=\"index.html\" style=\"color:#0b5cad;\">\(ArchiveText.escape(language["allIssues"]))</a> · "
            + link(newer, language["nextIssue"] + " →", "next") + "</nav>"
    }

    private static let style =
        "body{margin:0;background:#eef1f4;color:#14181d;font-family:-apple-system,BlinkMacSystemFont,'Segoe UI',"
        + "Roboto,Helvetica,Arial,sans-serif;}main{max-width:640px;margin:0 auto;padding:24px 16px;}"
        + "a{color:#0b5cad;}.meta{color:#5f6b76;font-size:14px;}.issues li{margin:0 0 14px 0;}"
        + "@media (prefers-color-scheme: dark){body{background:#0f1114;color:#e6e9ec;}a{color:#8cb8ff;}"
        + ".meta{color:#a3adb8;}}"
}
