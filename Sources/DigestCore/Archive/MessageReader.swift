import Foundation

/// Reads a written message back (ours or anyone's): decoded headers and the text of its
/// `text/html` and `text/plain` parts, through multipart boundaries and quoted-printable or
/// base64 transfer encodings.
///
/// It reads what a careful sender writes; it does not try to repair broken mail.
public struct MessageReader: Sendable {
    /// The header fields, unfolded, RFC 2047 encoded words decoded.
    public let headers: [(name: String, value: String)]
    /// The first `text/html` part, decoded, or nil.
    public let html: String?
    /// The first `text/plain` part, decoded, or nil.
    public let text: String?

    /// Reads `bytes`, the message file at `path`.
    ///
    /// - Throws: ``DigestError/unreadableMessage(path:reason:)`` when the message has no header or a
    ///   multipart body without its boundary.
    public init(_ bytes: [UInt8], path: String) throws(DigestError) {
        let split = MessageReader.splitHeader(bytes[...])
        let raw = HeaderReader.fields(in: Array(split.header))
        guard !raw.isEmpty else { throw .unreadableMessage(path: path, reason: "it has no header fields") }
        var headers: [(name: String, value: String)] = []
        for field in raw { headers.append((field.name, MessageReader.decodeWords(field.value))) }
        self.headers = headers
        var found: [String: String] = [:]
        do throws(MessageProblem) {
            try MessageReader.collect(headers: raw, body: split.body, into: &found, depth: 0)
        } catch {
            throw .unreadableMessage(path: path, reason: error.reason)
        }
        html = found["text/html"]
        text = found["text/plain"]
    }

    /// The decoded value of the first header called `name` (case-insensitive).
    public func value(of name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The `Date` header as a moment, when it is a valid RFC 5322 date.
    public var date: MailDate? {
        value(of: "Date").flatMap(MessageReader.parseDate)
    }

    // MARK: Parts

    private static func splitHeader(_ bytes: ArraySlice<UInt8>) -> (header: ArraySlice<UInt8>, body: ArraySlice<UInt8>)
    {
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let end = bytes[index...].firstIndex(of: 10) ?? bytes.endIndex
            let lineEnd = end > index && bytes[end - 1] == 13 ? end - 1 : end
            if lineEnd == index {
                let bodyStart = min(end + 1, bytes.endIndex)
                return (bytes[bytes.startIndex..<index], bytes[bodyStart...])
            }
            index = end + 1
        }
        return (bytes, bytes[bytes.endIndex...])
    }

