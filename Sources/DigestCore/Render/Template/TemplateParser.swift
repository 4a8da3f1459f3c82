/// Parses a Mustache template on its UTF-8 bytes into ``TemplateToken``s, for the constructs
/// digest's own renderer draws exactly as swift-mustache does: text, variables, sections,
/// inverted sections, comments, the `CONTENT_TYPE` pragma, dotted names and `{{.}}`.
///
/// It follows swift-mustache's parser (`Template+Parser.swift`) step by step, standalone
/// lines included (a section, inverted, close, comment or pragma tag alone on its line
/// takes the line with it, with the quirks that parser has), so the output is the same
/// byte for byte. It returns nil for anything else (transforms, partials, inheritance,
/// set-delimiter tags, unknown pragmas, white space in a tag other than spaces and tabs,
/// syntax errors, line ends other than `\n`, non-ASCII next to a brace, where characters
/// and bytes could disagree): the caller then uses swift-mustache, which also reports
/// syntax errors.
struct TemplateParser {
    private let bytes: [UInt8]
    private var position = 0

    /// Parses `source`; nil when it is not made only of the constructs above.
    static func parse(_ source: String) -> [TemplateToken]? {
        var parser = TemplateParser(bytes: Array(source.utf8))
        guard parser.isByteSafe() else { return nil }
        return parser.parseTokens(closing: nil, newLine: true)
    }

    private init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    private static let space: UInt8 = 0x20
    private static let tab: UInt8 = 0x09
    private static let newline: UInt8 = 0x0A
    private static let openBrace: UInt8 = 0x7B
    private static let closeBrace: UInt8 = 0x7D

    /// Whether the bytes mean what swift-mustache's characters mean: no line end but `\n`
    /// (swift-mustache also ends lines at `\r`, VT, FF, NEL, U+2028 and U+2029), and no
    /// non-ASCII byte beside a brace (a combining mark after `{` makes one character that
    /// is not `{`).
    private func isByteSafe() -> Bool {
        for index in bytes.indices {
            let byte = bytes[index]
            switch byte {
            case 0x0B, 0x0C, 0x0D: return false
            case 0xC2 where index + 1 < bytes.count && bytes[index + 1] == 0x85: return false
            case 0xE2
            where index + 2 < bytes.count && bytes[index + 1] == 0x80
                && (bytes[index + 2] == 0xA8 || bytes[index + 2] == 0xA9):
                return false
            case Self.openBrace, Self.closeBrace:
                if index > 0, bytes[index - 1] >= 0x80 { return false }
                if index + 1 < bytes.count, bytes[index + 1] >= 0x80 { return false }
            default: break
            }
        }
        return true
    }

    /// The tokens up to the end, or up to `{{/closing}}` inside a section. `newLine` is
    /// swift-mustache's `state.newLine`: whether the parser stands at a line's start.
    private mutating func parseTokens(closing: [UInt8]?, newLine startsOnNewLine: Bool) -> [TemplateToken]? {
        var tokens: [TemplateToken] = []
        var newLine = startsOnNewLine
        var whiteSpaceBefore: ArraySlice<UInt8> = []
        while position < bytes.count {
            if newLine {
                let start = position
                while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab {
                    position += 1
                }
                whiteSpaceBefore = bytes[start..<position]
            }
            // Text up to a newline or the start delimiter.
            let textStart = position
            var textEnd = position
            var atTag = false
            while position < bytes.count {
                let byte = bytes[position]
                if byte == Self.newline { break }
                if byte == Self.openBrace {
                    // swift-mustache reads two characters here and fails when there are not two.
                    guard position + 1 < bytes.count else { return nil }
                    if bytes[position + 1] == Self.openBrace {
                        textEnd = position
                        position += 2
                        atTag = true
                        break
                    }
                }
                position += 1
            }
            if !atTag { textEnd = position }
            let text = bytes[textStart..<textEnd]
            if !atTag, position < bytes.count {
                // A newline: the line so far is text.
                Self.append(whiteSpaceBefore + text + [Self.newline], to: &tokens)
                newLine = true
                position += 1
                continue
            }
            if !text.isEmpty {
                Self.append(whiteSpaceBefore + text, to: &tokens)
                whiteSpaceBefore = []
                newLine = false
            }
            guard atTag else { break }
            // swift-mustache ends quietly at `{{` last, or takes `{{` then a newline as text.
            guard position < bytes.count, bytes[position] != Self.newline else { return nil }
            var setNewLine = false
            switch bytes[position] {
            case UInt8(ascii: "#"), UInt8(ascii: "^"):
                let inverted = bytes[position] == UInt8(ascii: "^")
                position += 1
                guard let (raw, name) = parseName() else { return nil }
                if newLine && hasLineFinished() {
                    setNewLine = true
                } else if !whiteSpaceBefore.isEmpty {
                    Self.append(whiteSpaceBefore, to: &tokens)
                    whiteSpaceBefore = []
                }
                guard let inner = parseTokens(closing: raw, newLine: setNewLine) else { return nil }
                tokens.append(inverted ? .invertedSection(name, inner) : .section(name, inner))
            case UInt8(ascii: "/"):
                position += 1
                guard let (raw, _) = parseName(), let closing, raw == closing else { return nil }
                if !(newLine && hasLineFinished()), !whiteSpaceBefore.isEmpty {
                    Self.append(whiteSpaceBefore, to: &tokens)
                }
                return tokens
            case UInt8(ascii: "!"):
                position += 1
                guard skipComment() else { return nil }
                setNewLine = newLine && hasLineFinished()
            case UInt8(ascii: "{"), UInt8(ascii: "&"):
                let triple = bytes[position] == UInt8(ascii: "{")
                if !whiteSpaceBefore.isEmpty {
                    Self.append(whiteSpaceBefore, to: &tokens)
                    whiteSpaceBefore = []
                }
                position += 1
                guard let (_, name) = parseName() else { return nil }
                if triple {
                    guard position < bytes.count, bytes[position] == Self.closeBrace else { return nil }
                    position += 1
                }
                tokens.append(.variable(name, escaped: false))
            case UInt8(ascii: "%"):
                position += 1
                guard let escapes = parseContentType() else { return nil }
                tokens.append(.contentType(escapes: escapes))
                setNewLine = newLine && hasLineFinished()
            case UInt8(ascii: ">"), UInt8(ascii: "<"), UInt8(ascii: "$"), UInt8(ascii: "="):
                return nil  // partials, inheritance, set delimiters: swift-mustache's
            default:
                if !whiteSpaceBefore.isEmpty {
                    Self.append(whiteSpaceBefore, to: &tokens)
                    whiteSpaceBefore = []
                }
                guard let (_, name) = parseName() else { return nil }
                tokens.append(.variable(name, escaped: true))
            }
            newLine = setNewLine
        }
        guard closing == nil else { return nil }  // a section never closed
        return tokens
    }

