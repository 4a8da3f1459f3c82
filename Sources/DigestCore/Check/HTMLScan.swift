/// A forgiving scan of an HTML body for the checks, in one pass over its bytes: the links,
/// the images without alt text and the empty sections, without building a tree or a token
/// list, and the active content a mail client removes or warns about (scripts, frames,
/// plug-ins, event-handler attributes, `javascript:` links). Comments, `<style>`, `<script>`,
/// `<title>` and `<head>` are skipped.
///
/// Tag names are ASCII (HTML's own rule); text is decoded only where a check reads it (a
/// heading's text, the first text after a heading), so the cost is one look at each byte.
struct HTMLScan {
    /// The `http:`, `https:` and `mailto:` targets of `<a href>`, in order, entities and
    /// percent-escapes decoded.
    private(set) var links: [String] = []
    /// How many `<img>` have no `alt` attribute (an empty `alt` marks a decorative image and is fine).
    private(set) var imagesWithoutAlt = 0
    /// The `href` of links and `src` of images that are relative URLs (see ``RelativeURL``),
    /// each once, in order: they lead nowhere in a mail client.
    private(set) var relativeURLs: [String] = []
    /// What in the body would run in a browser, each kind once, in order: `<script>`,
    /// `<iframe>`, `<frame>`, `<object>`, `<embed>`, `<applet>`, `an onclick attribute`,
    /// `a javascript: link`.
    private(set) var activeContent: [String] = []
    /// The text of each heading followed by no text or image before the next heading of the
    /// same or a higher level, or before the end.
    var emptySections: [String] { sections.empty.map(Self.collapsingWhitespace) }

    private var sections = SectionTracker()

    /// Scans `html`, UTF-8.
    init(_ html: some StringProtocol) {
        self.init(bytes: Array(html.utf8))
    }

    /// Scans the UTF-8 bytes of an HTML body.
    init(bytes html: [UInt8]) {
        html.withUnsafeBufferPointer { scan($0) }
        sections.finish()
    }

