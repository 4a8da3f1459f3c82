/// A Mustache template parsed once on its UTF-8 bytes and rendered by digest itself, byte for
/// byte as swift-mustache renders it, for the constructs the shipped templates use (see
/// ``TemplateParser``); `LoadedTemplate` keeps swift-mustache for everything else.
package struct CompiledTemplate: Sendable {
    private let tokens: [TemplateToken]
    private let capacity: Int

    /// Parses `source`; nil when it uses a construct digest's renderer leaves to swift-mustache
    /// (or is malformed: swift-mustache then says where).
    package init?(_ source: String) {
        guard let tokens = TemplateParser.parse(source) else { return nil }
        self.tokens = tokens
        capacity = source.utf8.count * 2
    }

    /// Renders `context`; nil when it holds a value of a type digest's renderer does not know
    /// (then swift-mustache renders it).
    package func render(_ context: [String: Any]) -> String? {
        var rendering = TemplateRendering(context: context, capacity: capacity)
        do {
            try rendering.render(tokens, escapes: true)
        } catch {
            return nil
        }
        return rendering.output
    }
}
