package import DigestCore

/// What one build of the digests gave: the messages, or why there are none.
package struct PreviewContent: Sendable {
    /// The messages, in the order they would be delivered.
    package var messages: [PreviewMessage]
    /// Items the sources reported and skipped, one line each (`file:line: why`).
    package var warnings: [String]
    /// Why there is no message, when the selection was empty.
    package var emptyNote: String?

    /// Creates content.
    ///
    /// - Parameters:
    ///   - messages: the messages.
    ///   - warnings: skipped items, one line each.
    ///   - emptyNote: a sentence saying why nothing was built, if nothing was.
    package init(messages: [PreviewMessage], warnings: [String] = [], emptyNote: String? = nil) {
        self.messages = messages
        self.warnings = warnings
        self.emptyNote = emptyNote
    }

    /// The content of one pipeline run: its message (if any) and its diagnostics.
    ///
    /// - Parameter outcome: what ``DigestBuild/run()`` returned.
    package init(outcome: DigestBuild.Outcome) {
        let window = outcome.digest.window
        let warnings = outcome.diagnostics.map(\.description)
        guard let message = outcome.message else {
            self.init(
                messages: [], warnings: warnings,
                emptyNote: "No items between \(window.since) and \(window.until) (\(outcome.itemsRead) read).")
            return
        }
        let entry = PreviewMessage(
            message: message, fileName: DigestFolder.fileName(for: window),
            itemCount: outcome.digest.items.count, sectionCount: outcome.digest.sections.count)
        self.init(messages: [entry], warnings: warnings)
    }
}
