import Foundation

/// Reads what earlier versions of digest left in an output folder into a new state store:
/// the issue numbers of `issues.json`, the items of each message's `.json` record, each
/// message (a `digest-<window>.eml` for the list, or `<window>/<reader>.eml` per reader) as a
/// delivery, and `sent.log`'s outcomes, so that a message sent before the store existed is
/// not sent again. The files are left as they are.
struct LegacyImport {
    let folder: String

    private struct Found {
        var window: DateWindow
        var label: IssueNumber?
        var itemIDs: [String] = []
        var messages: [BuiltMessage] = []
    }

    func run(into store: StateStore) throws(DigestError) {
        let files = FileManager.default
        guard let names = try? files.contentsOfDirectory(atPath: folder) else { return }
        let base = folder.hasSuffix("/") ? folder : folder + "/"
        var found: [String: Found] = [:]
        func entry(_ window: DateWindow) -> String {
            let key = "\(window.since) \(window.until)"
            if found[key] == nil { found[key] = Found(window: window) }
            return key
        }
        for legacy in (try? IssueLog(folder: folder).read()) ?? [] {
            guard let since = Day(iso: legacy.since), let until = Day(iso: legacy.until) else { continue }
            let key = entry(DateWindow(since: since, until: until))
            found[key]?.label = IssueNumber(number: legacy.number, volume: legacy.volume)
        }
        for name in names.sorted() {
            if name.hasPrefix("digest-"), name.hasSuffix(".eml"),
                let window = LegacyImport.window(name.dropFirst(7).dropLast(4))
            {
                let key = entry(window)
                let path = base + name
                if let record = IssueRecord.read(besideMessage: path) { found[key]?.itemIDs = record.items.map(\.id) }
                if let message = LegacyImport.message(path) { found[key]?.messages.append(message) }
            } else if let window = LegacyImport.window(Substring(name)) {
                var isFolder: ObjCBool = false
                guard files.fileExists(atPath: base + name, isDirectory: &isFolder), isFolder.boolValue else {
                    continue
                }
                let key = entry(window)
                let readers = (try? files.contentsOfDirectory(atPath: base + name)) ?? []
                for reader in readers.sorted() where reader.hasSuffix(".eml") && !reader.hasPrefix(".") {
                    if let message = LegacyImport.message(base + name + "/" + reader) {
                        found[key]?.messages.append(message)
                    }
                }
            }
        }
        guard !found.isEmpty else { return }
        let sentLog = LegacyImport.sentLog(base + SendLog.fileName)
        let ordered = found.values.sorted { ($0.window.until, $0.window.since) < ($1.window.until, $1.window.since) }
        for issue in ordered {
            let (_, stored) = try store.recordIssue(
                IssueDraft(window: issue.window, label: issue.label, itemIDs: issue.itemIDs, messages: issue.messages))
            for delivery in try store.deliveries(of: stored.id) {
                guard let logged = sentLog[delivery.messageID] else { continue }
                let attempt = try store.beginAttempt(delivery.id, transport: "sendmail (sent.log)", at: logged.time)
                if let outcome = logged.outcome { try store.recordOutcome(attempt, outcome, at: logged.time) }
            }
        }
    }

    /// `2019-03-20-to-2019-04-19` as a window.
    static func window(_ text: Substring) -> DateWindow? {
        let parts = text.split(separator: "-to-", omittingEmptySubsequences: false)
        guard parts.count == 2, let since = Day(iso: parts[0]), let until = Day(iso: parts[1]), since <= until
        else { return nil }
        return DateWindow(since: since, until: until)
    }

    /// The delivery a message file stands for: its first recipient and its Message-ID.
    static func message(_ path: String) -> BuiltMessage? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        let head = [UInt8](handle.readData(ofLength: 64 << 10))
        guard let id = HeaderReader.value(of: "Message-ID", in: head), let to = HeaderReader.value(of: "To", in: head)
        else { return nil }
        let first = to.split(separator: ",").first.map(String.init) ?? to
        let address = (try? Mailbox(parsing: first).address) ?? first.trimmingCharacters(in: .whitespaces)
        return BuiltMessage(recipient: address, messageID: id, file: path)
    }

    /// The last event of each Message-ID in an old `sent.log`.
    static func sentLog(_ path: String) -> [String: (time: Date, outcome: DeliveryOutcome?)] {
        guard let data = FileManager.default.contents(atPath: path) else { return [:] }
        var last: [String: (time: Date, outcome: DeliveryOutcome?)] = [:]
        let formatter = ISO8601DateFormatter()
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 4 else { continue }
            let time = formatter.date(from: fields[0]) ?? Date()
            switch fields[1] {
            case "attempt": last[fields[2]] = (time, nil)
            case "sent": last[fields[2]] = (time, .sent(answer: "sendmail accepted it (from sent.log)"))
            case "failed": last[fields[2]] = (time, .failed(answer: fields.count > 4 ? fields[4] : "failed"))
            default: continue
            }
        }
        return last
    }
}
