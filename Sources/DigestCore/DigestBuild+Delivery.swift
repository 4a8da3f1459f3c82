import Foundation

extension DigestBuild {
    /// What ``write(into:lineEnding:mbox:)`` built and wrote.
    package struct WrittenIssue: Sendable {
        /// The run: its selection, message, skipped items and warnings.
        package var outcome: Outcome
        /// The message file; nil when the selection was empty and nothing was written.
        package var path: String?
        /// The messages a sender should check before sending: the one written, or none.
        package var toCheck: [String] { path.map { [$0] } ?? [] }
        /// The message written, as the state store records it (its first `To` address as the
        /// recipient: sendmail -t reads them all from the headers); empty when none was.
        package var messages: [BuiltMessage] = []
        /// The ids of the items the message carries.
        package var itemIDs: [String] { outcome.digest.items.map(\.id) }
    }

    /// Builds the issue and writes it into `folder`: the message (named after its window),
    /// beside it the record of its items that `digest archive` reads, the window's number in
    /// the folder's issue log when ``Settings/issue`` is set, and, with `mbox`, the message as
    /// an mbox file too. An empty selection writes nothing.
    package func write(into folder: String, lineEnding: LineEnding = .crlf, mbox: String? = nil) throws(DigestError)
        -> WrittenIssue
    {
        let outcome = try run()
        guard let message = outcome.message else { return WrittenIssue(outcome: outcome, path: nil) }
        let path = try DigestFolder(path: folder).write(
            message, named: DigestFolder.fileName(for: outcome.digest.window), lineEnding: lineEnding)
        if let issue = settings.issue {
            try IssueLog(folder: (path as NSString).deletingLastPathComponent).record(
                issue, for: outcome.digest.window)
        }
        try IssueRecord(
            digest: outcome.digest, name: settings.name, issue: settings.issue, language: settings.templates.language
        )
        .write(besideMessage: path)
        if let mbox { try Mbox.write([message], to: mbox) }
        var written = WrittenIssue(outcome: outcome, path: path)
        written.messages = [
            BuiltMessage(recipient: message.to.first?.address ?? "", messageID: message.messageID, file: path)
        ]
        return written
    }

    /// What ``writePersonal(_:into:lineEnding:progress:)`` built and wrote.
    package struct WrittenPersonalIssue: Sendable {
        /// The run: messages written, readers with nothing, rows rejected, items skipped.
        package var outcome: PersonalOutcome
        /// The window's folder the messages went into, `<folder>/<window>`.
        package var folder: String
        /// The messages a sender should check: one of each kind (see ``checkSampleLimit``).
        package var toCheck: [String]
        /// Every message written, one per reader in list order, as the state store records them.
        package var messages: [BuiltMessage]
    }

    /// How many kinds of reader ``writePersonal(_:into:lineEnding:progress:)`` picks a message
    /// to check of, so that checking stays quick on a long list.
    package static let checkSampleLimit = 20

    /// Builds one message per subscriber into `<folder>/<window>/` (named after the reader's
    /// address) and records the window's number in the issue log of `folder` when
    /// ``Settings/issue`` is set and a message was written. The folder appears whole, in
    /// place of an earlier build's, once every message is written (``StagedFolder``); a
    /// build that fails leaves the earlier one as it was.
    ///
    /// Messages of readers with the same topics differ only in greeting, name and unsubscribe
    /// link, so one message of each kind (topics, and with or without a name) stands for its
    /// kind in ``WrittenPersonalIssue/toCheck``, for the first ``checkSampleLimit`` kinds.
    package func writePersonal(
        _ personalization: Personalization, into folder: String, lineEnding: LineEnding = .crlf,
        progress: (Int, Int) -> Void = { _, _ in }
    ) throws(DigestError) -> WrittenPersonalIssue {
        let window = settings.selection.window
        let messages = DigestFolder(path: folder).subfolder(DigestFolder.personalFolderName(for: window))
        let staged = try StagedFolder(final: messages.path)
        var toCheck: [String] = []
        var kinds: Set<String> = []
        var built: [BuiltMessage] = []
        let outcome: PersonalOutcome
        do {
            outcome = try runPersonal(personalization, lineEnding: lineEnding, progress: progress) {
                (personal) throws(DigestError) in
                let path = try staged.write(personal.bytes, named: DigestFolder.fileName(for: personal.subscriber))
                built.append(
                    BuiltMessage(
                        recipient: personal.subscriber.mailbox.address, messageID: personal.message.messageID,
                        file: path))
                let topics = personal.subscriber.topicKeys.map { $0.sorted().joined(separator: ";") } ?? "*"
                let kind = "\(topics)|\(personal.subscriber.name == nil)"
                if kinds.count < Self.checkSampleLimit, kinds.insert(kind).inserted { toCheck.append(path) }
            }
            // With nothing written, an earlier build's folder stays as it was.
            if outcome.written > 0 { try staged.publish() } else { staged.discard() }
        } catch {
            staged.discard()
            throw error
        }
        if outcome.written > 0, let issue = settings.issue {
            try IssueLog(folder: folder).record(issue, for: window)
        }
        return WrittenPersonalIssue(outcome: outcome, folder: messages.path, toCheck: toCheck, messages: built)
    }
}