    private static func collect(
        headers: [(name: String, value: String)], body: ArraySlice<UInt8>, into found: inout [String: String],
        depth: Int
    ) throws(MessageProblem) {
        let contentType = headers.first { $0.name.lowercased() == "content-type" }?.value ?? "text/plain"
        let (type, parameters) = parseContentType(contentType)
        if type.hasPrefix("multipart/") {
            guard depth < 8 else { return }
            guard let boundary = parameters["boundary"], !boundary.isEmpty else {
                throw MessageProblem(reason: "its \(type) body names no boundary")
            }
            for part in try parts(of: body, boundary: boundary) {
                let split = splitHeader(part)
                try collect(
                    headers: HeaderReader.fields(in: Array(split.header) + [13, 10]), body: split.body, into: &found,
                    depth: depth + 1)
            }
            return
        }
        guard type == "text/html" || type == "text/plain", found[type] == nil else { return }
        let encoding = headers.first { $0.name.lowercased() == "content-transfer-encoding" }?.value.lowercased()
        let decoded: [UInt8]
        switch encoding?.trimmingCharacters(in: .whitespaces) {
        case "quoted-printable": decoded = decodeQuotedPrintable(body)
        case "base64":
            decoded = [UInt8](Data(base64Encoded: Data(body), options: .ignoreUnknownCharacters) ?? Data())
        default: decoded = Array(body)
        }
        found[type] = text(decoded, charset: parameters["charset"])
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    private static func parts(of body: ArraySlice<UInt8>, boundary: String) throws(MessageProblem) -> [ArraySlice<
        UInt8
    >] {
        let delimiter = Array("--\(boundary)".utf8)
        var result: [ArraySlice<UInt8>] = []
        var start: Int?
        var index = body.startIndex
        var closed = false
        while index < body.endIndex {
            let end = body[index...].firstIndex(of: 10) ?? body.endIndex
            var line = body[index..<end]
            if line.last == 13 { line = line.dropLast() }
            if line.starts(with: delimiter) {
                let rest = line.dropFirst(delimiter.count)
                let isClose = rest.starts(with: [45, 45])
                if rest.allSatisfy({ $0 == 32 || $0 == 9 }) || isClose {
                    if let start {
                        // The CRLF before a delimiter belongs to the delimiter.
                        var last = index
                        if last > start, body[last - 1] == 10 { last -= 1 }
                        if last > start, body[last - 1] == 13 { last -= 1 }
                        result.append(body[start..<last])
                    }
                    if isClose {
                        closed = true
                        break
                    }
                    start = min(end + 1, body.endIndex)
                }
            }
            index = end + 1
        }
        guard closed || !result.isEmpty || start != nil else {
            throw MessageProblem(reason: "its boundary “\(boundary)” never occurs in the body")
        }
        if !closed, let start, start < body.endIndex { result.append(body[start...]) }
        return result
    }

    /// `text/html; charset="utf-8"` → (`text/html`, [charset: utf-8]); names lower-cased.
    static func parseContentType(_ value: String) -> (type: String, parameters: [String: String]) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in value {
            if character == "\"" {
                quoted.toggle()
                continue
            }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
                continue
            }
            current.append(character)
        }
        pieces.append(current)
        let type = pieces[0].trimmingCharacters(in: .whitespaces).lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            parameters[name] = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
        }
        return (type, parameters)
    }

    // MARK: Decoding

    /// Quoted-printable (RFC 2045 §6.7): `=XX` octets, `=` at a line's end a soft break.
    static func decodeQuotedPrintable(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "=") else {
                result.append(byte)
                index += 1
                continue
            }
            var next = index + 1
            // Soft line break, possibly after transport padding.
            while next < bytes.endIndex, bytes[next] == 32 || bytes[next] == 9 { next += 1 }
            if next < bytes.endIndex, bytes[next] == 13 || bytes[next] == 10 {
                if bytes[next] == 13, next + 1 < bytes.endIndex, bytes[next + 1] == 10 { next += 1 }
                index = next + 1
                continue
            }
            if index + 2 < bytes.endIndex, let high = hex(bytes[index + 1]), let low = hex(bytes[index + 2]) {
                result.append(high << 4 | low)
                index += 3
                continue
            }
            result.append(byte)
            index += 1
        }
        return result
    }

    private static func hex(_ byte: UInt8) -> UInt8? {
        switch byte {
        case 48...57: byte - 48
        case 65...70: byte - 55
        case 97...102: byte - 87
        default: nil
        }
    }

    private static func text(_ bytes: [UInt8], charset: String?) -> String {
        switch charset?.lowercased() {
        case "iso-8859-1", "latin1", "us-ascii", "windows-1252":
            return String(bytes.map { Character(Unicode.Scalar($0)) })
        default:
            return String(decoding: bytes, as: UTF8.self)
        }
    }

    /// A header value with RFC 2047 encoded words (`=?UTF-8?Q?…?=`, `=?UTF-8?B?…?=`) decoded;
    /// white space between two encoded words is dropped.
    static func decodeWords(_ value: String) -> String {
        guard value.contains("=?") else { return value }
        var result = ""
        var pendingSpace = ""
        var lastWasEncoded = false
        for token in value.split(separator: " ", omittingEmptySubsequences: false) {
            if let decoded = decodeWord(token) {
                if !lastWasEncoded { result += pendingSpace }
                result += decoded
                lastWasEncoded = true
            } else {
                result += pendingSpace + token
                lastWasEncoded = false
            }
            pendingSpace = " "
        }
        return result
    }

    private static func decodeWord(_ token: Substring) -> String? {
        guard token.hasPrefix("=?"), token.hasSuffix("?="), token.count > 6 else { return nil }
        let inner = token.dropFirst(2).dropLast(2).split(separator: "?", maxSplits: 2, omittingEmptySubsequences: false)
        guard inner.count == 3 else { return nil }
        let charset = inner[0].split(separator: "*").first.map(String.init)
        var bytes: [UInt8]
        switch inner[1].uppercased() {
        case "Q":
            bytes = []
            var index = inner[2].utf8.startIndex
            let utf8 = inner[2].utf8
            while index < utf8.endIndex {
                let byte = utf8[index]
                if byte == UInt8(ascii: "_") {
                    bytes.append(32)
                } else if byte == UInt8(ascii: "="), let a = utf8.index(index, offsetBy: 1, limitedBy: utf8.endIndex),
                    let b = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex), b < utf8.endIndex,
                    let high = hex(utf8[a]), let low = hex(utf8[b])
                {
                    bytes.append(high << 4 | low)
                    index = b
                } else {
                    bytes.append(byte)
                }
                index = utf8.index(after: index)
            }
        case "B":
            guard let data = Data(base64Encoded: String(inner[2])) else { return nil }
            bytes = [UInt8](data)
        default:
            return nil
        }
        return text(bytes, charset: charset)
    }

    /// An RFC 5322 date (`Sat, 20 Apr 2019 07:30:00 +0000`, the day name optional).
    static func parseDate(_ value: String) -> MailDate? {
        var words = value.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        if let first = words.first, first.hasSuffix(",") { words.removeFirst() }
        guard words.count >= 4, let dayNumber = Int(words[0]), let year = Int(words[2]) else { return nil }
        let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
        guard let month = months.firstIndex(of: words[1].lowercased()),
            let day = Day(year: year < 100 ? year + (year < 50 ? 2000 : 1900) : year, month: month + 1, day: dayNumber)
        else { return nil }
        let time = words[3].split(separator: ":").map { Int($0) }
        guard time.count >= 2, time.allSatisfy({ $0 != nil }) else { return nil }
        var seconds = time[0]! * 3600 + time[1]! * 60 + (time.count > 2 ? time[2]! : 0)
        if words.count > 4, let zone = Int(words[4]), words[4].count == 5 {
            let sign = zone < 0 ? -1 : 1
            let magnitude = abs(zone)
            seconds -= sign * ((magnitude / 100) * 3600 + (magnitude % 100) * 60)
        }
        return MailDate(secondsSinceEpoch: day.daysSinceEpoch * 86_400 + seconds)
    }
}

/// Why a message's body could not be read, before the path is known.
private struct MessageProblem: Error {
    let reason: String
}
