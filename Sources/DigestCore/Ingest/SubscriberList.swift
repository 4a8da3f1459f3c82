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

        // Each row on its own first, on every core (its address checked, its topics split),
        // then in order: duplicates and unknown topics.
        let rows = Parallel.map(Array(records.dropFirst())) { record in
            SubscriberRow(record, columns: columns.count, email: emailColumn, name: nameColumn, topics: topicsColumn)
        }
        var subscribers: [Subscriber] = []
        var rejected: [Diagnostic] = []
        var seen: [String: Int] = [:]
        for row in rows {
            let location = SourceLocation(file: path, line: row.line)
            func reject(_ problem: String) {
                rejected.append(Diagnostic(location: location, problem: problem, skipped: "reader \(row.who)"))
            }
            let mailbox: Mailbox
            switch row.reading {
            case .failure(let problem):
                reject(problem.text)
                continue
            case .success(let read): mailbox = read
            }
            let key = mailbox.address.lowercased()
            if let first = seen[key] {
                reject("the address is already listed at line \(first)")
                continue
            }
            if let knownTopics, let unknown = row.topics.first(where: { !knownTopics.contains($0.lowercased()) }) {
                reject("the topic “\(unknown)” is not one the sources or the configuration know")
                continue
            }
            seen[key] = row.line
            subscribers.append(Subscriber(mailbox: mailbox, topics: row.topics, origin: location))
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

/// One row of the list read on its own: its address checked, its topics split.
private struct SubscriberRow: Sendable {
    /// Why a row is rejected, as the diagnostic says it.
    struct Problem: Error {
        var text: String
    }

    var line: Int
    /// How the diagnostics name the reader: the address as written, or the line.
    var who: String
    var reading: Result<Mailbox, Problem>
    var topics: [String] = []

    init(_ record: CSVReader.Record, columns: Int, email: Int, name: Int?, topics topicsColumn: Int?) {
        line = record.line
        let rawEmail = record.fields.indices.contains(email) ? record.fields[email] : ""
        who = rawEmail.isEmpty ? "at line \(record.line)" : "“\(rawEmail)”"
        guard record.fields.count == columns else {
            reading = .failure(Problem(text: "the row has \(record.fields.count) fields, the header \(columns)"))
            return
        }
        let name = name.map { record.fields[$0].trimmingCharacters(in: .whitespaces) } ?? ""
        do {
            reading = .success(try Mailbox(displayName: name.isEmpty ? nil : name, address: rawEmail))
        } catch {
            let text = "\(error)".replacingOccurrences(of: ".", with: "", options: [.anchored, .backwards])
            reading = .failure(Problem(text: text))
            return
        }
        topics = (topicsColumn.map { record.fields[$0] } ?? "").split(separator: ";")
            .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
