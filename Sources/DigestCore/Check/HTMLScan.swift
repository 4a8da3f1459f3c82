import Foundation

/// A forgiving scan of an HTML body for the checks: tags and the text between them, without
/// building a tree. Comments, `<style>`, `<script>` and `<head>` are skipped.
enum HTMLScan {
    /// One tag or one run of text.
    enum Token {
        /// `<name attributes>` or `</name>` (name lower-cased).
        case tag(name: String, closing: Bool, attributes: [String: String])
        /// Text between tags, entities decoded.
        case text(String)
    }

    /// The `http:`, `https:` and `mailto:` targets of `<a href>`, entities and percent-escapes decoded.
    static func links(in html: String) -> [String] {
        links(in: tokens(html))
    }

    /// The link targets among already scanned tokens.
    static func links(in tokens: [Token]) -> [String] {
        var links: [String] = []
        for token in tokens {
            guard case .tag("a", false, let attributes) = token, let href = attributes["href"] else { continue }
            if let link = LinkNormal.form(href) { links.append(link) }
        }
        return links
    }

    /// How many `<img>` have no `alt` attribute (an empty `alt` marks a decorative image and is fine).
    /// The `href` of links and `src` of images that are relative URLs (see ``RelativeURL``), in order.
    static func relativeURLs(in tokens: [Token]) -> [String] {
        var found: [String] = []
        for token in tokens {
            guard case .tag(let name, false, let attributes) = token else { continue }
            let value = name == "a" ? attributes["href"] : name == "img" ? attributes["src"] : nil
            if let value, RelativeURL.isRelative(value), !found.contains(value) { found.append(value) }
        }
        return found
    }

    static func imagesWithoutAlt(in html: String) -> Int {
        imagesWithoutAlt(in: tokens(html))
    }

    /// How many `<img>` among already scanned tokens have no `alt` attribute.
    static func imagesWithoutAlt(in tokens: [Token]) -> Int {
        tokens.count { token in
            if case .tag("img", false, let attributes) = token { return attributes["alt"] == nil }
            return false
        }
    }

    /// The text of each heading followed by no text or image before the next heading of the same
    /// or a higher level, or before the end.
    static func emptySections(in html: String) -> [String] {
        emptySections(in: tokens(html))
    }

    /// The empty sections among already scanned tokens.
    static func emptySections(in tokens: [Token]) -> [String] {
        var empty: [String] = []
        var pending: (level: Int, text: String, filled: Bool)?
        var heading: (level: Int, text: String)?
        for token in tokens {
            switch token {
            case .tag(let name, let closing, _) where headingLevel(name) != nil:
                let level = headingLevel(name)!
                if closing {
                    if let open = heading { pending = (open.level, open.text, false) }
                    heading = nil
                    continue
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
            case .tag("img", false, _):
                pending?.filled = true
            case .text(let text):
                if heading != nil {
                    heading!.text += text
                } else if !text.allSatisfy({ $0.isWhitespace }) {
                    pending?.filled = true
                }
            default:
                continue
            }
        }
        if let pending, !pending.filled { empty.append(pending.text) }
        return empty.map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }
    }

    private static func headingLevel(_ name: String) -> Int? {
        guard name.count == 2, name.first == "h", let level = Int(name.dropFirst()), (1...6).contains(level) else {
            return nil
        }
        return level
    }

