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
    /// bytes (with `memchr`), so the text is never broken into graphemes, and the tags of
    /// paragraphs, lists, quotes and code are written from bytes made once.
    func style(_ html: String) -> String {
        TextBytes.withBytes(html) { bytes in
            var output: [UInt8] = []
            output.reserveCapacity(bytes.count + bytes.count / 2)
            var position = 0
            var inCodeBlock = false
            while let open = System.firstIndex(of: UInt8(ascii: "<"), in: bytes, from: position) {
                output.append(contentsOf: bytes[position..<open])
                guard let close = System.firstIndex(of: UInt8(ascii: ">"), in: bytes, from: open) else {
                    position = open
                    break
                }
                let tag = UnsafeBufferPointer(rebasing: bytes[open...close])
                position = close + 1
                if tag.starts(with: "<!--".utf8) || tag.starts(with: "</".utf8) {
                    if tag.elementsEqual("</pre>".utf8) { inCodeBlock = false }
                    if tag.count == 5, tag[2] == UInt8(ascii: "h"), Self.isHeadingDigit(tag[3]) {
                        output.append(contentsOf: Tags.closingHeading[Self.demoted(tag[3])])
                    } else {
                        output.append(contentsOf: tag)
                    }
                    continue
                }
                let name = Self.name(of: tag)
                switch name.count {
                case 1 where name[0] == UInt8(ascii: "p"): output.append(contentsOf: Tags.paragraph)
                case 1 where name[0] == UInt8(ascii: "a"): output.append(contentsOf: link(Self.text(tag)).utf8)
                case 2 where name[0] == UInt8(ascii: "h") && Self.isHeadingDigit(name[1]):
                    output.append(contentsOf: Tags.heading[Self.demoted(name[1])])
                case 2 where name.elementsEqual("ul".utf8): output.append(contentsOf: Tags.bulletList)
                case 2 where name.elementsEqual("ol".utf8):
                    output.append(
                        contentsOf: "<ol\(attribute("start", of: Self.text(tag))) style=\"\(InlineStyle.list)\">".utf8)
                case 2 where name.elementsEqual("li".utf8): output.append(contentsOf: Tags.listItem)
                case 2 where name.elementsEqual("hr".utf8): output.append(contentsOf: Tags.rule)
                case 2 where name.elementsEqual("br".utf8): output.append(contentsOf: "<br>".utf8)
                case 3 where name.elementsEqual("pre".utf8):
                    inCodeBlock = true
                    output.append(contentsOf: Tags.codeBlock)
                case 3 where name.elementsEqual("img".utf8): output.append(contentsOf: image(Self.text(tag)).utf8)
                case 4 where name.elementsEqual("code".utf8):
                    output.append(contentsOf: inCodeBlock ? Tags.codeInBlock : Tags.codeSpan)
                case 10 where name.elementsEqual("blockquote".utf8): output.append(contentsOf: Tags.blockQuote)
                default: output.append(contentsOf: tag)
                }
            }
            output.append(contentsOf: bytes[position...])
            return String(decoding: output, as: UTF8.self)
        }
    }

    /// The opening and closing tags that never change, as bytes.
    private enum Tags {
        static let paragraph = Array("<p dir=\"auto\" style=\"\(InlineStyle.paragraph)\">".utf8)
        /// By demoted level (index 4 … 6).
        static let heading = (0...6).map { Array("<h\($0) dir=\"auto\" style=\"\(InlineStyle.heading($0))\">".utf8) }
        static let closingHeading = (0...6).map { Array("</h\($0)>".utf8) }
        static let blockQuote = Array("<blockquote dir=\"auto\" style=\"\(InlineStyle.blockQuote)\">".utf8)
        static let bulletList = Array("<ul style=\"\(InlineStyle.list)\">".utf8)
        static let listItem = Array("<li dir=\"auto\" style=\"\(InlineStyle.listItem)\">".utf8)
        static let codeBlock = Array("<pre dir=\"ltr\" style=\"\(InlineStyle.codeBlock)\">".utf8)
        static let codeInBlock = Array("<code style=\"\(InlineStyle.code)\">".utf8)
        static let codeSpan = Array(
            "<code style=\"\(InlineStyle.code)background-color:#f3f5f7;padding:0 3px;border-radius:3px;\">".utf8)
        static let rule = Array("<hr style=\"\(InlineStyle.rule)\">".utf8)
    }

    /// A tag's bytes as text, for the tags whose attributes are read (links, images, `ol`).
    private static func text(_ tag: UnsafeBufferPointer<UInt8>) -> Substring {
        String(decoding: tag, as: UTF8.self)[...]
    }

    /// The element name of an opening tag: the ASCII letters and digits after its `<`.
    private static func name(of tag: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        var end = 1
        while end < tag.count {
            let byte = tag[end]
            guard
                (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            else { break }
            end += 1
        }
        return UnsafeBufferPointer(rebasing: tag[1..<end])
    }

    /// Whether `digit` is the level of `h1` … `h6`.
    private static func isHeadingDigit(_ digit: UInt8) -> Bool {
        (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(digit)
    }

    /// A summary's level 1 heading (the digit of `h1`) becomes `h4`, level 2 `h5`, deeper ones `h6`.
    private static func demoted(_ digit: UInt8) -> Int {
        min(6, Int(digit - UInt8(ascii: "0")) + 3)
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
