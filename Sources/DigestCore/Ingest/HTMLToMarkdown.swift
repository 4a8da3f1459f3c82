import Foundation

/// Turns the HTML of a feed item into CommonMark, so one cmark path renders every summary.
///
/// Kept: paragraphs, links (web and mail only, resolved against the item's base), emphasis,
/// lists and line breaks. Dropped with their content: `script`, `style`, `iframe` and the other
/// elements that are code or embedded media, not text. Empty elements (`embed`, `source`,
/// `param`, `input`…) are dropped but anything a parser put inside them is kept, so an
/// unclosed one cannot swallow the rest; `object` shows its fallback content as browsers do;
/// an image becomes its alt text. Every other element is dropped and its text kept. No attribute survives except a checked `href`, so event
/// handlers cannot reach a reader, and text is escaped so it stays text.
struct HTMLToMarkdown {
    /// Relative links are resolved against this.
    let base: URL?

    /// Converts an HTML fragment.
    static func convert(_ html: String, base: URL?) -> String {
        HTMLToMarkdown(base: base).convert(LibXML2.parseHTML(html))
    }

    /// The plain text of an HTML fragment (for titles given as HTML), whitespace collapsed.
    static func plainText(_ html: String) -> String {
        var text = ""
        HTMLToMarkdown(base: nil).appendPlain(LibXML2.parseHTML(html), to: &text)
        return collapse(text).trimmingCharacters(in: .whitespaces)
    }

    /// Converts a parsed element's content (an HTML body, an Atom `xhtml` div).
    func convert(_ root: MarkupElement) -> String {
        var writer = BlockWriter()
        visitChildren(of: root, into: &writer)
        writer.flush()
        return writer.blocks.joined(separator: "\n\n")
    }

    // MARK: Element classes

    /// Elements that are code or embedded media: gone with everything inside them.
    static let removed: Set<String> = [
        "script", "style", "iframe", "applet", "noscript", "template", "head", "title",
        "svg", "math", "frame", "frameset", "noframes", "canvas", "select", "textarea", "button", "map",
        "audio", "video",
    ]

    /// Empty (void) elements: never text themselves, but whatever a parser nested inside an
    /// unclosed one is the document's text. `object` and `picture` are transparent too:
    /// their content is the fallback a reader without the plugin or media sees.
    static let transparent: Set<String> = [
        "embed", "source", "track", "param", "input", "link", "meta", "base", "area", "wbr", "col", "keygen",
        "object", "picture", "form",
    ]

    /// Elements that end the paragraph before and after them.
    static let blocks: Set<String> = [
        "p", "div", "section", "article", "header", "footer", "main", "aside", "nav", "blockquote",
        "h1", "h2", "h3", "h4", "h5", "h6", "pre", "table", "thead", "tbody", "tfoot", "tr", "figure",
        "figcaption", "address", "dl", "dt", "dd", "hr", "details", "summary", "center", "fieldset",
    ]

    // MARK: Blocks

    private func visitChildren(of element: MarkupElement, into writer: inout BlockWriter) {
        for child in element.children { visit(child, into: &writer) }
    }

    private func visit(_ node: MarkupNode, into writer: inout BlockWriter) {
        switch node {
        case .text(let text):
            writer.append(HTMLToMarkdown.autolinked(HTMLToMarkdown.collapse(text)))
        case .element(let element):
            let name = element.name
            if HTMLToMarkdown.removed.contains(name) { return }
            if name == "img" {
                writer.append(HTMLToMarkdown.escape(HTMLToMarkdown.altText(element)))
                visitChildren(of: element, into: &writer)
            } else if HTMLToMarkdown.transparent.contains(name) {
                visitChildren(of: element, into: &writer)
            } else if name == "br" {
                writer.lineBreak()
            } else if name == "ul" || name == "ol" {
                writer.flush()
                let list = self.list(element, ordered: name == "ol")
                if !list.isEmpty { writer.blocks.append(list) }
            } else if HTMLToMarkdown.blocks.contains(name) || name == "li" {
                writer.flush()
                visitChildren(of: element, into: &writer)
                writer.flush()
            } else if ["td", "th"].contains(name) {
                visitChildren(of: element, into: &writer)
                writer.append(" ")
            } else {
                writer.append(inline(element))
            }
        }
    }

