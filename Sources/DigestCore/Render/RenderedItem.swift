/// An item with its summary rendered once, to be placed in any number of messages.
package struct RenderedItem: Sendable {
    /// The item.
    package let item: Item
    /// The summary as safe HTML.
    package let html: String
    /// The summary as plain text wrapped at the text width, with its link references.
    package let text: String

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
    }
}
