import DigestCore

/// One message as the mail client and the editor would see it: the HTML part in a sandboxed
/// frame, the plain-text part against a 72-column ruler, the headers and the raw source.
enum MessagePage {
    /// How wide the HTML part is shown.
    enum Width: String, Sendable {
        /// A desktop mail client's reading pane.
        case desktop
        /// A phone held upright (375 CSS pixels).
        case phone
    }

    /// The columns the plain-text part should stay within.
    static let textWidth = 72

    /// The page of message `number` (1-based) of `snapshot`.
    static func render(_ snapshot: PreviewLibrary.Snapshot, number: Int, width: Width) -> String {
        let entry = snapshot.content.messages[number - 1]
        let message = entry.message
        let base = "/messages/\(number)"
        let raw = String(decoding: message.bytes(lineEnding: .lf), as: UTF8.self)
        let headerBlock = message.headers.flatMap(\.lines).joined(separator: "\n")
        let over = TextRuler.overCount(message.text, width: textWidth)
        let overNote =
            over == 0
            ? "no line is wider"
            : "\(Counted.phrase(over, "line")) wider, marked"
        let toggle = [Width.desktop, .phone].map { choice -> String in
            let current = choice == width ? " aria-current=\"true\"" : ""
            let label = choice == .desktop ? "Desktop" : "Phone"
            return "<a href=\"\(base)?width=\(choice.rawValue)\"\(current)>\(label)</a>"
        }.joined()
        let reader = entry.reader.map { reader -> String in
            """
            <p class="reader">Reader: <strong>\(HTMLEscape.text(reader.mailbox.description))</strong>, who \
            follows \(HTMLEscape.text(ReaderPicker.topics(of: reader))) (<code>\(HTMLEscape.text(reader.origin.description))</code>)</p>

            """
        }
        let body = """
            <p class="muted"><a href="/">← All messages</a></p>
            \(ReaderPicker.render(snapshot.content, current: number))<h1>\(HTMLEscape.text(message.subject.value))</h1>
            \(reader ?? "")<p class="muted">To \(HTMLEscape.text(message.to.map(\.description).joined(separator: ", "))) · \
            \(Counted.phrase(entry.itemCount, "item")) in \(Counted.phrase(entry.sectionCount, "section")) · \
            <a href="\(base).eml">Download \(HTMLEscape.text(entry.fileName))</a></p>
            \(HTMLSizeNote.sentence(entry, budget: snapshot.content.htmlBudget))
            \(PreviewPage.sizeWarnings(snapshot.content.sizeWarnings))
            <h2 id="html">HTML part</h2>
            <p><span class="toggle" role="group" aria-label="Width">\(toggle)</span> \
            <span class="muted">as a mail client shows it: no script runs, links open in a new window</span></p>
            \(PhoneFit.render(base: base))
            <div class="stage \(width.rawValue)">
            <iframe class="message" src="\(base)/html" title="HTML part of the message" \
            sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox" referrerpolicy="no-referrer">\
            </iframe>
            </div>

            <h2 id="text">Plain-text part</h2>
            <p class="muted">\(textWidth) columns (a flowed line’s soft-break space not counted); \(overNote).</p>
            <div class="textpart">
            <pre class="ruler" aria-hidden="true">\(TextRuler.ruler(width: textWidth))</pre>
            <pre class="text">\(TextRuler.markedLines(message.text, width: textWidth))</pre>
            </div>

            <h2 id="headers">Headers</h2>
            <dl class="headers">
            <dt>Subject</dt><dd>\(HTMLEscape.text(message.subject.value))</dd>
            <dt>From</dt><dd>\(HTMLEscape.text(message.from.description))</dd>
            <dt>To</dt><dd>\(HTMLEscape.text(message.to.map(\.description).joined(separator: ", ")))</dd>
            <dt>Date</dt><dd>\(HTMLEscape.text(message.date.description))</dd>
            </dl>
            <pre class="source headers">\(HTMLEscape.text(headerBlock))</pre>

            <h2 id="source">Raw source</h2>
            <details><summary>Show the message as it is written to digests/ \
            (\(ByteCount.format(entry.size)), <a href="\(base)/source">plain</a>)</summary>
            <pre class="source">\(HTMLEscape.text(raw))</pre>
            </details>

            """
        return PreviewPage.render(
            title: message.subject.value, snapshot: snapshot,
            body: body + PreviewPage.warnings(snapshot.content.warnings))
    }
}
