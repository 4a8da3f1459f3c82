/// A CommonMark document as plain Swift values, so renderers walk it without touching C.
package indirect enum MarkdownBlock: Hashable, Sendable {
    case paragraph([MarkdownInline])
    case heading(level: Int, [MarkdownInline])
    case blockQuote([MarkdownBlock])
    case list(ordered: Bool, start: Int, tight: Bool, items: [[MarkdownBlock]])
    case codeBlock(String)
    case thematicBreak
}

/// Inline content of a paragraph or heading. Raw HTML is not represented: it never reaches a reader.
package indirect enum MarkdownInline: Hashable, Sendable {
    case text(String)
    case code(String)
    case softBreak
    case lineBreak
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case link(destination: String, [MarkdownInline])
    case image(source: String, alt: [MarkdownInline])
}
