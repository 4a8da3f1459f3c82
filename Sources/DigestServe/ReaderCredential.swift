import DigestCore

/// The reader an unsubscribe link names, once its token is checked: the address and token
/// come from the query of the link the build made (`?email=…&token=…`).
struct ReaderCredential: Sendable, Equatable {
    /// The address, lower-cased, as the token was made for it.
    let address: String
    /// The token as given, to build the next page's form with.
    let token: String

    /// The longest address accepted (RFC 5321's path limit).
    static let maximumAddressLength = 254

    /// The checked credential of `query`, or nil when the address or token is missing,
    /// malformed, or the token is not the one for the address (compared in constant time).
    init?(query: QueryParameters?, tokens: UnsubscribeToken) {
        guard let query, let email = query["email"], let token = query["token"],
            !email.isEmpty, email.utf8.count <= Self.maximumAddressLength, token.utf8.count <= 64,
            email.unicodeScalars.allSatisfy({
                $0.value > 0x20 && $0.value != 0x7F && !"<>\"(),;:\\[]".unicodeScalars.contains($0)
            }),
            email.split(separator: "@", omittingEmptySubsequences: false).count == 2,
            tokens.verify(token, for: email)
        else { return nil }
        self.address = email.lowercased()
        self.token = token
    }

    /// The query string that names this reader again, percent-encoded.
    var query: String {
        "email=\(Self.encode(address))&token=\(Self.encode(token))"
    }

    private static func encode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                result += "%" + String(decoding: [hex[Int(byte >> 4)], hex[Int(byte & 15)]], as: UTF8.self)
            }
        }
        return result
    }
}
