extension MarkdownBlock {
    /// The block with every link destination and image source passed through `transform`.
    func mappingURLs(_ transform: (String) -> String) -> MarkdownBlock {
        switch self {
        case .paragraph(let inlines): .paragraph(inlines.map { $0.mappingURLs(transform) })
        case .heading(let level, let inlines): .heading(level: level, inlines.map { $0.mappingURLs(transform) })
        case .blockQuote(let blocks): .blockQuote(blocks.map { $0.mappingURLs(transform) })
        case .list(let ordered, let start, let tight, let items):
            .list(
                ordered: ordered, start: start, tight: tight,
                items: items.map { $0.map { $0.mappingURLs(transform) } })
        case .codeBlock, .thematicBreak: self
        }
    }
}

extension MarkdownInline {
    /// The inline with every link destination and image source passed through `transform`.
    func mappingURLs(_ transform: (String) -> String) -> MarkdownInline {
        switch self {
        case .text, .code, .softBreak, .lineBreak: self
        case .emphasis(let inlines): .emphasis(inlines.map { $0.mappingURLs(transform) })
        case .strong(let inlines): .strong(inlines.map { $0.mappingURLs(transform) })
        case .link(let destination, let inlines):
            .link(destination: transform(destination), inlines.map { $0.mappingURLs(transform) })
        case .image(let source, let alt): .image(source: transform(source), alt: alt.map { $0.mappingURLs(transform) })
        }
    }
}
