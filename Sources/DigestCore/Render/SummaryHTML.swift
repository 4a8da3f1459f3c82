import Foundation

/// cmark's HTML for a summary, made ready for a mail client: every element gets its inline
/// style from ``InlineStyle``, blocks get `dir="auto"` (a right-to-left paragraph reads right
/// to left), headings are demoted below the item's title, images get a width that fits the
/// column, and relative links and images are resolved against the source's base URL.
///
/// cmark escapes every `<` of the text, so each `<` of its output starts one of the tags it
/// writes; this only rewrites those tags.
struct SummaryHTML {
    /// Where relative URLs of a summary point.
    struct Base: Sendable, Hashable {
        /// The public URL of the source's folder (`https://example.org/notes/`), if configured.
        var url: String?
        /// The folder of the file the item was read from, where local images are looked up.
        var folder: String?
    }

    let base: Base

    /// The styled HTML.
    ///
    /// The text between tags is copied as it is: `<` and `>` are looked for among the UTF-8
    /// bytes, not the characters, so the text is never broken into graphemes.
    func style(_ html: String) -> String {
        var output = ""
        output.reserveCapacity(html.utf8.count + html.utf8.count / 2)
        let bytes = html.utf8
        var position = bytes.startIndex
        var inCodeBlock = false
        while let open = bytes[position...].firstIndex(of: UInt8(ascii: "<")) {
            output += html[position..<open]
            guard let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) else {
                position = open
                break
            }
            let tag = html[open...close]
            position = bytes.index(after: close)
            if tag.utf8.starts(with: "<!--".utf8) || tag.utf8.starts(with: "</".utf8) {
                if tag == "</pre>" { inCodeBlock = false }
                output += closingTag(tag)
                continue
            }
            switch Self.name(of: tag) {
            case "p": output += "<p dir=\"auto\" style=\"\(InlineStyle.paragraph)\">"
            case let name where Self.isHeading(name):
                let level = demoted(name)
                output += "<h\(level) dir=\"auto\" style=\"\(InlineStyle.heading(level))\">"
            case "blockquote": output += "<blockquote dir=\"auto\" style=\"\(InlineStyle.blockQuote)\">"
            case "ul": output += "<ul style=\"\(InlineStyle.list)\">"
            case "ol": output += "<ol\(attribute("start", of: tag)) style=\"\(InlineStyle.list)\">"
            case "li": output += "<li dir=\"auto\" style=\"\(InlineStyle.listItem)\">"
            case "pre":
                inCodeBlock = true
                output += "<pre dir=\"ltr\" style=\"\(InlineStyle.codeBlock)\">"
            case "code": output += inCodeBlock ? "<code style=\"\(InlineStyle.code)\">" : codeSpan()
            case "hr": output += "<hr style=\"\(InlineStyle.rule)\">"
            case "br": output += "<br>"
            case "a": output += link(tag)
            case "img": output += image(tag)
            default: output += tag
            }
        }
        return output + html[position...]
    }

    /// Whether `name` is `h1` … `h6`.
    private static func isHeading(_ name: Substring) -> Bool {
        let bytes = name.utf8
        return bytes.count == 2 && bytes.first == UInt8(ascii: "h")
            && (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(bytes[bytes.index(after: bytes.startIndex)])
    }

    /// The element name of an opening tag: the ASCII letters and digits after its `<`.
    private static func name(of tag: Substring) -> Substring {
        let bytes = tag.utf8
        let start = bytes.index(after: bytes.startIndex)
        let end =
            bytes[start...].firstIndex { byte in
                !((UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte))
            } ?? bytes.endIndex
        return tag[start..<end]
    }

    private func codeSpan() -> String {
        "<code style=\"\(InlineStyle.code)background-color:#f3f5f7;padding:0 3px;border-radius:3px;\">"
    }

    private func closingTag(_ tag: Substring) -> String {
        switch tag {
        case "</h1>", "</h2>", "</h3>", "</h4>", "</h5>", "</h6>":
            return "</h\(demoted(tag.dropFirst(2).prefix(2)))>"
        default:
            return String(tag)
        }
    }

    /// A summary's level 1 heading becomes `h4`, level 2 `h5`, deeper ones `h6`.
    private func demoted(_ name: Substring) -> Int {
        min(6, (Int(name.dropFirst()) ?? 1) + 3)
    }

    private func link(_ tag: Substring) -> String {
        guard let href = value("href", of: tag) else { return String(tag) }
        let title = attribute("title", of: tag)
        return "<a href=\"\(HTMLEscape.text(resolved(href)))\"\(title) style=\"\(InlineStyle.link)\">"
    }

    private func image(_ tag: Substring) -> String {
        let source = value("src", of: tag) ?? ""
        let alt = value("alt", of: tag) ?? ""
        let title = attribute("title", of: tag)
        let escapedSource = HTMLEscape.text(resolved(source))
        if let size = localSize(source) {
            let width = min(size.width, InlineStyle.columnWidth)
            let height = max(1, (size.height * width + size.width / 2) / size.width)
            return "<img src=\"\(escapedSource)\" alt=\"\(HTMLEscape.text(alt))\"\(title) width=\"\(width)\" "
                + "height=\"\(height)\" style=\"\(InlineStyle.sizedImage)width:\(width)px;\">"
        }
        return "<img src=\"\(escapedSource)\" alt=\"\(HTMLEscape.text(alt))\"\(title) width=\"100%\" "
            + "style=\"\(InlineStyle.fluidImage)\">"
    }

    /// `url` made absolute against the base URL when it is relative and a base is set.
    func resolved(_ url: String) -> String {
        guard RelativeURL.isRelative(url), let baseURL = base.url, let base = URL(string: baseURL) else { return url }
        return WebLink.resolve(url, against: base) ?? url
    }

    /// The size of the image `source` names, when it is a file beside the item's source.
    private func localSize(_ source: String) -> (width: Int, height: Int)? {
        guard RelativeURL.isRelative(source), !source.hasPrefix("#"), let folder = base.folder else { return nil }
        let path = source.prefix { $0 != "?" && $0 != "#" }
        guard let decoded = String(path).removingPercentEncoding, !decoded.isEmpty else { return nil }
        let file = decoded.hasPrefix("/") ? decoded : folder + "/" + decoded
        return ImageSize.of(file: file)
    }

    /// The decoded value of attribute `name` in `tag`, if present.
    private func value(_ name: String, of tag: Substring) -> String? {
        guard let (start, end) = Self.attributeRange(name, in: tag) else { return nil }
        return Entities.decode(String(tag[tag.utf8.index(start, offsetBy: name.utf8.count + 3)..<end]))
    }

    /// ` name="value"` as cmark wrote it, or an empty string.
    private func attribute(_ name: String, of tag: Substring) -> String {
        guard let (start, end) = Self.attributeRange(name, in: tag) else { return "" }
        return String(tag[start...end])
    }

    /// Where ` name="` starts in `tag`, and where the `"` that closes its value is (cmark
    /// writes every attribute so, and escapes a `"` inside one); found on the UTF-8 bytes.
    private static func attributeRange(_ name: String, in tag: Substring) -> (String.Index, String.Index)? {
        let bytes = tag.utf8
        let needle = Array(" \(name)=\"".utf8)
        var from = bytes.startIndex
        while let space = bytes[from...].firstIndex(of: UInt8(ascii: " ")) {
            if bytes[space...].starts(with: needle) {
                let value = bytes.index(space, offsetBy: needle.count)
                guard let end = bytes[value...].firstIndex(of: UInt8(ascii: "\"")) else { return nil }
                return (space, end)
            }
            from = bytes.index(after: space)
        }
        return nil
    }
}

/// Which URLs in a message lead nowhere once the message leaves the editor's machine.
enum RelativeURL {
    /// Whether `url` has no scheme (`img/chart.png`, `/about`, `../notes`): it only works
    /// relative to a page, and a mail message has none. Fragments (`#top`) are not relative.
    static func isRelative(_ url: String) -> Bool {
        let trimmed = url.drop { $0.isWhitespace }
        guard let first = trimmed.first, first != "#" else { return false }
        guard let colon = trimmed.firstIndex(of: ":") else { return true }
        let scheme = trimmed[..<colon]
        guard let head = scheme.first, head.isASCII, head.isLetter else { return true }
        return !scheme.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }
    }
}
