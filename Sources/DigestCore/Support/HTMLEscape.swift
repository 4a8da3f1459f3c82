/// Text made safe in HTML (and XML) element content and quoted attributes: `&`, `<`, `>`,
/// `"` and `'` escaped, as Mustache escapes `{{value}}`.
package enum HTMLEscape {
    /// `text` with the five characters escaped.
    package static func text(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else {
            return String(text)
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        // Scalar by scalar: an `&` followed by a combining mark is still escaped.
        for scalar in text.unicodeScalars {
            switch scalar {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}
