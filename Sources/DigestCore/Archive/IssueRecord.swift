import Foundation

/// What an issue held, written as JSON beside its message (`<name>.json` next to `<name>.eml`)
/// so the archive can list the events of every issue without reading them back out of HTML.
package struct IssueRecord: Codable, Sendable, Equatable {
    /// One item of the issue.
    package struct Entry: Codable, Sendable, Equatable {
        /// The item's stable id.
        package var id: String
        /// The title, plain text.
        package var title: String
        /// `news`, `publication` or `event`.
        package var kind: String
        /// The publication date or the event's first day, `YYYY-MM-DD`.
        package var date: String
        /// An event's last day, `YYYY-MM-DD`.
        package var end: String?
        /// Where to read more.
        package var link: String?
        /// The item's topics.
        package var topics: [String]
    }

    /// The newsletter's name.
    package var name: String
    /// The window's first day, `YYYY-MM-DD`.
    package var since: String
    /// The window's last day, `YYYY-MM-DD`.
    package var until: String
    /// The issue's number, if the list numbers its issues.
    package var issue: IssueNumber?
    /// The issue label as the reader saw it (`Vol. 2019, No. 3`).
    package var label: String?
    /// The reader's locale (`en`, `fr_FR`).
    package var locale: String
    /// The items, in the order of the message.
    package var items: [Entry]

    /// The record of `digest`.
    package init(digest: Digest, name: String, issue: IssueNumber?, language: ReaderLanguage = .english) {
        self.name = name
        since = "\(digest.window.since)"
        until = "\(digest.window.until)"
        self.issue = issue
        label = issue?.label(language)
        locale = language.locale
        items = digest.items.map { item in
            Entry(
                id: item.id, title: item.title, kind: item.kind.rawValue, date: "\(item.date)",
                end: item.end.map { "\($0)" }, link: item.link, topics: item.topics)
        }
    }

    /// The sidecar's path for a message file: `x.eml` → `x.json`.
    package static func path(forMessage path: String) -> String {
        (path.hasSuffix(".eml") ? String(path.dropLast(4)) : path) + ".json"
    }

    /// Writes the record beside the message at `messagePath`, atomically.
    package func write(besideMessage messagePath: String) throws(DigestError) {
        let path = IssueRecord.path(forMessage: messagePath)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self) else {
            throw .unwritable(path: path, reason: "the issue record could not be encoded")
        }
        try AtomicFile.write([UInt8](data) + [10], to: path)
    }

    /// Reads the record beside the message at `messagePath`; nil when there is none or it is unreadable.
    package static func read(besideMessage messagePath: String) -> IssueRecord? {
        guard let data = FileManager.default.contents(atPath: path(forMessage: messagePath)) else { return nil }
        return try? JSONDecoder().decode(IssueRecord.self, from: data)
    }
}
