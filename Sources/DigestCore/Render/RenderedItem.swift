/// An item with its summary and title rendered once, to be placed in any number of messages.
package struct RenderedItem: Sendable {
    /// The item.
    package let item: Item
    /// The summary as safe HTML.
    package let html: String
    /// The summary as plain text wrapped at the text width, with its link references.
    package let text: String
    /// The title as the text body's item heading: wrapped, `* ` before its first line.
    let titleText: String
    /// The title as a line of the text body's list of headlines: wrapped, `  - ` first.
    let headline: String

    /// Renders `item`'s summary with cmark: one parse, HTML and text from the same tree.
    package init(_ item: Item, textWidth: Int = 72) {
        self.item = item
        let document = CommonMarkDocument(markdown: item.summary)
        let file = item.origin.file
        // The folder of the item's file ("." for a bare name; none for a feed's URL).
        let folder = file.contains("://") ? nil : file.lastIndex(of: "/").map { String(file[..<$0]) } ?? "."
        let summary = SummaryHTML(base: .init(url: item.baseURL, folder: folder))
        self.html = summary.style(document.html())
        var blocks = document.blocks()
        if item.baseURL != nil { blocks = blocks.map { $0.mappingURLs(summary.resolved) } }
        self.text = PlainTextRenderer(width: textWidth).render(blocks).text
        self.titleText = TextWrapper.wrap(item.title, width: textWidth, firstPrefix: "* ", prefix: "  ")
            .joined(separator: "\n")
        self.headline = TextWrapper.wrap(item.title, width: textWidth, firstPrefix: "  - ", prefix: "    ")
            .joined(separator: "\n")
    }
}
