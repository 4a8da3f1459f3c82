import Foundation

/// Whether a POST body says `List-Unsubscribe=One-Click`, in either encoding RFC 8058 allows
/// a mail receiver: `application/x-www-form-urlencoded` (also what the page's form sends) or
/// `multipart/form-data` (RFC 7578).
enum OneClickBody {
    /// Whether `body`, sent with `contentType`, holds the field `List-Unsubscribe` = `One-Click`.
    static func isOneClick(_ body: [UInt8], contentType: String?) -> Bool {
        let type = contentType?.lowercased() ?? ""
        if type.hasPrefix("multipart/form-data") {
            guard let boundary = parameter("boundary", of: contentType ?? "") else { return false }
            return multipartValue(of: "List-Unsubscribe", in: body, boundary: boundary) == "One-Click"
        }
        let text = String(decoding: body, as: UTF8.self).trimmingCharacters(in: [" ", "\r", "\n", "\t"])
        return QueryParameters(Substring(text))?["List-Unsubscribe"] == "One-Click"
    }

    /// The value of `name` in a `type/subtype; name=value` header, unquoted.
    private static func parameter(_ name: String, of header: String) -> String? {
        for piece in header.split(separator: ";").dropFirst() {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, pair[0].lowercased() == name else { continue }
            let value = pair[1]
            return value.hasPrefix("\"") && value.hasSuffix("\"") && value.count >= 2
                ? String(value.dropFirst().dropLast()) : value
        }
        return nil
    }

    /// The text of the form field `name` in a multipart body, without its line end.
    private static func multipartValue(of name: String, in body: [UInt8], boundary: String) -> String? {
        let text = String(decoding: body, as: UTF8.self)
        for part in text.components(separatedBy: "--" + boundary).dropFirst() {
            guard let split = part.range(of: "\r\n\r\n") ?? part.range(of: "\n\n") else { continue }
            let headers = part[..<split.lowerBound].lowercased()
            guard headers.contains("name=\"\(name.lowercased())\"") || headers.contains("name=\(name.lowercased())")
            else { continue }
            return String(part[split.upperBound...]).trimmingCharacters(in: .newlines)
        }
        return nil
    }
}
