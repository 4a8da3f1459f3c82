import Mustache

/// One template file as a body is rendered from it: by digest's own renderer
/// (``CompiledTemplate``) when the template uses only what that renderer draws exactly, else
/// by swift-mustache (transforms, partials, inheritance, set delimiters, other pragmas).
package struct LoadedTemplate: Sendable {
    /// Which renderer a template set uses.
    package enum Engine: Sendable {
        /// Digest's own where it renders exactly, swift-mustache for the rest.
        case digest
        /// swift-mustache for every template (what the tests compare with).
        case swiftMustache
    }

    private let own: CompiledTemplate?
    /// swift-mustache's parse: made at once when digest's parser declines the template, else
    /// only if a render meets a value digest's renderer does not know.
    private let mustache: LockedBox<MustacheTemplate?>
    private let source: String

    /// Whether digest's own renderer draws this template.
    package var isOwn: Bool { own != nil }

    /// Parses `source`.
    ///
    /// - Throws: swift-mustache's `MustacheTemplate.ParserError` for a malformed template.
    package init(source: String, engine: Engine = .digest) throws {
        self.source = source
        own = engine == .digest ? CompiledTemplate(source) : nil
        mustache = LockedBox(own == nil ? try Self.parseForSwiftMustache(source) : nil)
    }

    /// The lines put before a template given to swift-mustache: a parse error's line number
    /// counts them.
    package static let linesBeforeSwiftMustacheSource = 1

    /// swift-mustache's parse of `source`, with `{{value}}` escaped as digest's own renderer
    /// escapes it (``HTMLEscape``, byte by byte): swift-mustache's built-in escaping compares
    /// characters, and leaves a `"` or `<` that a combining mark follows unescaped, which an
    /// attribute (`alt="{{alt}}"`) must not let through. Its default content type cannot be
    /// replaced, so the source starts with a standalone `{{% CONTENT_TYPE: HTML}}` line (which
    /// renders as nothing), and `HTML` names digest's escaping.
    private static func parseForSwiftMustache(_ source: String) throws -> MustacheTemplate {
        _ = registerEscaping
        return try MustacheTemplate(string: "{{% CONTENT_TYPE: HTML}}\n" + source)
    }

    private static let registerEscaping: Void = MustacheContentTypes.register(ByteWiseHTML(), named: "HTML")

    private struct ByteWiseHTML: MustacheContentType {
        func escapeText(_ text: String) -> String { HTMLEscape.text(text) }
    }

    /// Renders the template with `context`.
    package func render(_ context: [String: Any]) -> String {
        if let own, let rendered = own.render(context) { return rendered }
        let template = mustache.withLock { parsed in
            if let parsed { return parsed }
            do {
                parsed = try Self.parseForSwiftMustache(source)
            } catch {
                preconditionFailure("digest's template parser accepted what swift-mustache rejects: \(error)")
            }
            return parsed!
        }
        return template.render(context)
    }
}