    /// Adds text, to the text token before it if there is one. Text is cut from the template
    /// only at ASCII bytes (newlines, braces, blanks), so each piece is whole UTF-8.
    private static func append(_ text: ArraySlice<UInt8>, to tokens: inout [TemplateToken]) {
        let piece = String(decoding: text, as: UTF8.self)
        if case .text(let before) = tokens.last {
            tokens[tokens.count - 1] = .text(before + piece)
        } else {
            tokens.append(.text(piece))
        }
    }

    /// swift-mustache's `hasLineFinished`: at the end, or only spaces and tabs before a
    /// newline (which it then moves past).
    private mutating func hasLineFinished() -> Bool {
        if position >= bytes.count { return true }
        var index = position
        while index < bytes.count, bytes[index] == Self.space || bytes[index] == Self.tab { index += 1 }
        guard index < bytes.count, bytes[index] == Self.newline else { return false }
        position = index + 1
        return true
    }

    private mutating func skipBlanks() {
        while position < bytes.count, bytes[position] == Self.space || bytes[position] == Self.tab { position += 1 }
    }

    /// Whether the next bytes are `}}`, which it then moves past.
    private mutating func readEndDelimiter() -> Bool {
        guard position + 1 < bytes.count, bytes[position] == Self.closeBrace, bytes[position + 1] == Self.closeBrace
        else { return false }
        position += 2
        return true
    }

    private static func isNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "_"),
            UInt8(ascii: "?"), UInt8(ascii: "*"):
            true
        default: false
        }
    }

    /// A tag's name and its `}}`: the raw bytes (to match a close tag) and the split name.
    /// Nil for an empty name, a transform `f(x)`, a name starting or ending with a dot or with
    /// two dots in a row (swift-mustache gives those meanings of their own), or a malformed tag.
    private mutating func parseName() -> ([UInt8], TemplateName)? {
        skipBlanks()
        let start = position
        while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
        let raw = Array(bytes[start..<position])
        skipBlanks()
        guard readEndDelimiter(), !raw.isEmpty else { return nil }
        if raw == [UInt8(ascii: ".")] { return (raw, .current) }
        let parts = raw.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        guard parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        let names = parts.map { String(decoding: $0, as: UTF8.self) }
        return (raw, .path(first: names[0], rest: Array(names.dropFirst())))
    }

    /// Moves past a comment's text and its `}}`; false when it is never closed.
    private mutating func skipComment() -> Bool {
        while position + 1 < bytes.count {
            if bytes[position] == Self.closeBrace, bytes[position + 1] == Self.closeBrace {
                position += 2
                return true
            }
            position += 1
        }
        return false
    }

    /// `{{% CONTENT_TYPE: TEXT}}` or `… HTML}}`: whether variables are escaped after it.
    private mutating func parseContentType() -> Bool? {
        func word() -> [UInt8] {
            let start = position
            while position < bytes.count, Self.isNameByte(bytes[position]) { position += 1 }
            return Array(bytes[start..<position])
        }
        skipBlanks()
        let variable = word()
        skipBlanks()
        guard position < bytes.count, bytes[position] == UInt8(ascii: ":") else { return nil }
        position += 1
        skipBlanks()
        let value = word()
        skipBlanks()
        guard readEndDelimiter(), variable == Array("CONTENT_TYPE".utf8) else { return nil }
        switch value {
        case Array("TEXT".utf8): return false
        case Array("HTML".utf8): return true
        default: return nil
        }
    }
}
