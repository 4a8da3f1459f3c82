import Foundation

/// A MIME entity read back from bytes: a whole message or one of its parts.
///
/// A small reader for checking messages, ours or anyone's: header fields unfolded, the
/// content type and its parameters, multipart bodies split at their boundary (nested
/// parts too), and the body decoded from quoted-printable or base64. Lines may end in CRLF
/// or LF.
package struct MIMEEntity: Sendable {
    /// The header fields in order, values unfolded.
    package let fields: [(name: String, value: String)]
    /// The header lines as written (folded), without line endings.
    package let headerLines: [ArraySlice<UInt8>]
    /// The body as written, before any transfer decoding.
    package let body: ArraySlice<UInt8>
    /// For a multipart entity, its parts in order; empty otherwise.
    package let parts: [MIMEEntity]

    /// Reads an entity from `bytes`.
    package init(_ bytes: some Collection<UInt8>) {
        self.init(slice: ArraySlice(bytes), depth: 0)
    }

    private init(slice bytes: ArraySlice<UInt8>, depth: Int) {
        var headerLines: [ArraySlice<UInt8>] = []
        var index = bytes.startIndex
        var bodyStart = bytes.endIndex
        while index < bytes.endIndex {
            let end = ByteLines.lineFeed(in: bytes, from: index) ?? bytes.endIndex
            var line = bytes[index..<end]
            if line.last == 13 { line = line.dropLast() }
            index = min(end + 1, bytes.endIndex)
            if line.isEmpty {
                bodyStart = index
                break
            }
            headerLines.append(line)
        }
        self.headerLines = headerLines
        self.fields = HeaderReader.fields(in: Array(bytes[bytes.startIndex..<bodyStart]))
        self.body = bytes[bodyStart...]
        var parts: [MIMEEntity] = []
        let type = HeaderParameters(Self.value(of: "Content-Type", in: fields) ?? "text/plain")
        if type.value.hasPrefix("multipart/"), let boundary = type.parameters["boundary"], depth < 20 {
            for part in Self.split(body, boundary: Array(("--" + boundary).utf8)) {
                parts.append(MIMEEntity(slice: part, depth: depth + 1))
            }
        }
        self.parts = parts
    }

    /// The unfolded value of the first field called `name` (case-insensitive), or nil.
    package func value(of name: String) -> String? {
        Self.value(of: name, in: fields)
    }

    /// Every value of the fields called `name`.
    package func values(of name: String) -> [String] {
        fields.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The content type, lower-cased (`text/plain` when the header is missing), and its parameters.
    package var contentType: HeaderParameters {
        HeaderParameters(value(of: "Content-Type") ?? "text/plain")
    }

    /// The transfer encoding, lower-cased (`7bit` when missing).
    package var transferEncoding: String {
        (value(of: "Content-Transfer-Encoding") ?? "7bit").lowercased()
    }

    /// Whether this is a multipart entity.
    package var isMultipart: Bool { contentType.value.hasPrefix("multipart/") }

    /// Every leaf part, depth first; the entity itself when it is not multipart.
    package var leaves: [MIMEEntity] {
        isMultipart ? parts.flatMap(\.leaves) : [self]
    }

    /// The body's bytes after transfer decoding.
    package var decodedBody: [UInt8] {
        switch transferEncoding {
        case "quoted-printable": TransferDecoding.quotedPrintable(body)
        case "base64": TransferDecoding.base64(body)
        default: Array(body)
        }
    }

    /// The decoded body as text: UTF-8 (or ASCII), else ISO-8859-1, line endings as LF.
    package var text: String {
        String(decoding: textBytes, as: UTF8.self)
    }

    /// The decoded body as UTF-8 bytes, CRLF as LF (an ISO-8859-1 or windows-1252 body is
    /// converted byte for byte).
    var textBytes: [UInt8] {
        Self.textBytes(decodedBody: decodedBody, charset: contentType.parameters["charset"])
    }

    /// `decodedBody` as UTF-8 bytes with CRLF as LF.
    static func textBytes(decodedBody bytes: [UInt8], charset: String?) -> [UInt8] {
        let charset = charset?.lowercased() ?? "us-ascii"
        let latin1 = charset == "iso-8859-1" || charset == "latin1" || charset == "windows-1252"
        let hasCR = bytes.withUnsafeBufferPointer { System.firstIndex(of: 13, in: $0) } != nil
        guard latin1 || hasCR else { return bytes }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        bytes.withUnsafeBufferPointer { bytes in
            for index in 0..<bytes.count {
                let byte = bytes[index]
                if byte == 13, index + 1 < bytes.count, bytes[index + 1] == 10 { continue }
                if latin1, byte >= 0x80 {
                    output.append(0xC0 | byte >> 6)
                    output.append(0x80 | byte & 0x3F)
                } else {
                    output.append(byte)
                }
            }
        }
        return output
    }

    private static func value(of name: String, in fields: [(name: String, value: String)]) -> String? {
        fields.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The parts between `--boundary` lines, up to `--boundary--`.
    private static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>] {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var index = body.startIndex
        while index < body.endIndex {
            let end = ByteLines.lineFeed(in: body, from: index) ?? body.endIndex
            // Only a line that starts with `--` can be a boundary.
            guard body[index] == UInt8(ascii: "-") else {
                index = end + 1
                continue
            }
            var line = body[index..<end]
            if line.last == 13 { line = line.dropLast() }
            while line.last == 32 || line.last == 9 { line = line.dropLast() }
            if line.starts(with: boundary) {
                let rest = line.dropFirst(boundary.count)
                if rest.isEmpty || rest.elementsEqual("--".utf8) {
                    if let start = partStart {
                        // The line ending before the boundary belongs to the boundary.
                        var stop = index
                        if stop > start, body[stop - 1] == 10 { stop -= 1 }
                        if stop > start, body[stop - 1] == 13 { stop -= 1 }
                        parts.append(body[start..<stop])
                    }
                    if !rest.isEmpty { return parts }
                    partStart = min(end + 1, body.endIndex)
                }
            }
            index = end + 1
        }
        return parts
    }
}

/// A header value with parameters: `text/plain; charset="utf-8"`.
package struct HeaderParameters: Sendable {
    /// The value before the first `;`, lower-cased and trimmed.
    package let value: String
    /// The parameters, names lower-cased, quotes removed.
    package let parameters: [String: String]

    /// Parses `text`.
    package init(_ text: String) {
        var pieces: [String] = []
        var current = ""
        var quoted = false
        for character in text {
            if character == "\"" { quoted.toggle() }
            if character == ";" && !quoted {
                pieces.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        pieces.append(current)
        value = pieces[0].trimmingCharacters(in: .whitespaces).lowercased()
        var parameters: [String: String] = [:]
        for piece in pieces.dropFirst() {
            guard let equals = piece.firstIndex(of: "=") else { continue }
            let name = piece[..<equals].trimmingCharacters(in: .whitespaces).lowercased()
            var parameter = piece[piece.index(after: equals)...].trimmingCharacters(in: .whitespaces)
            if parameter.count >= 2, parameter.hasPrefix("\""), parameter.hasSuffix("\"") {
                parameter = String(parameter.dropFirst().dropLast())
            }
            parameters[name] = parameter
        }
        self.parameters = parameters
    }
}
