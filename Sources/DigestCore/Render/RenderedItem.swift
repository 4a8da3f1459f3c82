/// An item with its summary rendered once, to be placed in any number of messages.
public struct RenderedItem: Sendable {
    /// The item.
    public let item: Item
    /// The summary as safe HTML.
    public let html: String
    /// The summary as plain text wrapped at the text width, with its link references.
    public let text: String

    /// Renders `item`'s summary with cmark: one parse, HTML and text from the same tree.
    public init(_ item: Item, textWidth: Int = 72) {
        self.item = item
        let document = CommonMarkDocument(markdown: item.summary)
        self.html = document.html()
        self.text = PlainTextRenderer(width: textWidth).render(document.blocks()).text
    }
}
