/// Bodies rendered once for every reader who follows the same topics, with each reader's
/// greeting, name and unsubscribe link filled in afterwards.
///
/// The templates are rendered with a marker in place of each personal value; the marker
/// holds an `&`, so whether the template escaped it (`{{name}}`) or not (`{{{name}}}`)
/// shows in the result, and the value is filled in escaped the same way. Filling in is
/// string concatenation, so thousands of readers cost one template render per group.
public struct SharedBodies: Sendable {
    /// A value that differs from reader to reader.
    enum Field: Int, CaseIterable, Sendable {
        case greeting, name, unsubscribe

        /// The marker rendered in its place.
        var marker: String { "\u{E000}\(rawValue)&\u{E001}" }
    }

    /// A run of fixed text, or a personal value.
    enum Piece: Sendable {
        case literal(String)
        case field(Field, escaped: Bool)
    }

    let text: [Piece]
    let html: [Piece]

    /// Splits rendered bodies at the markers.
    init(text: String, html: String) {
        self.text = SharedBodies.pieces(text)
        self.html = SharedBodies.pieces(html)
    }

    /// The bodies for one reader.
    func filled(greeting: String, name: String?, unsubscribe: String?) -> DigestRenderer.Bodies {
        func value(_ field: Field) -> String {
            switch field {
            case .greeting: greeting
            case .name: name ?? ""
            case .unsubscribe: unsubscribe ?? ""
            }
        }
        func join(_ pieces: [Piece]) -> String {
            var result = ""
            for piece in pieces {
                switch piece {
                case .literal(let text): result += text
                case .field(let field, let escaped): result += escaped ? HTMLEscape.text(value(field)) : value(field)
                }
            }
            return result
        }
        return DigestRenderer.Bodies(text: join(text), html: join(html))
    }

    private static func pieces(_ rendered: String) -> [Piece] {
        var pieces: [Piece] = []
        var rest = Substring(rendered)
        while let start = rest.firstIndex(of: "\u{E000}") {
            pieces.append(.literal(String(rest[..<start])))
            rest = rest[rest.index(after: start)...]
            guard let digit = rest.first?.wholeNumberValue, let field = Field(rawValue: digit) else {
                pieces.append(.literal("\u{E000}"))
                continue
            }
            let after = rest.dropFirst()
            if after.hasPrefix("&\u{E001}") {
                pieces.append(.field(field, escaped: false))
                rest = after.dropFirst(2)
            } else if after.hasPrefix("&amp;\u{E001}") {
                pieces.append(.field(field, escaped: true))
                rest = after.dropFirst(6)
            } else {
                pieces.append(.literal("\u{E000}"))
            }
        }
        pieces.append(.literal(String(rest)))
        return pieces
    }
}

/// HTML escaping exactly as the Mustache renderer does it for `{{value}}`.
enum HTMLEscape {
    static func text(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else {
            return text
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
