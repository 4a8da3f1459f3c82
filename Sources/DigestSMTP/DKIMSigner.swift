import Crypto
import DigestCore

/// Signs messages with DKIM (RFC 6376), relaxed/relaxed canonicalization, once per message:
/// the `DKIM-Signature` field goes on top and nothing may change the bytes afterwards.
package struct DKIMSigner: Sendable {
    /// The headers signed when present, in this order (RFC 8058 wants the last two signed).
    package static let signedHeaders = [
        "From", "To", "Subject", "Date", "Message-ID", "List-Id", "List-Unsubscribe", "List-Unsubscribe-Post",
    ]

    /// The signing domain (`d=`).
    package let domain: String
    /// The selector (`s=`): the record is at `selector._domainkey.domain`.
    package let selector: String
    /// The private key.
    package let key: DKIMKey

    /// Creates a signer.
    package init(domain: String, selector: String, key: DKIMKey) {
        self.domain = domain
        self.selector = selector
        self.key = key
    }

    /// The DNS name of the record.
    package var recordName: String { "\(selector)._domainkey.\(domain)" }

    /// The zone-file line for the record, the text split into strings of at most 255 bytes.
    package var zoneLine: String {
        var chunks: [String] = []
        var rest = Substring(key.recordText)
        while !rest.isEmpty {
            chunks.append(String(rest.prefix(255)))
            rest = rest.dropFirst(255)
        }
        return "\(recordName). IN TXT ( " + chunks.map { "\"\($0)\"" }.joined(separator: " ") + " )"
    }

    /// The message with a `DKIM-Signature` field in front. `message` has CRLF line endings.
    ///
    /// - Parameter time: the signing time, seconds since 1970 (`t=`).
    package func sign(_ message: [UInt8], time: Int) throws -> [UInt8] {
        let (fields, bodyStart) = DKIMCanonical.headerFields(of: message)
        let bodyHash = SHA256.hash(data: DKIMCanonical.relaxedBody(message[bodyStart...]))
        var signed: [String] = []
        var headerData: [UInt8] = []
        for name in DKIMSigner.signedHeaders {
            guard let field = fields.last(where: { $0.name.lowercased() == name.lowercased() }) else { continue }
            signed.append(name)
            headerData += DKIMCanonical.relaxedHeader(field.raw)
        }
        var names = "\th="
        var lineLength = 3
        for (index, name) in signed.enumerated() {
            let piece = name + (index == signed.count - 1 ? ";" : ":")
            if lineLength + piece.utf8.count > 76 {
                names += "\r\n\t "
                lineLength = 2
            }
            names += piece
            lineLength += piece.utf8.count
        }
        let head =
            "DKIM-Signature: v=1; a=\(key.algorithm); c=relaxed/relaxed;\r\n"
            + "\td=\(domain); s=\(selector); t=\(time);\r\n"
            + names + "\r\n"
            + "\tbh=\(Base64.encode(Array(bodyHash)));\r\n"
            + "\tb="
        var unsigned = DKIMCanonical.relaxedHeader(Array(head.utf8))
        unsigned.removeLast(2)  // The field being signed has no CRLF at the end (RFC 6376 §3.7).
        headerData += unsigned
        let signature = Base64.encode(try key.sign(headerData))
        var folded = ""
        var rest = Substring(signature)
        while !rest.isEmpty {
            if !folded.isEmpty { folded += "\r\n\t " }
            folded += rest.prefix(70)
            rest = rest.dropFirst(70)
        }
        return Array((head + folded + "\r\n").utf8) + message
    }
}

/// The relaxed canonical forms of RFC 6376 §3.4.2 and §3.4.4.
enum DKIMCanonical {
    /// Each header field's name and whole raw text (folded lines and final CRLF included),
    /// and where the body starts.
    static func headerFields(of message: [UInt8]) -> (fields: [(name: String, raw: ArraySlice<UInt8>)], bodyStart: Int)
    {
        var fields: [(name: String, raw: ArraySlice<UInt8>)] = []
        var index = 0
        var fieldStart = -1
        while index < message.count {
            let end = message[index...].firstIndex(of: 10).map { $0 + 1 } ?? message.count
            let line = message[index..<end]
            let isContinuation = line.first == 32 || line.first == 9
            let isBlank = line.count <= 2 && line.allSatisfy { $0 == 13 || $0 == 10 }
            if !isContinuation, fieldStart >= 0 {
                let raw = message[fieldStart..<index]
                let colon = raw.firstIndex(of: UInt8(ascii: ":")) ?? raw.endIndex
                fields.append((String(decoding: raw[..<colon], as: UTF8.self).trimmingSpaces(), raw))
                fieldStart = -1
            }
            if isBlank { return (fields, end) }
            if !isContinuation { fieldStart = index }
            index = end
        }
        if fieldStart >= 0 {
            let raw = message[fieldStart..<message.count]
            let colon = raw.firstIndex(of: UInt8(ascii: ":")) ?? raw.endIndex
            fields.append((String(decoding: raw[..<colon], as: UTF8.self).trimmingSpaces(), raw))
        }
        return (fields, message.count)
    }

    /// `name:value` CRLF: name lower-cased, line breaks of folding removed, runs of spaces
    /// and tabs made one space, none around the colon or at the end.
    static func relaxedHeader(_ raw: some Collection<UInt8>) -> [UInt8] {
        let bytes = Array(raw)
        let colon = bytes.firstIndex(of: UInt8(ascii: ":")) ?? bytes.count
        var output = Array(String(decoding: bytes[..<colon], as: UTF8.self).trimmingSpaces().lowercased().utf8)
        output.append(UInt8(ascii: ":"))
        var value: [UInt8] = []
        var pendingSpace = false
        for byte in bytes[min(colon + 1, bytes.count)...] where byte != 13 && byte != 10 {
            if byte == 32 || byte == 9 {
                pendingSpace = true
            } else {
                if pendingSpace, !value.isEmpty { value.append(32) }
                pendingSpace = false
                value.append(byte)
            }
        }
        return output + value + [13, 10]
    }

    /// The body with runs of spaces and tabs made one space, none at line ends, no empty
    /// lines at the end, and a final CRLF when it is not empty.
    static func relaxedBody(_ body: ArraySlice<UInt8>) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(body.count)
        var pendingSpace = false
        var emptyLines = 0
        var lineHasText = false
        var index = body.startIndex
        while index < body.endIndex {
            let byte = body[index]
            if byte == 13, index + 1 < body.endIndex, body[index + 1] == 10 {
                pendingSpace = false
                if lineHasText {
                    output += [13, 10]
                } else {
                    emptyLines += 1
                }
                lineHasText = false
                index += 2
                continue
            }
            if byte == 32 || byte == 9 {
                pendingSpace = true
            } else {
                if !lineHasText {
                    for _ in 0..<emptyLines { output += [13, 10] }
                    emptyLines = 0
                }
                if pendingSpace { output.append(32) }
                pendingSpace = false
                lineHasText = true
                output.append(byte)
            }
            index += 1
        }
        if lineHasText { output += [13, 10] }
        return output
    }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        String(drop { $0 == " " || $0 == "\t" }.reversed().drop { $0 == " " || $0 == "\t" }.reversed())
    }
}
