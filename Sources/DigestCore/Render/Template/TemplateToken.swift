/// One piece of a template parsed by ``TemplateParser``: what digest's own renderer draws.
enum TemplateToken: Sendable {
    /// Text copied as it is (adjacent pieces of text are one token).
    case text(String)
    /// `{{name}}` (escaped while the content type is HTML), or `{{{name}}}` / `{{& name}}` (never escaped).
    case variable(TemplateName, escaped: Bool)
    /// `{{#name}}…{{/name}}`.
    case section(TemplateName, [TemplateToken])
    /// `{{^name}}…{{/name}}`.
    case invertedSection(TemplateName, [TemplateToken])
    /// `{{% CONTENT_TYPE: TEXT}}` (false) or `{{% CONTENT_TYPE: HTML}}` (true): whether the
    /// tokens after it escape their variables.
    case contentType(escapes: Bool)
}

/// The name in a tag, split once at parse time.
enum TemplateName: Sendable, Equatable {
    /// `{{.}}`: the value on top of the context stack.
    case current
    /// `a.b.c`: `a` is looked up the context stack, `b` and `c` in what it found.
    case path(first: String, rest: [String])
}
