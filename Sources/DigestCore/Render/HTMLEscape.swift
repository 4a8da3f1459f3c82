/// Text made safe in HTML element content and quoted attributes: `&`, `<`, `>`, `"` and `'`
/// escaped exactly as the Mustache renderer escapes `{{value}}`.
public enum HTMLEscape {
    /// `text` with the five characters escaped.
    public static func text(_ text: some StringProtocol) -> String {
        guard text.utf8.contains(where: { $0 == 38 || $0 == 60 || $0 == 62 || $0 == 34 || $0 == 39 }) else {
            return String(text)
        }
        var result = ""
        result.reserveCapacity(text.utf8.count + 16)
        for character in text {
            switch character {
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }
}
