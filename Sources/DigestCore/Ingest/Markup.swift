/// A node of parsed markup (XML or HTML), detached from the parser that read it.
enum MarkupNode: Sendable {
    /// An element with its attributes and children.
    case element(MarkupElement)
    /// Character data: text and CDATA, entities already decoded.
    case text(String)
}

/// An element of parsed markup: a plain Swift value, so no reader touches the C parser.
struct MarkupElement: Sendable {
    /// The local name; lower-cased for HTML.
    var name: String
    /// The namespace URI, if any (XML only).
    var namespace: String?
    /// Attributes by qualified name (`href`, `xml:base`).
    var attributes: [String: String]
    /// The children in document order.
    var children: [MarkupNode]
    /// The 1-based line the element starts on, or nil when unknown.
    var line: Int?

    /// The child elements, in order.
    var elements: [MarkupElement] {
        children.compactMap { node in
            if case .element(let element) = node { return element }
            return nil
        }
    }

    /// The child elements called `name`, optionally in `namespace`.
    func elements(named name: String, namespace: String? = nil) -> [MarkupElement] {
        elements.filter { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The first child element called `name`, optionally in `namespace`.
    func element(named name: String, namespace: String? = nil) -> MarkupElement? {
        elements.first { $0.name == name && (namespace == nil || $0.namespace == namespace) }
    }

    /// The child elements called `name` in exactly `namespace` (nil: in no namespace).
    func children(_ name: String, in namespace: String?) -> [MarkupElement] {
        elements.filter { $0.name == name && $0.namespace == namespace }
    }

    /// The first child element called `name` in exactly `namespace` (nil: in no namespace).
    func child(_ name: String, in namespace: String?) -> MarkupElement? {
        elements.first { $0.name == name && $0.namespace == namespace }
    }

    /// All text below this element, in document order.
    var text: String {
        var result = ""
        var stack: [MarkupNode] = children.reversed()
        while let node = stack.popLast() {
            switch node {
            case .text(let text): result += text
            case .element(let element): stack.append(contentsOf: element.children.reversed())
            }
        }
        return result
    }
}

/// Why markup could not be parsed.
struct MarkupError: Error, Sendable {
    /// The 1-based line of the first fatal error, when known.
    var line: Int?
    /// The parser's message.
    var message: String
}

extension MarkupElement {
    /// The element's content written back as HTML (for Atom `xhtml` content), text escaped.
    var innerHTML: String {
        var result = ""
        for child in children {
            switch child {
            case .text(let text): result += MarkupElement.escape(text)
            case .element(let element):
                result += "<\(element.name)"
                for (name, value) in element.attributes.sorted(by: { $0.key < $1.key }) {
                    result += " \(name)=\"\(MarkupElement.escape(value))\""
                }
                result += ">" + element.innerHTML + "</\(element.name)>"
            }
        }
        return result
    }

    /// `&`, `<`, `>`, `"` and `'` as entities.
    static func escape(_ text: String) -> String {
        HTMLEscape.text(text)
    }
}
