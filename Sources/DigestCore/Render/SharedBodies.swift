/// Bodies rendered once for every reader who follows the same topics, with each reader's
/// greeting, name and unsubscribe link filled in afterwards.
///
/// The templates are rendered with a marker in place of each personal value; the marker
/// holds an `&`, so whether the template escaped it (`{{name}}`) or not (`{{{name}}}`)
/// shows in the result, and the value is filled in escaped the same way. Filling in is
/// string concatenation, so thousands of readers cost one template render per group.
package struct SharedBodies: Sendable {
    /// A value that differs from reader to reader.
    enum Field: Int, CaseIterable, Sendable {
        case greeting, name, unsubscribe

        /// The marker rendered in its place.
        var marker: String { "\u{E000}\(rawValue)&\u{E001}" }
    }

    /// A run of fixed text (a slice of the rendered body, not a copy), or a personal value.
    enum Piece: Sendable {
        case literal(Substring)
        case field(Field, escaped: Bool)
    }

    let text: [Piece]
    let html: [Piece]
    /// The HTML body's size in bytes, less its markers (each reader's own values come on top).
    let htmlSize: Int
    /// Items left out to keep the HTML part within the budget.
    package internal(set) var cut: [DigestRenderer.Cut] = []

    /// Splits rendered bodies at the markers.
    init(text: String, html: String) {
        self.text = SharedBodies.pieces(text)
        self.html = SharedBodies.pieces(html)
        self.htmlSize = self.html.reduce(0) { size, piece in
            if case .literal(let text) = piece { return size + text.utf8.count }
            return size
        }
    }

    /// The bodies for one reader.
    func filled(greeting: String, name: String?, unsubscribe: String?) -> DigestRenderer.Bodies {
        let values = Self.values(greeting: greeting, name: name, unsubscribe: unsubscribe)
        func join(_ pieces: [Piece]) -> String {
            var result = ""
            result.reserveCapacity(
                pieces.reduce(0) { size, piece in
                    switch piece {
                    case .literal(let text): size + text.utf8.count
                    case .field(let field, let escaped): size + values[Self.slot(field, escaped: escaped)].utf8.count
                    }
                })
            for piece in pieces {
                switch piece {
                case .literal(let text): result += text
                case .field(let field, let escaped): result += values[Self.slot(field, escaped: escaped)]
                }
            }
            return result
        }
        return DigestRenderer.Bodies(text: join(text), html: join(html))
    }

    /// The bodies as texts with a slot for each personal value, their fixed lines encoded
    /// once for `lineEnding`: a reader's message is then made from them and
    /// ``values(greeting:name:unsubscribe:)`` (see ``MailMessage``).
    func spliced(lineEnding: LineEnding) -> (text: SplicedText, html: SplicedText) {
        func spliced(_ pieces: [Piece], flowed: Bool) -> SplicedText {
            SplicedText(
                pieces.map { piece in
                    switch piece {
                    case .literal(let text): .literal(text)
                    case .field(let field, let escaped): .slot(Self.slot(field, escaped: escaped))
                    }
                }, flowed: flowed, lineEnding: lineEnding)
        }
        return (spliced(text, flowed: true), spliced(html, flowed: false))
    }

    /// One reader's values, by slot: each field as it is, then escaped for HTML.
    static func values(greeting: String, name: String?, unsubscribe: String?) -> [String] {
        var values: [String] = []
        values.reserveCapacity(Field.allCases.count * 2)
        for field in Field.allCases {
            let value =
                switch field {
                case .greeting: greeting
                case .name: name ?? ""
                case .unsubscribe: unsubscribe ?? ""
                }
            values.append(value)
            values.append(HTMLEscape.text(value))
        }
        return values
    }

    /// Where a field's value is in ``values(greeting:name:unsubscribe:)``.
    private static func slot(_ field: Field, escaped: Bool) -> Int {
        field.rawValue * 2 + (escaped ? 1 : 0)
    }

    private static func pieces(_ rendered: String) -> [Piece] {
        // Markers are U+E000 (EE 80 80), a field digit, `&` or `&amp;`, then U+E001 (EE 80 81).
        var copy = rendered
        let utf8 = rendered.utf8
        func slice(_ range: Range<Int>) -> Substring {
            let lower = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return rendered[lower..<utf8.index(lower, offsetBy: range.count)]
        }
        return copy.withUTF8 { bytes in
            var pieces: [Piece] = []
            var literalStart = 0
            var index = 0
            let count = bytes.count
            let closing: [UInt8] = [0xEE, 0x80, 0x81]
            let raw = Array("&".utf8) + closing
            let escaped = Array("&amp;".utf8) + closing
            while index + 2 < count, let found = System.firstIndex(of: 0xEE, in: bytes, from: index) {
                index = found
                guard index + 2 < count, bytes[index + 1] == 0x80, bytes[index + 2] == 0x80 else {
                    index += 1
                    continue
                }
                let digitAt = index + 3
                guard digitAt < count, let field = Field(rawValue: Int(bytes[digitAt]) - 48) else {
                    index += 3
                    continue
                }
                let rest = UnsafeBufferPointer(rebasing: bytes[(digitAt + 1)...])
                let form: (length: Int, escaped: Bool)? =
                    rest.starts(with: raw)
                    ? (raw.count, false) : rest.starts(with: escaped) ? (escaped.count, true) : nil
                guard let form else {
                    index += 3
                    continue
                }
                pieces.append(.literal(slice(literalStart..<index)))
                pieces.append(.field(field, escaped: form.escaped))
                index = digitAt + 1 + form.length
                literalStart = index
            }
            pieces.append(.literal(slice(literalStart..<count)))
            return pieces
        }
    }
}
