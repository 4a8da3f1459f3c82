import Foundation

/// `subscribers.csv`: a header row naming `email`, `name` and `topics` (any order), then one
/// reader per row; topics separated by `;`, an empty topics field meaning every topic.
package struct SubscriberList: Sendable {
    /// The path as the user gave it.
    package let path: String

    /// Creates a list read from `path`.
    package init(path: String) {
        self.path = path
    }

    /// Reads every good row; a bad row (invalid address, unknown topic, duplicate address,
    /// wrong number of fields) becomes a diagnostic and is skipped.
    ///
    /// - Parameter knownTopics: the topics a reader may follow (lower-cased), or nil to accept any.
    /// - Throws: ``DigestError`` when the file cannot be read or has no usable header row.
    package func read(knownTopics: Set<String>?) throws(DigestError) -> (
        subscribers: [Subscriber], rejected: [Diagnostic]
    ) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, reason: "no such file, or not readable")
        }
        guard var text = String(data: data, encoding: .utf8) else {
            let line = SubscriberList.firstInvalidLine(data)
            throw .notUTF8(SourceLocation(file: path, line: line))
        }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let records: [CSVReader.Record]
        switch CSVReader.records(text) {
        case .success(let all): records = all
        case .failure(let error):
            throw .malformedList(SourceLocation(file: path, line: error.line), reason: "a quoted field is never closed")
        }
        guard let header = records.first else {
            throw .malformedList(
                SourceLocation(file: path, line: 1),
                reason: "the file is empty; it needs the header row email,name,topics")
        }
        let columns = header.fields.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
        guard let emailColumn = columns.firstIndex(of: "email") else {
            throw .malformedList(
                SourceLocation(file: path, line: header.line),
                reason: "the header row has no “email” column (expected email,name,topics)")
        }
        let nameColumn = columns.firstIndex(of: "name")
        let topicsColumn = columns.firstIndex(of: "topics")

        var subscribers: [Subscriber] = []
        var rejected: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            let location = SourceLocation(file: path, line: record.line)
            func reject(_ problem: String, _ who: String) {
                rejected.append(Diagnostic(location: location, problem: problem, skipped: "reader \(who)"))
            }
            let rawEmail = record.fields.indices.contains(emailColumn) ? record.fields[emailColumn] : ""
            let who = rawEmail.isEmpty ? "at line \(record.line)" : "“\(rawEmail)”"
            guard record.fields.count == columns.count else {
                reject("the row has \(record.fields.count) fields, the header \(columns.count)", who)
                continue
            }
            let name = nameColumn.map { record.fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
            let mailbox: Mailbox
            do {
                mailbox = try Mailbox(displayName: name.isEmpty ? nil : name, address: rawEmail)
            } catch {
                reject("\(error)".replacingOccurrences(of: ".", with: "", options: [.anchored, .backwards]), who)
                continue
            }
            let key = mailbox.address.lowercased()
            if let first = seen[key] {
                reject("the address is already listed at line \(first)", who)
                continue
            }
            let topics = (topicsColumn.map { record.fields[$0] } ?? "").split(separator: ";")
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            if let knownTopics, let unknown = topics.first(where: { !knownTopics.contains($0.lowercased()) }) {
                reject("the topic “\(unknown)” is not one the sources or the configuration know", who)
                continue
            }
            seen[key] = record.line
            subscribers.append(Subscriber(mailbox: mailbox, topics: topics, origin: location))
        }
        return (subscribers, rejected)
    }

    private static func firstInvalidLine(_ data: Data) -> Int {
        var line = 1
        var start = data.startIndex
        for index in data.indices where data[index] == 10 {
            if String(data: data[start..<index], encoding: .utf8) == nil { return line }
            line += 1
            start = index + 1
        }
        return line
    }
}
