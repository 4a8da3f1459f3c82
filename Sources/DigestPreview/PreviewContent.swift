package import DigestCore

/// What one build of the digests gave: the messages, or why there are none.
package struct PreviewContent: Sendable {
    /// The messages, in the order they would be delivered.
    package var messages: [PreviewMessage]
    /// Items the sources reported and skipped, one line each (`file:line: why`).
    package var warnings: [String]
    /// Why there is no message, when the selection was empty.
    package var emptyNote: String?
    /// What the build said about the HTML part's size: items left out for the budget, or a
    /// part still over Gmail's clipping limit.
    package var sizeWarnings: [String]
    /// The most bytes the HTML part may have (`html-budget:`).
    package var htmlBudget: Int
    /// The readers of a `--subscribers` list, when the messages are personal ones.
    package var readers: ReaderRoster?

    /// Creates content.
    ///
    /// - Parameters:
    ///   - messages: the messages.
    ///   - warnings: skipped items, one line each.
    ///   - emptyNote: a sentence saying why nothing was built, if nothing was.
    ///   - sizeWarnings: the build's warnings about the HTML part's size.
    ///   - htmlBudget: the HTML part's budget, in bytes.
    ///   - readers: the subscriber list's readers, for personal messages.
    package init(
        messages: [PreviewMessage], warnings: [String] = [], emptyNote: String? = nil, sizeWarnings: [String] = [],
        htmlBudget: Int = DigestRenderer.defaultBudget, readers: ReaderRoster? = nil
    ) {
        self.messages = messages
        self.warnings = warnings
        self.emptyNote = emptyNote
        self.sizeWarnings = sizeWarnings
        self.htmlBudget = htmlBudget
        self.readers = readers
    }

    /// The content of one pipeline run: its message (if any) and its diagnostics.
    ///
    /// - Parameters:
    ///   - outcome: what ``DigestBuild/run()`` returned.
    ///   - htmlBudget: the budget the build kept the HTML part within.
    package init(outcome: DigestBuild.Outcome, htmlBudget: Int = DigestRenderer.defaultBudget) {
        let window = outcome.digest.window
        let warnings = outcome.diagnostics.map(\.description)
        guard let message = outcome.message else {
            self.init(
                messages: [], warnings: warnings,
                emptyNote: "No items between \(window.since) and \(window.until) (\(outcome.itemsRead) read).",
                htmlBudget: htmlBudget)
            return
        }
        let entry = PreviewMessage(
            message: message, fileName: DigestFolder.fileName(for: window),
            itemCount: outcome.digest.items.count, sectionCount: outcome.digest.sections.count)
        self.init(messages: [entry], warnings: warnings, sizeWarnings: outcome.warnings, htmlBudget: htmlBudget)
    }

    /// The number (1-based) of the message made for `address`, compared without case.
    package func messageNumber(forReader address: String) -> Int? {
        let wanted = address.lowercased()
        return messages.firstIndex { $0.reader?.mailbox.address.lowercased() == wanted }.map { $0 + 1 }
    }
}