    /// The tokens of `html`, in order.
    static func tokens(_ html: String) -> [Token] {
        var tokens: [Token] = []
        let scalars = Array(html.unicodeScalars)
        var index = 0
        var text = String.UnicodeScalarView()
        var skipping: String?
        func flush() {
            if !text.isEmpty, skipping == nil { tokens.append(.text(Entities.decode(String(text)))) }
            text = String.UnicodeScalarView()
        }
        while index < scalars.count {
            if scalars[index] == "<", index + 3 < scalars.count, scalars[index + 1] == "!",
                scalars[index + 2] == "-", scalars[index + 3] == "-"
            {
                flush()
                index += 4
                while index < scalars.count,
                    !(scalars[index] == ">" && index >= 2 && scalars[index - 1] == "-" && scalars[index - 2] == "-")
                {
                    index += 1
                }
                index += 1
                continue
            }
            guard scalars[index] == "<", index + 1 < scalars.count,
                scalars[index + 1].properties.isAlphabetic || scalars[index + 1] == "/" || scalars[index + 1] == "!"
            else {
                text.append(scalars[index])
                index += 1
                continue
            }
            flush()
            var end = index + 1
            var quote: Unicode.Scalar?
            while end < scalars.count {
                let scalar = scalars[end]
                if let open = quote {
                    if scalar == open { quote = nil }
                } else if scalar == "\"" || scalar == "'" {
                    quote = scalar
                } else if scalar == ">" {
                    break
                }
                end += 1
            }
            var inner = String(String.UnicodeScalarView(scalars[(index + 1)..<min(end, scalars.count)]))
            index = end + 1
            let closing = inner.hasPrefix("/")
            if closing { inner.removeFirst() }
            let name = String(inner.prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" }).lowercased()
            if let skipped = skipping {
                if closing, name == skipped { skipping = nil }
                continue
            }
            if !closing, ["style", "script", "head", "title"].contains(name) {
                skipping = name
                continue
            }
            tokens.append(.tag(name: name, closing: closing, attributes: attributes(inner.dropFirst(name.count))))
        }
        flush()
        return tokens
    }

    /// `name="value" name='value' name=value name`, names lower-cased, values entity-decoded.
    private static func attributes(_ text: Substring) -> [String: String] {
        var attributes: [String: String] = [:]
        var rest = text[...]
        while true {
            rest = rest.drop { $0.isWhitespace || $0 == "/" }
            guard !rest.isEmpty else { break }
            let name = rest.prefix { !$0.isWhitespace && $0 != "=" && $0 != "/" }
            rest = rest.dropFirst(name.count).drop(while: \.isWhitespace)
            var value = ""
            if rest.first == "=" {
                rest = rest.dropFirst().drop(while: \.isWhitespace)
                if let quote = rest.first, quote == "\"" || quote == "'" {
                    let body = rest.dropFirst().prefix { $0 != quote }
                    value = String(body)
                    rest = rest.dropFirst(body.count + 2)
                } else {
                    let body = rest.prefix { !$0.isWhitespace }
                    value = String(body)
                    rest = rest.dropFirst(body.count)
                }
            }
            if name.isEmpty {
                rest = rest.dropFirst()
                continue
            }
            attributes[name.lowercased()] = Entities.decode(value)
        }
        return attributes
    }
}

/// Character references in HTML text and attributes: the common named ones and numeric ones.
enum Entities {
    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
    ]

    /// `text` with `&amp;`, `&#38;`, `&#x26;` and the like replaced; unknown ones kept.
    static func decode(_ text: String) -> String {
        guard text.contains("&") else { return text }
        var output = ""
        var rest = Substring(text)
        while let amp = rest.firstIndex(of: "&") {
            output += rest[..<amp]
            rest = rest[amp...]
            guard let semicolon = rest.prefix(12).firstIndex(of: ";") else {
                output.append("&")
                rest = rest.dropFirst()
                continue
            }
            let name = rest[rest.index(after: rest.startIndex)..<semicolon]
            var replacement: String?
            if name.hasPrefix("#x") || name.hasPrefix("#X") {
                replacement = UInt32(name.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init).map { String($0) }
            } else if name.hasPrefix("#") {
                replacement = UInt32(name.dropFirst()).flatMap(Unicode.Scalar.init).map { String($0) }
            } else {
                replacement = named[String(name)]
            }
            if let replacement {
                output += replacement
                rest = rest[rest.index(after: semicolon)...]
            } else {
                output.append("&")
                rest = rest.dropFirst()
            }
        }
        return output + rest
    }
}

/// Links as the check compares them: `http:`, `https:` and `mailto:` only, percent-escapes decoded.
enum LinkNormal {
    /// The comparable form of `link`, or nil when it is not a web or mail link.
    static func form(_ link: String) -> String? {
        let trimmed = link.trimmingCharacters(in: .whitespaces)
        let lower = trimmed.lowercased()
        guard lower.hasPrefix("http://") || lower.hasPrefix("https://") || lower.hasPrefix("mailto:") else {
            return nil
        }
        return trimmed.removingPercentEncoding ?? trimmed
    }
}

/// The web and mail links written out in a plain-text body.
enum TextLinks {
    /// Every `http://`, `https://` and `mailto:` link, trailing punctuation dropped.
    static func links(in text: String) -> [String] {
        var links: [String] = []
        // Links are never broken across lines, so words split at white space hold them whole.
        for word in text.split(whereSeparator: { $0.isWhitespace || $0 == "<" || $0 == ">" || $0 == "\"" }) {
            guard word.utf8.contains(UInt8(ascii: ":")),
                let start = word.range(of: "http://") ?? word.range(of: "https://") ?? word.range(of: "mailto:")
            else { continue }
            var link = word[start.lowerBound...]
            while let last = link.last, ".,;:!?)]'".contains(last) { link = link.dropLast() }
            if let form = LinkNormal.form(String(link)) { links.append(form) }
        }
        return links
    }
}
