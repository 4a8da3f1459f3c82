import Foundation

/// Base64 (RFC 4648) without line breaks, for AUTH and DKIM.
enum Base64 {
    /// The Base64 text of `bytes`.
    static func encode(_ bytes: some Collection<UInt8>) -> String {
        Data(bytes).base64EncodedString()
    }
}
