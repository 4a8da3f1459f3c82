import Foundation
import Mustache

/// The message layout: `digest.html.mustache` and `digest.txt.mustache`, read at run time
/// from a folder the user may edit without rebuilding.
package struct TemplateSet: Sendable {
    /// The HTML body's file name.
    package static let htmlName = "digest.html.mustache"
    /// The plain-text body's file name.
    package static let textName = "digest.txt.mustache"

    /// The folder of the per-language strings files, inside the templates folder.
    package static let stringsFolderName = "strings"

    private let html: LoadedTemplate
    private let text: LoadedTemplate
    /// The reader's language: the templates' fixed words and the date forms.
    package let language: ReaderLanguage

    /// Loads both templates from `folder`, and the words of `locale` from `folder/strings`.
    ///
    /// - Parameters:
    ///   - locale: e.g. `fr_FR`; nil for English.
    ///   - fallbackStrings: the strings folder to use when `folder` has none (the shipped one).
    ///   - engine: digest's own renderer where it renders exactly (the default), or swift-mustache only.
    /// - Throws: ``DigestError/missingTemplate(path:)``, ``DigestError/templateSyntax(location:column:message:)``
    ///   or ``DigestError/unknownLocale(_:folder:known:)``.
    package init(
        folder: String, locale: String? = nil, fallbackStrings: String? = nil, engine: LoadedTemplate.Engine = .digest
    ) throws(DigestError) {
        html = try TemplateSet.load(folder, TemplateSet.htmlName, engine)
        text = try TemplateSet.load(folder, TemplateSet.textName, engine)
        var strings = (folder as NSString).appendingPathComponent(TemplateSet.stringsFolderName)
        if let fallbackStrings, !FileManager.default.fileExists(atPath: strings) { strings = fallbackStrings }
        if let locale {
            language = try ReaderLanguage.load(locale: locale, folder: strings)
        } else {
            language = .english
        }
    }

    /// Renders the HTML body. A context without the language's words (`t`, `lang`) gets them.
    package func renderHTML(_ context: [String: Any]) -> String {
        html.render(withWords(context))
    }

    /// Renders the plain-text body. A context without the language's words (`t`, `lang`) gets them.
    package func renderText(_ context: [String: Any]) -> String {
        text.render(withWords(context))
    }

    private func withWords(_ context: [String: Any]) -> [String: Any] {
        guard context["t"] == nil else { return context }
        var context = context
        context["t"] = language.templateWords(newsletter: context["newsletter"] as? String ?? "")
        context["lang"] = context["lang"] ?? language.code
        return context
    }

    /// Whether digest's own renderer draws both templates (else swift-mustache draws one or both).
    package var rendersOwn: (html: Bool, text: Bool) { (html.isOwn, text.isOwn) }

    private static func load(_ folder: String, _ name: String, _ engine: LoadedTemplate.Engine) throws(DigestError)
        -> LoadedTemplate
    {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingTemplate(path: path)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw .notUTF8(SourceLocation(file: path))
        }
        do {
            return try LoadedTemplate(source: source, engine: engine)
        } catch let error as MustacheTemplate.ParserError {
            let line = max(1, error.context.lineNumber - LoadedTemplate.linesBeforeSwiftMustacheSource)
            throw .templateSyntax(
                location: SourceLocation(file: path, line: line),
                column: error.context.columnNumber, message: TemplateSet.describe(error.error))
        } catch {
            throw .templateSyntax(location: SourceLocation(file: path), column: 1, message: "\(error)")
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error as? MustacheTemplate.Error {
        case .sectionCloseNameIncorrect: "a section is closed with a different name than it was opened"
        case .unfinishedName: "a tag is not closed with }}"
        case .expectedSectionEnd: "a section is never closed"
        case .invalidSetDelimiter: "a set-delimiter tag is malformed"
        case .invalidConfigVariableSyntax: "a {{% … }} configuration tag is malformed"
        case .unrecognisedConfigVariable: "a {{% … }} configuration tag is not known"
        default: "\(error)"
        }
    }
}
