import Foundation
import Mustache

/// The message layout: `digest.html.mustache` and `digest.txt.mustache`, read at run time
/// from a folder the user may edit without rebuilding.
public struct TemplateSet: Sendable {
    /// The HTML body's file name.
    public static let htmlName = "digest.html.mustache"
    /// The plain-text body's file name.
    public static let textName = "digest.txt.mustache"

    private let html: MustacheTemplate
    private let text: MustacheTemplate

    /// Loads both templates from `folder`.
    ///
    /// - Throws: ``DigestError/missingTemplate(path:)`` or ``DigestError/templateSyntax(location:column:message:)``.
    public init(folder: String) throws(DigestError) {
        html = try TemplateSet.load(folder, TemplateSet.htmlName)
        text = try TemplateSet.load(folder, TemplateSet.textName)
    }

    /// Renders the HTML body.
    public func renderHTML(_ context: [String: Any]) -> String {
        html.render(context)
    }

    /// Renders the plain-text body.
    public func renderText(_ context: [String: Any]) -> String {
        text.render(context)
    }

    private static func load(_ folder: String, _ name: String) throws(DigestError) -> MustacheTemplate {
        let path = (folder as NSString).appendingPathComponent(name)
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .missingTemplate(path: path)
        }
        guard let source = String(data: data, encoding: .utf8) else {
            throw .notUTF8(SourceLocation(file: path))
        }
        do {
            return try MustacheTemplate(string: source)
        } catch let error as MustacheTemplate.ParserError {
            throw .templateSyntax(
                location: SourceLocation(file: path, line: error.context.lineNumber),
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