    private mutating func scan(_ html: UnsafeBufferPointer<UInt8>) {
        let count = html.count
        var index = 0
        var textStart = 0
        var skipping: [UInt8]?
        while index < count {
            guard html[index] == UInt8(ascii: "<") else {
                index += 1
                continue
            }
            let next = index + 1 < count ? html[index + 1] : 0
            if next == UInt8(ascii: "!"), index + 3 < count, html[index + 2] == UInt8(ascii: "-"),
                html[index + 3] == UInt8(ascii: "-")
            {
                if skipping == nil { text(html, textStart, index) }
                // The comment ends at the first `-->`; its `--` may be the opening one (`<!-->`).
                var end = index + 4
                while end < count,
                    !(html[end] == UInt8(ascii: ">") && html[end - 1] == UInt8(ascii: "-")
                        && html[end - 2] == UInt8(ascii: "-"))
                {
                    end += 1
                }
                index = end + 1
                textStart = index
                continue
            }
            guard Self.isASCIILetter(next) || next == UInt8(ascii: "/") || next == UInt8(ascii: "!") else {
                index += 1
                continue
            }
            if skipping == nil { text(html, textStart, index) }
            var end = index + 1
            var quote: UInt8 = 0
            // Whether an attribute name may start with `on` (an event handler): only then are
            // the attributes read one by one.
            var mayHandle = false
            while end < count {
                let byte = html[end]
                if quote != 0 {
                    if byte == quote { quote = 0 }
                } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                    quote = byte
                } else if byte == UInt8(ascii: ">") {
                    break
                } else if byte | 0x20 == UInt8(ascii: "o"), end + 1 < count, html[end + 1] | 0x20 == UInt8(ascii: "n"),
                    Self.isSpace(html[end - 1]) || html[end - 1] == UInt8(ascii: "/")
                        || html[end - 1] == UInt8(ascii: "\"") || html[end - 1] == UInt8(ascii: "'")
                {
                    mayHandle = true
                }
                end += 1
            }
            var nameStart = index + 1
            let innerEnd = min(end, count)
            let closing = html[nameStart] == UInt8(ascii: "/")
            if closing { nameStart += 1 }
            var nameEnd = nameStart
            while nameEnd < innerEnd, !Self.isSpace(html[nameEnd]), html[nameEnd] != UInt8(ascii: "/") {
                nameEnd += 1
            }
            let name = UnsafeBufferPointer(rebasing: html[nameStart..<nameEnd])
            index = end + 1
            textStart = index
            if let skipped = skipping {
                if closing, Self.equalsLowercased(name, skipped) { skipping = nil }
                continue
            }
            let attributes = UnsafeBufferPointer(rebasing: html[nameEnd..<innerEnd])
            if !closing, mayHandle { noteHandlers(attributes) }
            if !closing, let skipped = Self.skippedElements.first(where: { Self.equalsLowercased(name, $0) }) {
                if Self.equalsLowercased(name, Self.script) { noteActive("<script>") }
                skipping = skipped
                continue
            }
            if !closing, let active = Self.activeElements.first(where: { Self.equalsLowercased(name, $0) }) {
                noteActive("<\(String(decoding: active, as: UTF8.self))>")
            }
            tag(name, closing: closing, attributes: attributes)
        }
        if skipping == nil { text(html, textStart, count) }
    }

    private static let skippedElements: [[UInt8]] = ["style", "script", "head", "title"].map { Array($0.utf8) }
    private static let script = Array("script".utf8)
    /// Elements that load or run something of their own: no mail client shows them.
    private static let activeElements: [[UInt8]] = ["iframe", "frame", "object", "embed", "applet"].map {
        Array($0.utf8)
    }

    private mutating func noteActive(_ kind: String) {
        if !activeContent.contains(kind) { activeContent.append(kind) }
    }

    /// Notes each attribute whose name starts with `on` (`onclick`, `onerror`, …).
    private mutating func noteHandlers(_ attributes: UnsafeBufferPointer<UInt8>) {
        var handlers: [String] = []
        Self.forEachAttribute(attributes) { attribute, _ in
            guard attribute.count > 2, attribute[0] | 0x20 == UInt8(ascii: "o"),
                attribute[1] | 0x20 == UInt8(ascii: "n")
            else { return }
            handlers.append("an \(String(decoding: attribute, as: UTF8.self).lowercased()) attribute")
        }
        for handler in handlers { noteActive(handler) }
    }

    /// Notes a URL that runs script when followed or loaded (`javascript:`, `vbscript:`), read
    /// as a browser reads it: entities decoded, ASCII whitespace and controls dropped, any case.
    private mutating func noteScriptURL(_ raw: UnsafeBufferPointer<UInt8>) {
        // Only a URL whose first letter is a j or a v, or an entity (which may write any
        // letter, or the colon: `javascript&#58;`), is decoded: not the page's every link.
        guard let first = raw.first(where: { $0 > 32 }),
            first | 0x20 == UInt8(ascii: "j") || first | 0x20 == UInt8(ascii: "v") || first == UInt8(ascii: "&")
        else { return }
        let url = Entities.decode(String(decoding: raw, as: UTF8.self)).unicodeScalars
            .filter { $0.value > 32 }.prefix(11)
        let scheme = String(String.UnicodeScalarView(url)).lowercased()
        if scheme.hasPrefix("javascript:") || scheme.hasPrefix("vbscript:") {
            noteActive("a \(scheme.hasPrefix("javascript:") ? "javascript:" : "vbscript:") link")
        }
    }

    private mutating func tag(_ name: UnsafeBufferPointer<UInt8>, closing: Bool, attributes: UnsafeBufferPointer<UInt8>)
    {
        if name.count == 2, name[0] | 0x20 == UInt8(ascii: "h"),
            (UInt8(ascii: "1")...UInt8(ascii: "6")).contains(name[1])
        {
            sections.heading(level: Int(name[1] - UInt8(ascii: "0")), closing: closing)
            return
        }
        guard !closing else { return }
        if name.count == 3, Self.equalsLowercased(name, Self.img) {
            var hasAlt = false
            var source: UnsafeBufferPointer<UInt8>?
            Self.forEachAttribute(attributes) { attribute, value in
                if Self.equalsLowercased(attribute, Self.alt) { hasAlt = true }
                if Self.equalsLowercased(attribute, Self.src) { source = value }
            }
            if !hasAlt { imagesWithoutAlt += 1 }
            if let source {
                noteRelative(source)
                noteScriptURL(source)
            }
            sections.image()
        } else if name.count == 1, name[0] | 0x20 == UInt8(ascii: "a") {
            var hrefs: [UnsafeBufferPointer<UInt8>] = []
            Self.forEachAttribute(attributes) { attribute, value in
                if Self.equalsLowercased(attribute, Self.hrefName) { hrefs.append(value) }
            }
            // Any of them may run script, whichever one a client takes; the link is the first,
            // as an HTML parser keeps the first of repeated attributes.
            for value in hrefs { noteScriptURL(value) }
            guard let href = hrefs.first else { return }
            let link =
                href.contains(UInt8(ascii: "&"))
                ? LinkNormal.form(Entities.decode(String(decoding: href, as: UTF8.self))) : LinkNormal.form(bytes: href)
            if let link {
                links.append(link)
            } else {
                noteRelative(href)
            }
        }
    }

    private mutating func noteRelative(_ raw: UnsafeBufferPointer<UInt8>) {
        let url = Entities.decode(String(decoding: raw, as: UTF8.self))
        if RelativeURL.isRelative(url), !relativeURLs.contains(url) { relativeURLs.append(url) }
    }

    private static let img = Array("img".utf8)
    private static let alt = Array("alt".utf8)
    private static let hrefName = Array("href".utf8)
    private static let src = Array("src".utf8)

    private mutating func text(_ html: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard start < end, sections.readsText else { return }
        sections.text(
            Entities.decode(String(decoding: UnsafeBufferPointer(rebasing: html[start..<end]), as: UTF8.self)))
    }

    /// Calls `body` with each attribute's name and raw value of `name="value" name='value'
    /// name=value name` (a value-less attribute has an empty value).
    private static func forEachAttribute(
        _ text: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> Void
    ) {
        var index = 0
        let count = text.count
        while true {
            while index < count, isSpace(text[index]) || text[index] == UInt8(ascii: "/") { index += 1 }
            guard index < count else { return }
            let nameStart = index
            while index < count, !isSpace(text[index]), text[index] != UInt8(ascii: "="),
                text[index] != UInt8(ascii: "/")
            {
                index += 1
            }
            let name = UnsafeBufferPointer(rebasing: text[nameStart..<index])
            while index < count, isSpace(text[index]) { index += 1 }
            var value = UnsafeBufferPointer(rebasing: text[index..<index])
            if index < count, text[index] == UInt8(ascii: "=") {
                index += 1
                while index < count, isSpace(text[index]) { index += 1 }
                if index < count, text[index] == UInt8(ascii: "\"") || text[index] == UInt8(ascii: "'") {
                    let quote = text[index]
                    let valueStart = index + 1
                    var valueEnd = valueStart
                    while valueEnd < count, text[valueEnd] != quote { valueEnd += 1 }
                    value = UnsafeBufferPointer(rebasing: text[valueStart..<valueEnd])
                    index = min(valueEnd + 1, count)
                } else {
                    let valueStart = index
                    while index < count, !isSpace(text[index]) { index += 1 }
                    value = UnsafeBufferPointer(rebasing: text[valueStart..<index])
                }
            }
            if name.isEmpty {
                index += 1
                continue
            }
            body(name, value)
        }
    }

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 32 || (9...13).contains(byte)
    }

    /// Whether `bytes`, ASCII-lower-cased, equal `lower`.
    private static func equalsLowercased(_ bytes: UnsafeBufferPointer<UInt8>, _ lower: [UInt8]) -> Bool {
        guard bytes.count == lower.count else { return false }
        for index in 0..<bytes.count {
            let byte = bytes[index]
            let folded = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
            if folded != lower[index] { return false }
        }
        return true
    }

    private static func collapsingWhitespace(_ text: String) -> String {
        text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
    }
}

/// Which headings have nothing under them, fed with the headings, images and text of an
/// HTML body in order.
private struct SectionTracker {
    /// The texts of the empty sections' headings, as written.
    private(set) var empty: [String] = []
    /// The last closed heading, while nothing has been seen under it.
    private var pending: (level: Int, text: String, filled: Bool)?
    /// The heading being read.
    private var heading: (level: Int, text: String)?

    /// Whether the next text matters: inside a heading, or the first after one.
    var readsText: Bool { heading != nil || (pending.map { !$0.filled } ?? false) }

    mutating func heading(level: Int, closing: Bool) {
        if closing {
            if let open = heading { pending = (open.level, open.text, false) }
            heading = nil
            return
        }
        if let previous = pending, !previous.filled {
            if level <= previous.level {
                empty.append(previous.text)
            } else {
                pending?.filled = true
            }
        }
        pending = nil
        heading = (level, "")
    }

    mutating func image() {
        pending?.filled = true
    }

    mutating func text(_ text: String) {
        if heading != nil {
            heading!.text += text
        } else if !text.allSatisfy(\.isWhitespace) {
            pending?.filled = true
        }
    }

    mutating func finish() {
        if let pending, !pending.filled { empty.append(pending.text) }
        pending = nil
    }
}
