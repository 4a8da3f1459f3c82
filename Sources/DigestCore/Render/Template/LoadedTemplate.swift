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
        mustache = LockedBox(own == nil ? try MustacheTemplate(string: source) : nil)
    }

    /// Renders the template with `context`.
    package func render(_ context: [String: Any]) -> String {
        if let own, let rendered = own.render(context) { return rendered }
        let template = mustache.withLock { parsed in
            if let parsed { return parsed }
            do {
                parsed = try MustacheTemplate(string: source)
            } catch {
                preconditionFailure("digest's template parser accepted what swift-mustache rejects: \(error)")
            }
            return parsed!
        }
        return template.render(context)
    }
}
