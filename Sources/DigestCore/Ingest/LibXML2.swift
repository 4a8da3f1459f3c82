internal import CLibXML2
import Foundation

/// The only file that calls libxml2: parses XML feeds and HTML fragments into ``MarkupElement``s.
///
/// Every document is copied into Swift values and freed before a function returns, so no
/// libxml2 pointer leaves this file. The XML parser never loads DTDs, never substitutes
/// entities declared in a DTD and never touches the network; the HTML parser recovers from tag
/// soup the way browsers do and reports nothing.
enum LibXML2 {
    /// Elements deeper than this are kept as their text only, so a hostile document cannot
    /// exhaust the stack.
    static let maximumDepth = 200

    /// Parses an XML document: a well-formed one, or in `recover` mode whatever libxml2's
    /// recovering parser makes of it (the way feedparser's loose parser reads broken feeds).
    ///
    /// - Parameters:
    ///   - bytes: the document.
    ///   - url: its name, for libxml2's messages.
    ///   - encoding: the character encoding to read it in, overriding its XML declaration
    ///     (from the HTTP header or detection); nil lets libxml2 follow the BOM and declaration.
    ///   - recover: whether to keep what can be read of a document that is not well-formed.
    /// - Returns: the root element.
    /// - Throws: ``MarkupError`` with the line and libxml2's message at the first fatal error
    ///   (in `recover` mode only when nothing could be read).
    static func parseXML(
        _ bytes: [UInt8], url: String, encoding: String? = nil, recover: Bool = false
    ) throws(MarkupError) -> MarkupElement {
        initialize()
        guard bytes.count < Int(Int32.max) else { throw MarkupError(line: nil, message: "the document is too large") }
        guard let context = xmlNewParserCtxt() else { preconditionFailure("xmlNewParserCtxt returned NULL") }
        defer { xmlFreeParserCtxt(context) }
        var options =
            XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue
            | XML_PARSE_NOCDATA.rawValue
        if recover { options |= XML_PARSE_RECOVER.rawValue }
        let document = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                xmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), url, encoding, Int32(options))
            }
        }
        guard let document, recover || context.pointee.wellFormed != 0 else {
            if let document { xmlFreeDoc(document) }
            throw lastError(of: context)
        }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else {
            throw MarkupError(line: nil, message: "the document has no root element")
        }
        return element(root, html: false, depth: 0)
    }

    /// Parses an HTML fragment the way a browser would, recovering from any error.
    ///
    /// - Returns: the `body` element (empty when the fragment has no content).
    static func parseHTML(_ html: String) -> MarkupElement {
        let tree = parseHTMLDocument(html)
        return tree.name == "body" ? tree : (tree.element(named: "body") ?? tree)
    }

    /// Parses an HTML page the way a browser would: the root element (`html`, with `head` and `body`).
    static func parseHTMLDocument(_ html: String) -> MarkupElement {
        initialize()
        let empty = MarkupElement(name: "body", namespace: nil, attributes: [:], children: [], line: nil)
        var text = html
        guard !text.isEmpty, text.utf8.count < Int(Int32.max) else { return empty }
        guard let context = htmlNewParserCtxt() else { preconditionFailure("htmlNewParserCtxt returned NULL") }
        defer { htmlFreeParserCtxt(context) }
        let options = Int32(
            HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
                | HTML_PARSE_NONET.rawValue)
        let document = text.withUTF8 { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                htmlCtxtReadMemory(context, chars.baseAddress, Int32(chars.count), nil, "UTF-8", options)
            }
        }
        guard let document else { return empty }
        defer { xmlFreeDoc(document) }
        guard let root = xmlDocGetRootElement(document) else { return empty }
        return element(root, html: true, depth: 0)
    }

    /// The text an HTML named entity (`nbsp`, `eacute`) stands for, or nil when HTML has no such entity.
    static func htmlEntity(named name: String) -> Unicode.Scalar? {
        guard let entity = htmlEntityLookup(name), let scalar = Unicode.Scalar(entity.pointee.value) else {
            return nil
        }
        return scalar
    }

    /// Whether libxml2 can read text in the encoding called `name` (`ISO-8859-1`, `windows-1252`, `KOI8-R`).
    static func knowsEncoding(_ name: String) -> Bool {
        initialize()
        guard let handler = xmlFindCharEncodingHandler(name) else { return false }
        xmlCharEncCloseFunc(handler)
        return true
    }

    // MARK: Copying the tree

    private static func element(_ node: xmlNodePtr, html: Bool, depth: Int) -> MarkupElement {
        let rawName = node.pointee.name.map { String(cString: $0) } ?? ""
        var result = MarkupElement(
            name: html ? rawName.lowercased() : rawName,
            namespace: node.pointee.ns?.pointee.href.map { String(cString: $0) },
            attributes: attributes(of: node, html: html), children: [],
            line: xmlGetLineNo(node) > 0 ? Int(xmlGetLineNo(node)) : nil)
        var child = node.pointee.children
        while let current = child {
            defer { child = current.pointee.next }
            switch current.pointee.type {
            case XML_ELEMENT_NODE:
                if depth + 1 >= maximumDepth {
                    result.children.append(.text(content(of: current)))
                } else {
                    result.children.append(.element(element(current, html: html, depth: depth + 1)))
                }
            case XML_TEXT_NODE, XML_CDATA_SECTION_NODE:
                if let text = current.pointee.content { result.children.append(.text(String(cString: text))) }
            default:
                // Comments, processing instructions and unexpanded entity references carry no text.
                continue
            }
        }
        return result
    }

    private static func attributes(of node: xmlNodePtr, html: Bool) -> [String: String] {
        var result: [String: String] = [:]
        var attribute = node.pointee.properties
        while let current = attribute {
            defer { attribute = current.pointee.next }
            guard let name = current.pointee.name.map({ String(cString: $0) }) else { continue }
            let prefix = current.pointee.ns?.pointee.prefix.map { String(cString: $0) + ":" } ?? ""
            var value = ""
            if let list = xmlNodeListGetString(node.pointee.doc, current.pointee.children, 1) {
                value = String(cString: list)
                digest_xml_free(list)
            }
            result[prefix + (html ? name.lowercased() : name)] = value
        }
        return result
    }

    private static func content(of node: xmlNodePtr) -> String {
        guard let text = xmlNodeGetContent(node) else { return "" }
        defer { digest_xml_free(text) }
        return String(cString: text)
    }

    private static func lastError(of context: xmlParserCtxtPtr) -> MarkupError {
        guard let error = xmlCtxtGetLastError(context) else {
            return MarkupError(line: nil, message: "the document is not well-formed XML")
        }
        let message = error.pointee.message.map { String(cString: $0) } ?? "the document is not well-formed XML"
        let line = Int(error.pointee.line)
        return MarkupError(
            line: line > 0 ? line : nil,
            message: message.trimmingCharacters(in: .whitespacesAndNewlines))
    }

    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    private static func initialize() {
        _ = initialized
        // What libxml2 meets outside a parser's own reporting (an encoding conversion that
        // fails: "encoding error : input conversion failed", "I/O error : encoder error") would
        // be printed on standard error; errors are read from the parser's context instead. The
        // handler is per thread in libxml2, so it is set before every parse.
        xmlSetStructuredErrorFunc(nil) { _, _ in }
    }
}
