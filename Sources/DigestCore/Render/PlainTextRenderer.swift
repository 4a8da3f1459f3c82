/// Turns a Markdown tree into plain text for the text/plain part.
///
/// Paragraphs are wrapped at `width` display columns with `format=flowed` soft breaks
/// (a trailing space) where reflowing is harmless; links become numbered references
/// (`the report [1]`) listed after the text, lists are indented, quotes prefixed with `> `.
struct PlainTextRenderer {
    /// The wrap width in display columns.
    let width: Int

    /// The rendered text (no trailing newline) and the reference URLs, in order.
    struct Output {
        var lines: [String] = []
        var references: [String] = []

        /// The text followed by its reference list, lines joined with `\n`.
        var text: String {
            var all = lines
            if !references.isEmpty {
                all.append("")
                for (index, url) in references.enumerated() { all.append("[\(index + 1)] \(url)") }
            }
            return all.joined(separator: "\n")
        }
    }

    /// Renders `blocks`.
    func render(_ blocks: [MarkdownBlock]) -> Output {
        var output = Output()
        render(blocks, firstPrefix: "", prefix: "", tight: false, into: &output)
        return output
    }

    private func render(
        _ blocks: [MarkdownBlock], firstPrefix: String, prefix: String, tight: Bool, into output: inout Output
    ) {
        for (index, block) in blocks.enumerated() {
            let lead = index == 0 ? firstPrefix : prefix
            if index > 0, !tight { output.lines.append(trimmedRight(prefix)) }
            switch block {
            case .paragraph(let inlines), .heading(_, let inlines):
                let segments = flatten(inlines, references: &output.references)
                // Soft (flowed) breaks only where reflowing keeps the layout: plain and quoted text.
                let soft = prefix.allSatisfy { $0 == ">" || $0 == " " } && !prefix.hasPrefix(" ")
                for (segmentIndex, segment) in segments.enumerated() {
                    output.lines += TextWrapper.wrap(
                        segment, width: width, firstPrefix: segmentIndex == 0 ? lead : prefix, prefix: prefix,
                        soft: soft)
                }
            case .blockQuote(let children):
                render(children, firstPrefix: lead + "> ", prefix: prefix + "> ", tight: false, into: &output)
            case .list(let ordered, let start, let isTight, let items):
                for (number, item) in items.enumerated() {
                    if number > 0, !isTight { output.lines.append(trimmedRight(prefix)) }
                    let marker = ordered ? "\(start + number). " : "- "
                    let itemLead = number == 0 ? lead : prefix
                    let indent = prefix + String(repeating: " ", count: marker.count)
                    if item.isEmpty {
                        output.lines.append(itemLead + marker.trimmingSuffixSpaces())
                    } else {
                        render(item, firstPrefix: itemLead + marker, prefix: indent, tight: isTight, into: &output)
                    }
                }
            case .codeBlock(let code):
                var codeLines = code.split(separator: "\n", omittingEmptySubsequences: false)
                if codeLines.last == "" { codeLines.removeLast() }
                for (lineIndex, line) in codeLines.enumerated() {
                    output.lines.append(trimmedRight((lineIndex == 0 ? lead : prefix) + "    " + line))
                }
            case .thematicBreak:
                output.lines.append(lead + String(repeating: "-", count: max(3, min(width, 20))))
            }
        }
    }

    /// The paragraph's text, split at hard line breaks.
    private func flatten(_ inlines: [MarkdownInline], references: inout [String]) -> [String] {
        var segments = [""]
        func append(_ text: String) { segments[segments.count - 1] += text }
        func walk(_ inlines: [MarkdownInline]) {
            for inline in inlines {
                switch inline {
                case .text(let text), .code(let text): append(text)
                case .softBreak: append(" ")
                case .lineBreak: segments.append("")
                case .emphasis(let children):
                    append("_")
                    walk(children)
                    append("_")
                case .strong(let children):
                    append("*")
                    walk(children)
                    append("*")
                case .link(let destination, let children):
                    let label = plain(children)
                    if !LinkPolicy.isSafe(destination) {
                        append(label)
                    } else if label == destination || "mailto:" + label == destination {
                        append(label)
                    } else {
                        walk(children)
                        if let existing = references.firstIndex(of: destination) {
                            append(" [\(existing + 1)]")
                        } else {
                            references.append(destination)
                            append(" [\(references.count)]")
                        }
                    }
                case .image(_, let alt):
                    let text = plain(alt)
                    if !text.isEmpty { append("[\(text)]") }
                }
            }
        }
        walk(inlines)
        return segments
    }

    private func plain(_ inlines: [MarkdownInline]) -> String {
        inlines.map { inline in
            switch inline {
            case .text(let text), .code(let text): text
            case .softBreak, .lineBreak: " "
            case .emphasis(let children), .strong(let children), .link(_, let children), .image(_, let children):
                plain(children)
            }
        }.joined()
    }

    private func trimmedRight(_ text: String) -> String {
        text.trimmingSuffixSpaces()
    }
}

extension String {
    func trimmingSuffixSpaces() -> String {
        var copy = self
        while copy.last == " " { copy.removeLast() }
        return copy
    }
}