    private func list(_ element: MarkupElement, ordered: Bool) -> String {
        var lines: [String] = []
        var number = 0
        for child in element.children {
            var writer = BlockWriter()
            // An `li` is a block: its own paragraphs and nested lists; stray text counts as an item.
            visit(child, into: &writer)
            writer.flush()
            guard !writer.blocks.isEmpty else { continue }
            number += 1
            let marker = ordered ? "\(number). " : "- "
            let indent = String(repeating: " ", count: marker.count)
            let body = writer.blocks.joined(separator: "\n").split(separator: "\n", omittingEmptySubsequences: false)
            for (offset, line) in body.enumerated() {
                lines.append((offset == 0 ? marker : (line.isEmpty ? "" : indent)) + line)
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Inlines

    /// The Markdown of an inline element: links, emphasis, or just its text.
    private func inline(_ element: MarkupElement) -> String {
        let name = element.name
        if HTMLToMarkdown.removed.contains(name) { return "" }
        if name == "br" { return " " }
        var inner = name == "img" ? HTMLToMarkdown.escape(HTMLToMarkdown.altText(element)) : ""
        for child in element.children {
            switch child {
            case .text(let text):
                let collapsed = HTMLToMarkdown.collapse(text)
                inner += name == "a" ? HTMLToMarkdown.escape(collapsed) : HTMLToMarkdown.autolinked(collapsed)
            case .element(let nested):
                inner += name == "a" && nested.name == "a" ? HTMLToMarkdown.escape(nested.text) : inline(nested)
                if HTMLToMarkdown.blocks.contains(nested.name) || nested.name == "li" { inner += " " }
            }
        }
        inner = HTMLToMarkdown.collapse(inner)
        switch name {
        case "a":
            guard let href = element.attributes["href"], let url = WebLink.resolve(href, against: base) else {
                return inner
            }
            return HTMLToMarkdown.wrap(inner, "[", "](<\(HTMLToMarkdown.destination(url))>)")
        case "em", "i", "cite", "dfn":
            return HTMLToMarkdown.wrap(inner, "*", "*")
        case "strong", "b":
            return HTMLToMarkdown.wrap(inner, "**", "**")
        default:
            return inner
        }
    }

    private func appendPlain(_ element: MarkupElement, to text: inout String) {
        for child in element.children {
            switch child {
            case .text(let string): text += string
            case .element(let nested):
                guard !HTMLToMarkdown.removed.contains(nested.name) else { continue }
                if nested.name == "img" { text += HTMLToMarkdown.altText(nested) }
                if nested.name == "br" || HTMLToMarkdown.blocks.contains(nested.name) { text += " " }
                appendPlain(nested, to: &text)
            }
        }
    }

    /// An image's alt text, collapsed, or nothing.
    static func altText(_ image: MarkupElement) -> String {
        HTMLToMarkdown.collapse(image.attributes["alt"] ?? "").trimmingWhitespace
    }

    /// `open + text + close`, with the text's outer spaces moved outside (emphasis needs that);
    /// nothing but the spaces when the text is empty.
    private static func wrap(_ text: String, _ open: String, _ close: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { return text.isEmpty ? "" : " " }
        let lead = text.first == " " ? " " : ""
        let trail = text.last == " " ? " " : ""
        return lead + open + trimmed + close + trail
    }

    /// A link destination safe inside `<…>`.
    private static func destination(_ url: String) -> String {
        var result = ""
        for character in url {
            switch character {
            case " ": result += "%20"
            case "<": result += "%3C"
            case ">": result += "%3E"
            case "\\": result += "%5C"
            default: if !character.isNewline { result.append(character) }
            }
        }
        return result
    }

    /// Runs of whitespace (HTML's rule) become one space.
    static func collapse(_ text: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in text {
            if character.isWhitespace && character != "\u{A0}" {
                if !lastWasSpace { result.append(" ") }
                lastWasSpace = true
            } else {
                result.append(character)
                lastWasSpace = false
            }
        }
        return result
    }

    /// Text as Markdown, escaped, with every bare `http://`, `https://` and `mailto:` address
    /// made an autolink (`<https://…>`), so the HTML part links what the text part shows.
    static func autolinked(_ text: String) -> String {
        guard text.contains("http://") || text.contains("https://") || text.contains("mailto:") else {
            return escape(text)
        }
        var result = ""
        var pending = ""
        for (index, word) in text.split(separator: " ", omittingEmptySubsequences: false).enumerated() {
            if index > 0 { pending += " " }
            let lower = word.lowercased()
            let start =
                lower.range(of: "https://") ?? lower.range(of: "http://") ?? lower.range(of: "mailto:")
            guard let start else {
                pending += word
                continue
            }
            let offset = lower.distance(from: lower.startIndex, to: start.lowerBound)
            let lead = word.prefix(offset)
            var address = word.dropFirst(offset)
            var trail = ""
            while let last = address.last, ".,;:!?)]}'\"»”’".contains(last) {
                trail = String(last) + trail
                address = address.dropLast()
            }
            guard let link = WebLink.resolve(String(address), against: nil), link == String(address),
                !address.contains("<"), !address.contains(">"), address.count > 8
            else {
                pending += word
                continue
            }
            result += escape(pending + lead) + "<" + link + ">"
            pending = trail
        }
        return result + escape(pending)
    }

    /// Backslash-escapes the characters that would make text into Markdown syntax.
    static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_[]<>#!|~&".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}

/// Collects paragraphs; the current one is kept as lines split at `<br>`.
private struct BlockWriter {
    var blocks: [String] = []
    private var lines: [String] = [""]

    mutating func append(_ text: String) {
        lines[lines.count - 1] += text
    }

    mutating func lineBreak() {
        lines.append("")
    }

    /// Ends the current paragraph: lines trimmed, empty ones dropped, joined by hard breaks.
    mutating func flush() {
        let kept = lines.map {
            BlockWriter.guardLineStart(HTMLToMarkdown.collapse($0).trimmingCharacters(in: .whitespaces))
        }
        .filter { !$0.isEmpty }
        lines = [""]
        if !kept.isEmpty { blocks.append(kept.joined(separator: "\\\n")) }
    }

    /// Escapes what would start a list, a heading underline or a thematic break.
    private static func guardLineStart(_ line: String) -> String {
        guard let first = line.first else { return line }
        if "-+=".contains(first) { return "\\" + line }
        let digits = line.prefix(while: \.isNumber)
        if !digits.isEmpty, digits.count <= 9, let after = line.dropFirst(digits.count).first,
            after == "." || after == ")"
        {
            return digits + "\\" + line.dropFirst(digits.count)
        }
        return line
    }
}
