import Foundation

/// Plain text from a feed (JSON Feed's `content_text`, Media RSS and iTunes descriptions) as HTML.
enum PlainText {
    /// Paragraphs (blank lines separate them) in `<p>`, every character escaped.
    static func html(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
            .map { "<p>" + HTMLEscape.text($0) + "</p>" }.joined()
    }
}
