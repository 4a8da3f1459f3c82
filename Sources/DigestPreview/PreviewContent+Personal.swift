package import DigestCore

extension PreviewContent {
    /// The most personal messages one build keeps in memory; the picker says how many more
    /// readers there are, and `--reader` keeps its reader's message whatever their place.
    package static let readerLimit = 1_000

    /// One message per reader of `personalization`, made exactly as `digest build
    /// --subscribers` makes them (the same ``DigestBuild/runPersonal(_:lineEnding:progress:deliver:)``),
    /// with the readers who get none and why.
    ///
    /// - Parameters:
    ///   - build: the run, with its settings.
    ///   - personalization: the readers, their unsubscribe links and the suppressed addresses.
    ///   - file: the subscriber list's path, to name it on the page.
    ///   - reader: an address whose message is kept even past `limit`.
    ///   - limit: how many messages to keep.
    package static func personal(
        _ build: DigestBuild, _ personalization: DigestBuild.Personalization, file: String,
        keeping reader: String? = nil,
        limit: Int = readerLimit
    ) throws(DigestError) -> PreviewContent {
        let folder = DigestFolder.personalFolderName(for: build.settings.selection.window)
        let wanted = reader?.lowercased()
        var messages: [PreviewMessage] = []
        var notKept = 0
        let outcome = try build.runPersonal(personalization) { (personal) throws(DigestError) in
            let isWanted = personal.subscriber.mailbox.address.lowercased() == wanted
            guard messages.count < limit || isWanted else {
                notKept += 1
                return
            }
            messages.append(
                PreviewMessage(
                    message: personal.message, fileName: folder + "/" + DigestFolder.fileName(for: personal.subscriber),
                    itemCount: personal.itemCount, sectionCount: personal.sectionCount, reader: personal.subscriber))
        }
        let absent =
            outcome.empty.map { ReaderRoster.Absent(subscriber: $0, reason: .nothingInTheirTopics) }
            + outcome.suppressed.map { ReaderRoster.Absent(subscriber: $0, reason: .suppressed) }
        let roster = ReaderRoster(
            file: file, listed: outcome.written + outcome.empty.count + outcome.suppressed.count, absent: absent,
            notKept: notKept)
        let window = build.settings.selection.window
        return PreviewContent(
            messages: messages, warnings: (outcome.diagnostics + outcome.rejected).map(\.description),
            emptyNote: outcome.written == 0
                ? "No reader of \(file) gets a message between \(window.since) and \(window.until) "
                    + "(\(Counted.phrase(outcome.itemsRead, "item")) read)." : nil,
            sizeWarnings: outcome.warnings, htmlBudget: build.settings.htmlBudget, readers: roster)
    }
}
