import Foundation

/// `digest unsubscribes`: the unsubscribe requests that arrived by mail (the list's `mailto:`
/// link), read from a Maildir or an mbox file; each sender who is a subscriber is suppressed
/// and their message moved to the `done` folder, everything else left where it is and reported.
package struct MailUnsubscribes: Sendable {
    /// Where the mail is.
    package enum Source: Sendable {
        /// A Maildir (`new/`, `cur/`); handled messages go to its `.done` subfolder (Maildir++).
        case maildir(String)
        /// An mbox file; handled messages are appended to `<file>.done` and removed from it.
        case mbox(String)
    }

    /// What a run did, one entry per message looked at.
    package struct Report: Sendable {
        /// Messages whose sender is now suppressed: (where it was, the sender).
        package var handled: [(place: String, sender: String)] = []
        /// Requests from an address that is not on the subscriber list, left in place.
        package var unknown: [(place: String, sender: String)] = []
        /// Messages that are no unsubscribe request, left in place, with why.
        package var others: [(place: String, reason: String)] = []
        /// Messages that cannot be read as mail, left in place, with why.
        package var malformed: [(place: String, reason: String)] = []

        /// Whether any message was left for a person to look at.
        package var leftSomething: Bool { !unknown.isEmpty || !others.isEmpty || !malformed.isEmpty }
    }

    /// The unsubscribe address the mail must be sent to.
    let unsubscribe: UnsubscribeAddress
    /// The subscribers' addresses, lower-cased.
    let subscribers: Set<String>
    /// Where suppressions are recorded.
    let store: StateStore

    /// A run for the list's `unsubscribe` address and its `subscribers`, recording in `store`.
    package init(unsubscribe: UnsubscribeAddress, subscribers: some Sequence<String>, store: StateStore) {
        self.unsubscribe = unsubscribe
        self.subscribers = Set(subscribers.map { $0.lowercased() })
        self.store = store
    }

    /// Reads every message of `source` once and acts on it as described above.
    ///
    /// - Throws: ``DigestError`` when the mailbox cannot be read or a message cannot be moved;
    ///   a suppression that could not be recorded leaves its message in place and stops the run.
    package func run(_ source: Source) async throws -> Report {
        switch source {
        case .maildir(let folder): try await runMaildir(folder)
        case .mbox(let file): try await runMbox(file)
        }
    }

    /// The decision on one message; suppresses a known sender.
    private func handle(_ bytes: [UInt8], place: String, report: inout Report) async throws -> Bool {
        switch UnsubscribeMail(bytes, unsubscribe: unsubscribe) {
        case .malformed(let reason):
            report.malformed.append((place, reason))
        case .other(let reason):
            report.others.append((place, reason))
        case .request(let sender):
            guard subscribers.contains(sender) else {
                report.unknown.append((place, sender))
                return false
            }
            try await store.recordUnsubscribe(sender)
            report.handled.append((place, sender))
            return true
        }
        return false
    }

    private func runMaildir(_ folder: String) async throws -> Report {
        let manager = FileManager.default
        var isFolder: ObjCBool = false
        guard manager.fileExists(atPath: "\(folder)/new", isDirectory: &isFolder), isFolder.boolValue,
            manager.fileExists(atPath: "\(folder)/cur")
        else {
            throw DigestError.unreadable(path: folder, reason: "it is not a Maildir (it needs new/ and cur/ folders)")
        }
        let done = "\(folder)/.done"
        var report = Report()
        for sub in ["new", "cur"] {
            let names = ((try? manager.contentsOfDirectory(atPath: "\(folder)/\(sub)")) ?? []).filter {
                !$0.hasPrefix(".")
            }.sorted()
            for name in names {
                let path = "\(folder)/\(sub)/\(name)"
                guard let data = manager.contents(atPath: path) else { continue }  // Gone meanwhile.
                guard try await handle(Array(data), place: "\(sub)/\(name)", report: &report) else { continue }
                for part in ["cur", "new", "tmp"] {
                    try? manager.createDirectory(atPath: "\(done)/\(part)", withIntermediateDirectories: true)
                }
                // Maildir: a message read from new/ moves to cur/ with the "seen" flag.
                let target = sub == "new" && !name.contains(":2,") ? "\(name):2,S" : name
                do {
                    try manager.moveItem(atPath: path, toPath: "\(done)/cur/\(target)")
                } catch {
                    throw DigestError.unwritable(path: "\(done)/cur/\(target)", reason: error.localizedDescription)
                }
            }
        }
        return report
    }

    private func runMbox(_ file: String) async throws -> Report {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw DigestError.unreadable(path: file, reason: "no such file, or not readable")
        }
        let messages = Self.split(mbox: Array(data))
        var report = Report()
        var kept: [UInt8] = []
        var handled: [UInt8] = []
        for (index, message) in messages.enumerated() {
            let place = "message \(index + 1) (line \(message.line))"
            if try await handle(Array(message.body), place: place, report: &report) {
                handled += message.whole
            } else {
                kept += message.whole
            }
        }
        guard !handled.isEmpty else { return report }
        let doneFile = file + ".done"
        let previous = FileManager.default.contents(atPath: doneFile).map(Array.init) ?? []
        try AtomicFile.write(previous + handled, to: doneFile, durable: true)
        try AtomicFile.write(kept, to: file, durable: true)
        return report
    }

    /// The messages of an mbox: each from its `From ` line to the next one after a blank line.
    static func split(mbox bytes: [UInt8]) -> [(line: Int, whole: ArraySlice<UInt8>, body: ArraySlice<UInt8>)] {
        var starts: [(offset: Int, line: Int)] = []
        var offset = 0
        var line = 1
        var previousBlank = true
        while offset < bytes.count {
            let end = bytes[offset...].firstIndex(of: 10) ?? bytes.count
            let text = bytes[offset..<end]
            if previousBlank, text.starts(with: Array("From ".utf8)) { starts.append((offset, line)) }
            previousBlank = text.isEmpty || text == [13]
            offset = end + 1
            line += 1
        }
        return starts.indices.map { index in
            let start = starts[index].offset
            let end = index + 1 < starts.count ? starts[index + 1].offset : bytes.count
            let bodyStart = (bytes[start..<end].firstIndex(of: 10) ?? end - 1) + 1
            return (starts[index].line, bytes[start..<end], bytes[min(bodyStart, end)..<end])
        }
    }
}
