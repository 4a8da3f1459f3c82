/// Decodes RFC 2047 encoded-words (`=?UTF-8?Q?Caf=C3=A9?=`, `=?iso-8859-1?B?…?=`) in a header
/// value, for showing it; whitespace between two adjacent encoded-words is dropped.
package enum EncodedWordDecoder {
    /// `text` with every well-formed encoded-word decoded; anything else is left as it is.
    package static func decode(_ text: String) -> String {
        var output = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        var rest = Substring(text)
        while !rest.isEmpty {
            if rest.hasPrefix("=?"), let (decoded, after) = word(rest) {
                output += lastWasEncoded ? "" : pendingSpace
                output += decoded
                pendingSpace = ""
                lastWasEncoded = true
                rest = after
                continue
            }
            let character = rest.removeFirst()
            if character == " " || character == "\t" {
                pendingSpace.append(character)
            } else {
                output += pendingSpace
                output.append(character)
                pendingSpace = ""
                lastWasEncoded = false
            }
        }
        return output + pendingSpace
    }

    /// One encoded-word at the start of `text`, decoded, and what follows it.
    private static func word(_ text: Substring) -> (String, Substring)? {
        let pieces = text.dropFirst(2).split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
        guard pieces.count == 4, pieces[3].hasPrefix("="), !pieces[0].isEmpty else { return nil }
        let charset = pieces[0].split(separator: "*").first.map { $0.lowercased() } ?? ""
        let payload = Array(pieces[2].utf8)
        let bytes: [UInt8]
        switch pieces[1].lowercased() {
        case "q":
            bytes = TransferDecoding.quotedPrintable(payload.map { $0 == UInt8(ascii: "_") ? 32 : $0 })
        case "b":
            bytes = TransferDecoding.base64(payload)
        default:
            return nil
        }
        let decoded =
            charset == "utf-8" || charset == "us-ascii"
            ? String(decoding: bytes, as: UTF8.self) : String(bytes.map { Character(Unicode.Scalar($0)) })
        return (decoded, pieces[3].dropFirst())
    }
}
