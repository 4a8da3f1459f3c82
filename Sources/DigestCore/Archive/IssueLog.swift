import Foundation

/// The issue numbers a list has given, kept in `issues.json` beside the messages: one entry
/// per window, so rebuilding a window keeps its number and a new window gets the next one.
///
/// The file is small JSON, written atomically; an editor may correct a number by hand.
package struct IssueLog: Sendable {
    /// The log's file name inside the output folder.
    package static let fileName = "issues.json"

    /// One numbered window.
    struct Entry: Codable, Equatable {
        var since: String
        var until: String
        var number: Int
        var volume: Int
    }

    private struct File: Codable {
        var issues: [Entry]
    }

    /// The log file's path.
    package let path: String

    /// The log of the output folder `folder` (nothing is read or written yet).
    package init(folder: String) {
        path = folder.hasSuffix("/") ? folder + IssueLog.fileName : folder + "/" + IssueLog.fileName
    }

    /// The number of `window`: the one it already has, else the next one. Nothing is written.
    ///
    /// - Returns: nil when `numbering` is ``IssueNumbering/none``.
    /// - Throws: ``DigestError/unreadable(path:reason:)`` when the log is not one digest wrote.
    package func number(for window: DateWindow, numbering: IssueNumbering) throws(DigestError) -> IssueNumber? {
        guard numbering != .none else { return nil }
        let entries = try read()
        if let known = entries.first(where: { $0.since == "\(window.since)" && $0.until == "\(window.until)" }) {
            return IssueNumber(number: known.number, volume: numbering == .volume ? known.volume : nil)
        }
        let volume = window.until.year
        let number: Int
        switch numbering {
        case .volume: number = (entries.filter { $0.volume == volume }.map(\.number).max() ?? 0) + 1
        default: number = (entries.map(\.number).max() ?? 0) + 1
        }
        return IssueNumber(number: number, volume: numbering == .volume ? volume : nil)
    }

    /// Records that `window` has `issue`, unless it has a number already.
    package func record(_ issue: IssueNumber, for window: DateWindow) throws(DigestError) {
        var entries = try read()
        guard !entries.contains(where: { $0.since == "\(window.since)" && $0.until == "\(window.until)" }) else {
            return
        }
        entries.append(
            Entry(
                since: "\(window.since)", until: "\(window.until)", number: issue.number,
                volume: issue.volume ?? window.until.year))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(File(issues: entries)) else {
            throw .unwritable(path: path, reason: "the issue log could not be encoded")
        }
        try AtomicFile.write([UInt8](data) + [10], to: path)
    }

    /// The entries, oldest first; none when there is no log yet.
    func read() throws(DigestError) -> [Entry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes = try SourceFile.bytes(path, limit: 16 << 20)
        do {
            return try JSONDecoder().decode(File.self, from: Data(bytes)).issues
        } catch {
            throw .unreadable(
                path: path, reason: "it is not an issue log ({\"issues\": [{since, until, number, volume}]}): \(error)")
        }
    }
}
