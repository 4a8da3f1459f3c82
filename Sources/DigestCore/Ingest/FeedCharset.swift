import Foundation

/// Which character encoding an XML feed is read in: the byte-order mark, then the HTTP
/// `Content-Type` charset, then the XML declaration, then detection (UTF-8 if the bytes are
/// UTF-8, else windows-1252, the superset of ISO-8859-1 that undeclared legacy feeds use).
enum FeedCharset {
    /// The choice: the encoding to hand libxml2 (nil: follow the BOM or the declaration),
    /// and a note when it was guessed.
    struct Choice: Equatable {
        var encoding: String?
        var guessed: String?
        /// The bytes to read instead, already UTF-8 (a windows-1252 feed, decoded here); nil
        /// reads the feed's own bytes.
        var transcoded: [UInt8]? = nil
    }

    /// Chooses the encoding of `bytes`, or says in a sentence why none fits.
    static func choose(_ bytes: [UInt8], httpCharset: String?) -> Result<Choice, CharsetError> {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) || bytes.starts(with: [0xFE, 0xFF])
            || bytes.starts(with: [0xFF, 0xFE])
        {
            return .success(Choice())
        }
        if let header = httpCharset?.trimmingWhitespace, !header.isEmpty {
            guard LibXML2.knowsEncoding(header) else {
                return .failure(
                    CharsetError(message: "the server says it is in “\(header)”, an encoding digest cannot read"))
            }
            if isWindows1252(header) { return .success(Choice(encoding: "UTF-8", transcoded: windows1252(bytes))) }
            return .success(Choice(encoding: header))
        }
        let declared = declaredEncoding(bytes)
        if let declared, !["utf-8", "utf8"].contains(declared.lowercased()) {
            guard LibXML2.knowsEncoding(declared) else {
                return .failure(
                    CharsetError(message: "its XML declaration names “\(declared)”, an encoding digest cannot read"))
            }
            if isWindows1252(declared) {
                return .success(Choice(encoding: "UTF-8", transcoded: windows1252(bytes)))
            }
            return .success(Choice())
        }
        if SourceFile.firstNonUTF8Line(bytes) == nil { return .success(Choice()) }
        let what = declared == nil ? "declares no encoding" : "declares UTF-8"
        return .success(
            Choice(
                encoding: "UTF-8", guessed: "the feed \(what) but is not UTF-8; read as windows-1252",
                transcoded: windows1252(bytes)))
    }

    /// Whether `label` names windows-1252.
    private static func isWindows1252(_ label: String) -> Bool {
        ["windows-1252", "cp1252", "x-cp1252"].contains(label.lowercased().trimmingWhitespace)
    }

    /// `bytes` in windows-1252 as UTF-8, decoded as browsers do (WHATWG's index): the five
    /// bytes windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1
    /// controls of the same number, which clean text then removes, instead of making iconv
    /// stop and the rest of the feed vanish.
    static func windows1252(_ bytes: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            let scalar: UInt32 = byte >= 0x80 && byte < 0xA0 ? windows1252High[Int(byte - 0x80)] : UInt32(byte)
            if scalar < 0x80 {
                output.append(UInt8(scalar))
            } else {
                output += Array(String(Character(Unicode.Scalar(scalar)!)).utf8)
            }
        }
        return output
    }

    /// The code points of windows-1252's bytes 0x80 to 0x9F.
    private static let windows1252High: [UInt32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
        0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0x9D, 0x017E, 0x0178,
    ]

    /// The `encoding="…"` of the XML declaration, if the document starts with one.
    static func declaredEncoding(_ bytes: [UInt8]) -> String? {
        let head = bytes.prefix(512).drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        guard head.starts(with: Array("<?xml".utf8)), let close = head.firstIndex(of: UInt8(ascii: ">")) else {
            return nil
        }
        let declaration = String(decoding: head[head.startIndex..<close], as: UTF8.self)
        guard let range = declaration.range(of: "encoding") else { return nil }
        let rest = declaration[range.upperBound...].drop { $0 == " " || $0 == "=" }
        guard let quote = rest.first, quote == "\"" || quote == "'" else { return nil }
        let value = rest.dropFirst().prefix { $0 != quote }
        return value.isEmpty ? nil : String(value)
    }

    /// The `charset` parameter of a `Content-Type` header value, unquoted.
    static func charset(ofContentType value: String?) -> String? {
        guard let value else { return nil }
        for parameter in value.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingWhitespace }
            if pair.count == 2, pair[0].lowercased() == "charset" {
                let charset = pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\"'"))
                return charset.isEmpty ? nil : charset
            }
        }
        return nil
    }
}

/// Why no character encoding fits a feed.
struct CharsetError: Error {
    /// A sentence fragment: what the source said and why it cannot be read.
    var message: String
}
