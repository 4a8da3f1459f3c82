internal import CCmark

/// A summary parsed once by cmark, rendered to HTML by cmark and to a Swift tree for plain text.
///
/// This is the only file that calls cmark. The parsed node is owned by this object and freed
/// when it goes away. cmark's safe mode is always on: raw HTML becomes a comment and
/// `javascript:`, `vbscript:`, `file:` and most `data:` links become empty.
package final class CommonMarkDocument: @unchecked Sendable {
    // cmark nodes are not shared across threads after construction: every method only reads.
    private let root: OpaquePointer

    /// Parses `markdown` as CommonMark.
    package init(markdown: String) {
        var text = markdown
        let node = text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                cmark_parse_document(chars.baseAddress, chars.count, CommonMarkDocument.options)
            }
        }
        guard let node else { preconditionFailure("cmark_parse_document returned NULL (out of memory)") }
        root = node
    }

    deinit {
        cmark_node_free(root)
    }

    /// The HTML of the document, as cmark renders it in safe mode.
    package func html() -> String {
        guard let rendered = cmark_render_html(root, CommonMarkDocument.options) else {
            preconditionFailure("cmark_render_html returned NULL (out of memory)")
        }
        defer { System.freeMemory(rendered) }
        return String(cString: rendered)
    }

    /// The document's blocks as a Swift tree; raw HTML blocks and inlines are left out.
    package func blocks() -> [MarkdownBlock] {
        children(of: root).compactMap(block)
    }

    /// The one place cmark options are chosen. `CMARK_OPT_UNSAFE` stays off; smart
    /// punctuation stays off so summaries keep the editor's own quotes and dashes.
    private static let options = CMARK_OPT_DEFAULT | CMARK_OPT_VALIDATE_UTF8

    private func children(of node: OpaquePointer) -> [OpaquePointer] {
        var result: [OpaquePointer] = []
        var child = cmark_node_first_child(node)
        while let current = child {
            result.append(current)
            child = cmark_node_next(current)
        }
        return result
    }

    private func literal(_ node: OpaquePointer) -> String {
        cmark_node_get_literal(node).map { String(cString: $0) } ?? ""
    }

    private func url(_ node: OpaquePointer) -> String {
        cmark_node_get_url(node).map { String(cString: $0) } ?? ""
    }

    private func block(_ node: OpaquePointer) -> MarkdownBlock? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_PARAGRAPH:
            return .paragraph(inlines(of: node))
        case CMARK_NODE_HEADING:
            return .heading(level: Int(cmark_node_get_heading_level(node)), inlines(of: node))
        case CMARK_NODE_BLOCK_QUOTE:
            return .blockQuote(children(of: node).compactMap(block))
        case CMARK_NODE_LIST:
            let items = children(of: node).map { children(of: $0).compactMap(block) }
            return .list(
                ordered: cmark_node_get_list_type(node) == CMARK_ORDERED_LIST,
                start: Int(cmark_node_get_list_start(node)),
                tight: cmark_node_get_list_tight(node) != 0,
                items: items)
        case CMARK_NODE_CODE_BLOCK:
            return .codeBlock(literal(node))
        case CMARK_NODE_THEMATIC_BREAK:
            return .thematicBreak
        default:  // HTML blocks and custom blocks never reach a reader.
            return nil
        }
    }

    private func inlines(of node: OpaquePointer) -> [MarkdownInline] {
        children(of: node).compactMap(inline)
    }

    private func inline(_ node: OpaquePointer) -> MarkdownInline? {
        switch cmark_node_get_type(node) {
        case CMARK_NODE_TEXT: return .text(literal(node))
        case CMARK_NODE_CODE: return .code(literal(node))
        case CMARK_NODE_SOFTBREAK: return .softBreak
        case CMARK_NODE_LINEBREAK: return .lineBreak
        case CMARK_NODE_EMPH: return .emphasis(inlines(of: node))
        case CMARK_NODE_STRONG: return .strong(inlines(of: node))
        case CMARK_NODE_LINK: return .link(destination: url(node), inlines(of: node))
        case CMARK_NODE_IMAGE: return .image(source: url(node), alt: inlines(of: node))
        default:  // Raw inline HTML and custom inlines are dropped.
            return nil
        }
    }
}
