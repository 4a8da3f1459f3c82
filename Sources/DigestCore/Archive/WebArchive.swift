import Foundation

/// `digest archive`: a static web archive of the messages in the output folder, with relative
/// links only, so the folder can be copied to any web server.
///
/// It writes `index.html` (the issues, newest first), one page per issue (its HTML body, with
/// links to the previous and next issue), `feed.atom` (Atom 1.0) and `events.ics` (iCalendar,
/// `METHOD:PUBLISH`, every event the issues announced). Events come from the `<name>.json`
/// record written beside each message; a message without one still gets its page.
package struct WebArchive: Sendable {
    /// The feed's file name.
    package static let feedName = "feed.atom"
    /// The calendar's file name.
    package static let calendarName = "events.ics"

    /// What was written.
    package struct Outcome: Sendable {
        /// How many issues the archive has.
        package var issues: Int
        /// How many events the calendar has.
        package var events: Int
        /// Every file written, in the archive folder.
        package var files: [String]
    }

    /// The folder of the messages (`digests`).
    package var messages: String
    /// The archive's folder.
    package var out: String
    /// The newsletter's name, used when the messages do not tell.
    package var name: String
    /// The language of the archive's own words and dates.
    package var language: ReaderLanguage

    /// Creates an archive run.
    package init(messages: String, out: String, name: String, language: ReaderLanguage = .english) {
        self.messages = messages
        self.out = out
        self.name = name
        self.language = language
    }

    /// Reads every message of `messages` and writes the archive into `out`.
    ///
    /// - Throws: ``DigestError/unreadableMessage(path:reason:)`` for a message that cannot be read,
    ///   ``DigestError/unwritable(path:reason:)`` when the archive cannot be written.
    package func write() throws(DigestError) -> Outcome {
        var issues: [ArchivedIssue] = []
        for path in DigestFolder(path: messages).messageFiles() {
            issues.append(try ArchivedIssue.read(path: path))
        }
        issues.sort { ($0.sortKey, $0.page) > ($1.sortKey, $1.page) }
        var seen: Set<String> = []
        for index in issues.indices {
            var page = issues[index].page
            var counter = 2
            while seen.contains(page) || page == "index.html" {
                page = String(issues[index].page.dropLast(5)) + "-\(counter).html"
                counter += 1
            }
            seen.insert(page)
            issues[index].page = page
        }
        let listName = issues.first?.record?.name ?? name
        let listKey = issues.first?.listID ?? listName
        let domain = issues.first?.listID ?? "digest.invalid"
        let pages = ArchivePages(
            name: listName, language: language, issues: issues, feed: WebArchive.feedName,
            calendar: WebArchive.calendarName)
        let calendar = EventCalendar(name: listName, domain: domain, issues: issues.reversed())
        var files: [(String, String)] = [("index.html", pages.index)]
        for position in issues.indices { files.append((issues[position].page, pages.page(position))) }
        files.append(
            (
                WebArchive.feedName,
                ArchiveFeed(
                    title: listName, language: language, listKey: listKey, issues: issues,
                    fileName: WebArchive.feedName
                ).text
            ))
        files.append((WebArchive.calendarName, calendar.text))
        var written: [String] = []
        for (name, text) in files {
            let path = out.hasSuffix("/") ? out + name : out + "/" + name
            try AtomicFile.write(Array(text.utf8), to: path)
            written.append(path)
        }
        return Outcome(issues: issues.count, events: calendar.events.count, files: written)
    }
}
